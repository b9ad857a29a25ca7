package dev.patientportal.jpa;

import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.auth.spi.RateLimitStore;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.GrantStatus;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.ContentStore;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.internal.JpaAuditSink;
import dev.patientportal.jpa.testing.DatabaseExtension;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.SmsUsageLedger;
import dev.patientportal.tck.AccessGrantStoreContract;
import dev.patientportal.tck.AuditSinkContract;
import dev.patientportal.tck.ChallengeStoreContract;
import dev.patientportal.tck.ContentStoreContract;
import dev.patientportal.tck.DeviceRegistryContract;
import dev.patientportal.tck.DocumentStoreContract;
import dev.patientportal.tck.LockoutStoreContract;
import dev.patientportal.tck.RateLimitStoreContract;
import dev.patientportal.tck.SessionStoreContract;
import dev.patientportal.tck.SmsUsageLedgerContract;
import dev.patientportal.tck.TransactionRunnerContract;
import dev.patientportal.testkit.TestPatients;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The contracts of portal-tck, passed by {@link JpaStores}, {@link JpaAuthStores}, {@link JpaNotifyStores} and
 * {@link ResourceLocalTransactionRunner} on one database with Flyway's schema; a subclass per database names it.
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

    private JpaAuthStores authStores() {
        return JpaAuthStores.create(db().runner());
    }

    private JpaNotifyStores notifyStores() {
        return JpaNotifyStores.create(db().runner());
    }

    @Nested
    @DisplayName("access grants")
    class Grants extends AccessGrantStoreContract {
        @Override
        protected AccessGrantStore subject() {
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
        protected DocumentStore subject() {
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
        protected ContentStore subject() {
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
        protected AuditSink subject() {
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

    @Nested
    @DisplayName("login challenges")
    class Challenges extends ChallengeStoreContract {
        @Override
        protected ChallengeStore subject() {
            return authStores().challenges();
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    @Nested
    @DisplayName("sessions")
    class Sessions extends SessionStoreContract {
        @Override
        protected SessionStore subject() {
            return authStores().sessions();
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    @Nested
    @DisplayName("lockout counters")
    class Lockouts extends LockoutStoreContract {
        @Override
        protected LockoutStore subject() {
            return authStores().lockouts();
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    @Nested
    @DisplayName("send limits")
    class RateLimits extends RateLimitStoreContract {
        @Override
        protected RateLimitStore subject() {
            return authStores().rateLimits();
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
        protected DeviceRegistry subject() {
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
        protected SmsUsageLedger subject() {
            return notifyStores().smsUsage();
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    /** The transactional resource is the grant table: a marker is a grant whose patient id is the marker. */
    @Nested
    @DisplayName("the resource-local transaction runner")
    class Runner extends TransactionRunnerContract {
        private final InstitutionId clinic = InstitutionId.of("runner-" + UUID.randomUUID());

        @Override
        protected TransactionRunner subject() {
            return db().runner();
        }

        @Override
        protected void writeMarker(String marker) {
            PatientProfile p = TestPatients.next(clinic, PatientId.of(marker));
            Instant now = Instant.parse("2026-11-30T00:00:00Z");
            stores().grants()
                    .insert(new AccessGrant(
                            clinic,
                            p.patient(),
                            LoginIdentity.tajAndPhone(p.taj(), p.phone()),
                            false,
                            GrantStatus.ACTIVE,
                            null,
                            1,
                            now,
                            now,
                            StaffId.of("runner-contract")));
        }

        @Override
        protected boolean isCommitted(String marker) {
            return db().runner()
                    .inTransaction(() ->
                            stores().grants().find(clinic, PatientId.of(marker)).isPresent());
        }
    }
}
