package dev.patientportal.jpa;

import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.internal.JpaAuditSink;
import dev.patientportal.jpa.testing.DatabaseExtension;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.testkit.contract.AccessGrantStoreContract;
import dev.patientportal.testkit.contract.AuditSinkContract;
import dev.patientportal.testkit.contract.ContentStoreContract;
import dev.patientportal.testkit.contract.DocumentStoreContract;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** portal-testkit's store contracts, passed by {@link JpaStores} on H2 with Flyway's schema. */
@DisplayName("JPA stores on H2 pass the store contracts")
class H2StoreContractsTest {
    @RegisterExtension
    static final DatabaseExtension DB = new DatabaseExtension(DatabaseKind.H2);

    private static JpaStores stores() {
        return JpaStores.create(DB.runner());
    }

    @Nested
    @DisplayName("access grants")
    class Grants extends AccessGrantStoreContract {
        @Override
        protected AccessGrantStore createStore() {
            return stores().grants();
        }

        @Override
        protected TransactionRunner transactions() {
            return DB.runner();
        }
    }

    @Nested
    @DisplayName("documents")
    class Documents extends DocumentStoreContract {
        @Override
        protected DocumentStore createStore() {
            return stores().documents();
        }

        @Override
        protected TransactionRunner transactions() {
            return DB.runner();
        }
    }

    @Nested
    @DisplayName("content")
    class Content extends ContentStoreContract {
        @Override
        protected ContentStore createStore() {
            return stores().content();
        }

        @Override
        protected TransactionRunner transactions() {
            return DB.runner();
        }
    }

    @Nested
    @DisplayName("audit")
    class Audit extends AuditSinkContract {
        @Override
        protected AuditSink createSink() {
            return stores().audit();
        }

        @Override
        protected List<AuditEvent> recorded(InstitutionId institution) {
            return JpaAuditSink.read(DB.runner().currentEntityManager(), institution, 10_000);
        }

        @Override
        protected TransactionRunner transactions() {
            return DB.runner();
        }
    }
}
