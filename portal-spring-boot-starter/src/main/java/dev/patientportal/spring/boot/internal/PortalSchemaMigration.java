package dev.patientportal.spring.boot.internal;

import dev.patientportal.jpa.PortalMigrations;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies the portal's Flyway migrations to the application's data source ({@link PortalMigrations#migrate}): its own
 * locations ({@code db/portal-migration/<vendor>}) and history table ({@code portal_schema_history}), baselined at 0,
 * so it never touches the host's migrations. The auto-configuration makes it wait for the host's Boot-managed Flyway
 * (whose first migration wants an empty schema) and makes the entity manager factory wait for it.
 */
public final class PortalSchemaMigration implements InitializingBean {
    private static final Logger LOG = LoggerFactory.getLogger(PortalSchemaMigration.class);

    private final DataSource dataSource;
    private int applied = -1;

    /**
     * Migrates a data source when initialised.
     *
     * @param dataSource the application's data source
     */
    public PortalSchemaMigration(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public void afterPropertiesSet() {
        applied = PortalMigrations.migrate(dataSource);
        LOG.info("Patient Portal schema migrated: {} migrations applied", applied);
    }

    /**
     * Tells how many migrations the start applied.
     *
     * @return the count, or -1 before the start
     */
    public int applied() {
        return applied;
    }
}
