package dev.patientportal.spring.boot.internal;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Hides {@code db/migration/portal/**} from the host's Boot-managed Flyway, whose default location
 * {@code classpath:db/migration} is scanned recursively and would find the portal's scripts of every vendor. Active
 * whenever the starter and Boot's Flyway are on the class path, {@code portal.enabled} or not: the scripts are there
 * either way. The portal applies them itself, with its own history table.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnClass(
        name = {
            "org.flywaydb.core.Flyway",
            "org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer"
        })
public class PortalScriptsHiddenAutoConfiguration {
    /** For Spring. */
    public PortalScriptsHiddenAutoConfiguration() {}

    /**
     * Filters the host's Flyway resources.
     *
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean(name = "portalScriptsHiddenFromHostFlyway")
    public FlywayConfigurationCustomizer portalScriptsHiddenFromHostFlyway() {
        return HostFlywayFilter::apply;
    }
}
