package dev.patientportal.jpa;

import dev.patientportal.jpa.testing.DatabaseExtension;
import dev.patientportal.jpa.testing.DatabaseKind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("JPA stores on H2 pass the store contracts of core, auth and notify")
class H2StoreContractsTest extends StoreContractsOnDatabase {
    @RegisterExtension
    static final DatabaseExtension DB = new DatabaseExtension(DatabaseKind.H2);

    @Override
    DatabaseExtension db() {
        return DB;
    }
}
