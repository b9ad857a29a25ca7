package dev.patientportal.jpa;

import dev.patientportal.auth.contract.ChallengeStoreContract;
import dev.patientportal.auth.contract.LockoutStoreContract;
import dev.patientportal.auth.contract.RateLimitStoreContract;
import dev.patientportal.auth.contract.SessionStoreContract;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.internal.JpaAuditSink;
import dev.patientportal.jpa.testing.DatabaseExtension;
import dev.patientportal.notify.contract.DeviceRegistryContract;
import dev.patientportal.notify.contract.SmsUsageLedgerContract;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.SmsUsageLedger;
import dev.patientportal.testkit.contract.AccessGrantStoreContract;
import dev.patientportal.testkit.contract.AuditSinkContract;
import dev.patientportal.testkit.contract.ContentStoreContract;
import dev.patientportal.testkit.contract.DocumentStoreContract;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The store contracts of portal-testkit, portal-auth and portal-notify, passed by {@link JpaStores},
 * {@link JpaAuthStores} and {@link JpaNotifyStores} on one database with Flyway's schema; a subclass per database names it.
 */
abstract class StoreContractsOnDatabase {
    /**
     * Returns the database of the concrete test class.
     *
     * @return the database
     */
    abstract DatabaseExtension db();

    private JpaStores stores() {
        return JpaStores.create(db().runner());
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
            return db().runner();
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
            return db().runner();
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
            return db().runner();
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
            return JpaAuditSink.read(db().runner().currentEntityManager(), institution, 10_000);
        }

        @Override
        protected TransactionRunner transactions() {
            return db().runner();
        }
    }

    private JpaAuthStores authStores() {
        return JpaAuthStores.create(db().runner());
    }

    private JpaNotifyStores notifyStores() {
        return JpaNotifyStores.create(db().runner());
    }

    @Nested
    @DisplayName("login challenges")
    class Challenges extends ChallengeStoreContract {
        private final ChallengeStore store = authStores().challenges();

        @Override
        protected ChallengeStore store() {
            return store;
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    @Nested
    @DisplayName("sessions")
    class Sessions extends SessionStoreContract {
        private final SessionStore store = authStores().sessions();

        @Override
        protected SessionStore store() {
            return store;
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    @Nested
    @DisplayName("lockout counters")
    class Lockouts extends LockoutStoreContract {
        private final LockoutStore store = authStores().lockouts();

        @Override
        protected LockoutStore store() {
            return store;
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    @Nested
    @DisplayName("send limits")
    class RateLimits extends RateLimitStoreContract {
        private final RateLimitStore store = authStores().rateLimits();

        @Override
        protected RateLimitStore store() {
            return store;
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    @Nested
    @DisplayName("push devices")
    class Devices extends DeviceRegistryContract {
        @Override
        protected DeviceRegistry createRegistry() {
            return notifyStores().devices();
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    @Nested
    @DisplayName("SMS usage ledger")
    class SmsLedger extends SmsUsageLedgerContract {
        @Override
        protected SmsUsageLedger createLedger() {
            return notifyStores().smsUsage();
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    @Nested
    @DisplayName("the resource-local transaction runner")
    class Runner extends dev.patientportal.jpa.testing.JpaRunnerContract {
        @Override
        protected dev.patientportal.jpa.testing.DatabaseExtension db() {
            return StoreContractsOnDatabase.this.db();
        }
    }
}
