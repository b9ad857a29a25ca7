package dev.patientportal.jpa;

import dev.patientportal.jpa.testing.DatabaseExtension;
import dev.patientportal.jpa.testing.DatabaseKind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("JPA stores on MariaDB pass the store contracts of core, auth and notify")
class MariaDbStoreContractsTest extends StoreContractsOnDatabase {
    @RegisterExtension
    static final DatabaseExtension DB = new DatabaseExtension(DatabaseKind.MARIADB);

    @Override
    DatabaseExtension db() {
        return DB;
    }
}
