package dev.patientportal.jpa;

import dev.patientportal.jpa.testing.DatabaseExtension;
import dev.patientportal.jpa.testing.DatabaseKind;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("The audit trail on MariaDB")
class MariaDbAuditTrailTest extends AuditTrailOnDatabase {
    @RegisterExtension
    static final DatabaseExtension DB = new DatabaseExtension(DatabaseKind.MARIADB);

    @Override
    DatabaseExtension db() {
        return DB;
    }
}
