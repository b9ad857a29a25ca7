package dev.patientportal.jpa;

import dev.patientportal.jpa.testing.DatabaseExtension;
import dev.patientportal.jpa.testing.DatabaseKind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("JPA stores on PostgreSQL pass the store contracts of core, auth and notify")
class PostgresStoreContractsTest extends StoreContractsOnDatabase {
    @RegisterExtension
    static final DatabaseExtension DB = new DatabaseExtension(DatabaseKind.POSTGRESQL);

    @Override
    DatabaseExtension db() {
        return DB;
    }
}
