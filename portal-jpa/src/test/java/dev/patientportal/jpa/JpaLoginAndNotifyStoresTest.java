package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Factor;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.FailureRecord;
import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.auth.spi.StoredCode;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.jpa.testing.BoundedRunner;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.TestDatabase;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.testkit.Race;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the contracts do not cover, per database: clean-up of expired login state, counters that keep counting while
 * resets delete their rows, and registrations racing removals.
 */
class JpaLoginAndNotifyStoresTest {
    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

    /** Runs the task on real threads released at once, and fails when one of them threw. */
    private static void race(int threads, IntConsumer task) {
        List<Race.Outcome<Void>> outcomes = Race.run(threads, i -> () -> {
            task.accept(i);
            return null;
        });
        assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
    }

    private static ChallengeRecord challenge(Instant expiresAt) {
        StoredCode code = new StoredCode("k1", new byte[32], 1, expiresAt, false, "dest-" + UUID.randomUUID());
        return new ChallengeRecord(
                UUID.randomUUID().toString().substring(0, 22),
                InstitutionId.of("inst-purge"),
                PatientId.of("p-purge"),
                1,
                "id-" + UUID.randomUUID(),
                Map.of(Factor.SMS, code),
                5,
                0,
                expiresAt.minus(Duration.ofMinutes(15)),
                expiresAt,
                expiresAt,
                false);
    }

    private static SessionRecord session(Instant absoluteExpiry) {
        byte[] hash = new byte[32];
        new java.security.SecureRandom().nextBytes(hash);
        return new SessionRecord(
                UUID.randomUUID().toString().substring(0, 22),
                hash,
                InstitutionId.of("inst-purge"),
                PatientId.of("p-purge"),
                absoluteExpiry.minus(Duration.ofHours(12)),
                absoluteExpiry.minus(Duration.ofHours(12)),
                absoluteExpiry);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName(
            "purgeExpired deletes expired challenges (with codes), sessions, buckets and old lockouts, nothing else")
    void purgeExpired_deletesOnlyWhatExpired(DatabaseKind kind) {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaAuthStores stores = JpaAuthStores.create(tx);
            ChallengeRecord expired = challenge(NOW.minusSeconds(1));
            ChallengeRecord live = challenge(NOW.plusSeconds(60));
            SessionRecord ended = session(NOW.minusSeconds(1));
            SessionRecord running = session(NOW.plusSeconds(60));
            tx.inTransaction(() -> {
                stores.challenges().insert(expired);
                stores.challenges().insert(live);
                stores.sessions().insert(ended);
                stores.sessions().insert(running);
                stores.rateLimits().increment("phone:old:h:1", NOW.minusSeconds(1));
                stores.rateLimits().increment("phone:new:h:2", NOW.plusSeconds(60));
                stores.lockouts().recordFailure("old-identity", NOW.minus(Duration.ofHours(25)));
                stores.lockouts().recordFailure("recent-identity", NOW.minus(Duration.ofHours(1)));
                return null;
            });

            int deleted = tx.inTransaction(() -> stores.purgeExpired(NOW));

            assertThat(deleted).isEqualTo(4);
            tx.inTransaction(() -> {
                assertThat(stores.challenges().find(expired.id())).isEmpty();
                assertThat(stores.challenges().find(live.id())).contains(live);
                assertThat(stores.sessions().findByTokenHash(ended.tokenHash())).isEmpty();
                assertThat(stores.sessions().findByTokenHash(running.tokenHash()))
                        .contains(running);
                assertThat(stores.rateLimits().increment("phone:old:h:1", NOW)).isEqualTo(1);
                assertThat(stores.rateLimits().increment("phone:new:h:2", NOW)).isEqualTo(2);
                assertThat(stores.lockouts().find("old-identity")).isEmpty();
                assertThat(stores.lockouts().find("recent-identity")).isPresent();
                Long codes = tx.currentEntityManager()
                        .createQuery("SELECT COUNT(k) FROM PortalLoginChallengeCode k", Long.class)
                        .getSingleResult();
                assertThat(codes).isEqualTo(1);
                return null;
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("failures keep being counted while resets clear the counter at the same time")
    void failuresAndResets_race(DatabaseKind kind) {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            BoundedRunner tx =
                    new BoundedRunner(ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(12)), 10);
            JpaAuthStores stores = JpaAuthStores.create(tx);
            String key = "identity-" + UUID.randomUUID();
            List<FailureRecord> counted = java.util.Collections.synchronizedList(new ArrayList<>());

            race(40, i -> {
                for (int n = 0; n < 5; n++) {
                    if (i % 4 == 0) {
                        tx.inTransaction(() -> {
                            stores.lockouts().reset(key);
                            return null;
                        });
                    } else {
                        counted.add(tx.inTransaction(() -> stores.lockouts().recordFailure(key, NOW)));
                    }
                }
            });

            assertThat(counted)
                    .hasSize(150)
                    .allSatisfy(r -> assertThat(r.consecutiveFailures()).isPositive());
            tx.inTransaction(() -> {
                stores.lockouts().reset(key);
                return null;
            });
            assertThat(tx.inTransaction(() -> stores.lockouts().recordFailure(key, NOW))
                            .consecutiveFailures())
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("a token registered while it is being removed ends registered or removed, never half of each")
    void registrationsAndRemovals_race(DatabaseKind kind) {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            BoundedRunner tx =
                    new BoundedRunner(ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(12)), 10);
            JpaNotifyStores stores = JpaNotifyStores.create(tx);
            InstitutionId clinic = InstitutionId.of("inst-devices");
            PushToken token = PushToken.of("tok-" + UUID.randomUUID());
            List<PatientId> patients = List.of(PatientId.of("p-a"), PatientId.of("p-b"));

            race(20, i -> {
                for (int n = 0; n < 5; n++) {
                    tx.inTransaction(() -> {
                        if (i % 3 == 0) {
                            stores.devices().removeToken(clinic, "app", token);
                        } else {
                            stores.devices().register(clinic, patients.get(i % 2), "app", token);
                        }
                        return null;
                    });
                }
            });
            tx.inTransaction(() -> {
                stores.devices().register(clinic, patients.get(0), "app", token);
                return null;
            });

            assertThat(tx.inTransaction(() -> stores.devices().tokens(clinic, patients.get(0), "app")))
                    .containsExactly(token);
            assertThat(tx.inTransaction(() -> stores.devices().tokens(clinic, patients.get(1), "app")))
                    .isEmpty();
            Optional<Long> rows = Optional.ofNullable(tx.inTransaction(() -> tx.currentEntityManager()
                    .createQuery("SELECT COUNT(d) FROM PortalPushDevice d", Long.class)
                    .getSingleResult()));
            assertThat(rows).contains(1L);
        }
    }
}
