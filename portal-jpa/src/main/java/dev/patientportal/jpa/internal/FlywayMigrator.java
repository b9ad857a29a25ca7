package dev.patientportal.jpa.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The only class that touches Flyway (an optional dependency), loaded only when a host asks to migrate. */
public final class FlywayMigrator {
    private FlywayMigrator() {}

    /**
     * Migrates.
     *
     * @param dataSource the database
     * @param location the scripts' location
     * @param table the history table
     * @return how many migrations ran
     */
    public static int migrate(DataSource dataSource, String location, String table) {
        return Flyway.configure(FlywayMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations(location)
                .table(table)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
