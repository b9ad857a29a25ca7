package dev.patientportal.spring.boot.internal;

import dev.patientportal.jpa.PortalMigrations;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.scanner.Scanner;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the portal's scripts out of the host's Boot-managed Flyway. Boot's default location
 * {@code classpath:db/migration} is scanned recursively, so it would find {@code db/migration/portal/<vendor>/V1__core.sql}
 * of every vendor and fail ("more than one migration with version 1"); the portal runs them itself, in a history table
 * of its own. The host's resource provider (Flyway's class path scanner unless the host set one) answers as before,
 * less everything under {@value PortalMigrations#BASE_LOCATION}.
 */
public final class HostFlywayFilter implements ResourceProvider {
    private final Supplier<ResourceProvider> delegate;
    private @Nullable ResourceProvider resolved;

    private HostFlywayFilter(Supplier<ResourceProvider> delegate) {
        this.delegate = delegate;
    }

    /**
     * Filters the resources of a host's Flyway configuration, as Boot's {@code FlywayConfigurationCustomizer}.
     *
     * @param configuration the host's configuration, its locations already set
     */
    public static void apply(FluentConfiguration configuration) {
        ResourceProvider own = configuration.getResourceProvider();
        configuration.resourceProvider(new HostFlywayFilter(() ->
                own != null ? own : new Scanner<>(JavaMigration.class, configuration, configuration.getLocations())));
    }

    private synchronized ResourceProvider provider() {
        ResourceProvider p = resolved;
        if (p == null) {
            p = delegate.get();
            resolved = p;
        }
        return p;
    }

    static boolean isPortals(@Nullable LoadableResource resource) {
        if (resource == null) {
            return false;
        }
        String path = resource.getAbsolutePath().replace('\\', '/').toLowerCase(Locale.ROOT);
        return path.startsWith(PortalMigrations.BASE_LOCATION + "/")
                || path.contains("/" + PortalMigrations.BASE_LOCATION + "/");
    }

    @Override
    public @Nullable LoadableResource getResource(String name) {
        LoadableResource r = provider().getResource(name);
        return isPortals(r) ? null : r;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        List<LoadableResource> all = List.copyOf(provider().getResources(prefix, suffixes));
        return all.stream().filter(r -> !isPortals(r)).toList();
    }
}
