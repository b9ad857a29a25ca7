package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.GrantStatus;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.TajNumber;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.TestDatabase;
import dev.patientportal.jpa.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 12, defect 6: the grant table's {@code active_identity_key} is a keyed pseudonym (not reproducible without the
 * pseudonym key), still unique per identity on every database, re-keyed from the unkeyed SHA-256 of before V8, and a
 * constraint violation's text (constraint name, values) never reaches the {@link PortalException}'s message. Since
 * V10 the identity itself is sealed, never in clear (issue 14), and a rotation needs the previous key to open it.
 */
class GrantIdentityIndexTest {
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-idx");
    private static final StaffId STAFF = StaffId.of("staff-1");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final LoginIdentity IDENTITY =
            LoginIdentity.tajAndPhone(TajNumber.parse("123456788"), PhoneNumber.parse("+36201234567"));

    private static AccessGrant grant(String patient, LoginIdentity identity) {
        return new AccessGrant(
                CLINIC, PatientId.of(patient), identity, false, GrantStatus.ACTIVE, null, 1, NOW, NOW, STAFF);
    }

    private static String column(TestDatabase db, String patient) throws Exception {
        return query(db, "SELECT active_identity_key FROM portal_access_grant WHERE patient_id = ?", patient);
    }

    /** What the column held before V8: SHA-256 (hex) of method, TAJ or e-mail, and phone. */
    private static String unkeyed(LoginIdentity identity) throws Exception {
        String canonical = identity.method().name()
                + '\n'
                + identity.taj().digits()
                + '\n'
                + identity.phone().e164();
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("the column is a keyed pseudonym: another key gives another value, and no unkeyed hash matches it")
    void columnIsKeyed(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaStores a = JpaStores.create(tx).withPseudonymKey(TestKeys.PSEUDONYMS);
            tx.inTransaction(() -> {
                a.grants().insert(grant("p-a", IDENTITY));
                return null;
            });
            String underA = column(db, "p-a");
            try (TestDatabase other = TestDatabase.create(kind)) {
                ResourceLocalTransactionRunner tx2 =
                        ResourceLocalTransactionRunner.create(other.openEntityManagerFactory(2));
                JpaStores b = JpaStores.create(tx2).withPseudonymKey(TestKeys.OTHER);
                tx2.inTransaction(() -> {
                    b.grants().insert(grant("p-a", IDENTITY));
                    return null;
                });
                assertThat(column(other, "p-a"))
                        .as("the same identity under another key")
                        .isNotEqualTo(underA);
            }
            assertThat(underA)
                    .isEqualTo(TestKeys.PSEUDONYMS.identity(CLINIC, IDENTITY))
                    .isNotEqualTo(unkeyed(IDENTITY))
                    .doesNotContain("123456788")
                    .doesNotContain("36201234567");
            assertThat(tx.inTransaction(() -> a.grants().findActiveByIdentity(CLINIC, IDENTITY)))
                    .isPresent();
            assertThat(tx.inTransaction(() -> JpaStores.create(tx)
                            .withPseudonymKey(TestKeys.OTHER)
                            .grants()
                            .findActiveByIdentity(CLINIC, IDENTITY)))
                    .as("a node with another key does not find it")
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("one active grant per identity holds: by the store, and by the database's own constraint")
    void activeIdentityStaysUnique(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaStores stores = JpaStores.create(tx).withPseudonymKey(TestKeys.PSEUDONYMS);
            tx.inTransaction(() -> {
                stores.grants().insert(grant("p-1", IDENTITY));
                return null;
            });
            assertThatThrownBy(() -> tx.inTransaction(() -> {
                        stores.grants().insert(grant("p-2", IDENTITY));
                        return null;
                    }))
                    .isInstanceOf(ConflictException.class);
            String value = column(db, "p-1");
            assertThatThrownBy(() -> db.execute("INSERT INTO portal_access_grant (institution_id, patient_id,"
                            + " access_method, phone_e164, taj, active_identity_key, sms_notifications, status, version,"
                            + " created_at, updated_at, updated_by) VALUES ('" + CLINIC.value()
                            + "', 'p-3', 'TAJ_AND_PHONE',"
                            + " '+36201234567', '123456788', '" + value + "', FALSE, 'ACTIVE', 1, CURRENT_TIMESTAMP,"
                            + " CURRENT_TIMESTAMP, 'x')"))
                    .as("the unique constraint itself")
                    .cause()
                    .isInstanceOfSatisfying(
                            java.sql.SQLException.class,
                            e -> assertThat(e.getSQLState()).startsWith("23"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName(
            "a constraint violation in a race reaches the host as a portal exception naming no constraint or value")
    void constraintViolationMessageIsGeneric(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(4));
            JpaStores stores = JpaStores.create(tx).withPseudonymKey(TestKeys.PSEUDONYMS);
            CountDownLatch firstInserted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // The first holds its uncommitted row while the second passes the store's check and hits the constraint.
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> tx.inTransaction(() -> {
                stores.grants().insert(grant("p-1", IDENTITY));
                firstInserted.countDown();
                await(release);
                return null;
            }));
            assertThat(firstInserted.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> tx.inTransaction(() -> {
                stores.grants().insert(grant("p-2", IDENTITY));
                return null;
            }));
            Thread.sleep(400);
            release.countDown();
            first.get(20, TimeUnit.SECONDS);
            Throwable failure = second.handle((ok, e) -> e).get(20, TimeUnit.SECONDS);
            assertThat(failure).isNotNull();
            Throwable portal =
                    failure.getCause() != null && !(failure instanceof PortalException) ? failure.getCause() : failure;
            assertThat(portal).isInstanceOf(PortalException.class);
            String message = portal.getMessage().toLowerCase(Locale.ROOT);
            String value = TestKeys.PSEUDONYMS.identity(CLINIC, IDENTITY).toLowerCase(Locale.ROOT);
            assertThat(message)
                    .doesNotContain(
                            "uq_portal",
                            "portal_access_grant",
                            value,
                            "123456788",
                            "36201234567",
                            "p-1",
                            "p-2",
                            "clinic-idx");
            assertThat(portal.getCause())
                    .as("the database's exception stays chained for the host")
                    .isNotNull();
            assertThat(column(db, "p-1")).isEqualTo(TestKeys.PSEUDONYMS.identity(CLINIC, IDENTITY));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("grants of before V8 (unkeyed SHA-256) are re-keyed once at start and then found; another key re-keys")
    void upgradeReKeysTheIndex(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind, "5")) {
            db.execute("INSERT INTO portal_access_grant (institution_id, patient_id, access_method, phone_e164, taj,"
                    + " active_identity_key, sms_notifications, status, version, created_at, updated_at, updated_by)"
                    + " VALUES ('" + CLINIC.value() + "', 'p-old', 'TAJ_AND_PHONE', '+36201234567', '123456788', '"
                    + unkeyed(IDENTITY) + "', FALSE, 'ACTIVE', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'x')");
            assertThat(db.migrate()).isPositive();
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaStores stores = JpaStores.create(tx).withPseudonymKey(TestKeys.PSEUDONYMS);
            assertThat(tx.inTransaction(() -> stores.grants().findActiveByIdentity(CLINIC, IDENTITY)))
                    .as("not found before the re-key")
                    .isEmpty();

            assertThat(stores.reindexGrants()).isEqualTo(1);
            assertThat(stores.reindexGrants()).as("current: nothing to do").isZero();

            assertThat(column(db, "p-old")).isEqualTo(TestKeys.PSEUDONYMS.identity(CLINIC, IDENTITY));
            assertThat(tx.inTransaction(() -> stores.grants().findActiveByIdentity(CLINIC, IDENTITY)))
                    .map(g -> g.patient().value())
                    .contains("p-old");
            assertThatThrownBy(() -> tx.inTransaction(() -> {
                        stores.grants().insert(grant("p-new", IDENTITY));
                        return null;
                    }))
                    .as("uniqueness holds against the re-keyed row")
                    .isInstanceOf(ConflictException.class);

            assertThat(clear(db, "p-old"))
                    .as("sealed, and the clear columns emptied")
                    .isEqualTo("null/null/null");

            JpaStores withoutOld = JpaStores.create(tx).withPseudonymKey(TestKeys.OTHER);
            assertThatThrownBy(withoutOld::reindexGrants)
                    .as("a rotation without the previous key cannot open the sealed identities")
                    .isInstanceOf(PortalException.class)
                    .hasMessageContaining("pseudonym key other-pseudonyms")
                    .hasMessageContaining("as a previous key")
                    .hasMessageNotContaining("123456788")
                    .cause()
                    .hasMessageContaining("id test-pseudonyms");
            assertThat(tx.inTransaction(() -> stores.grants().findActiveByIdentity(CLINIC, IDENTITY)))
                    .as("the failed rotation changed nothing")
                    .isPresent();

            JpaStores rotated = JpaStores.create(tx).withPseudonymKey(TestKeys.OTHER.withPrevious(TestKeys.PSEUDONYMS));
            assertThat(rotated.reindexGrants()).isEqualTo(1);
            assertThat(sealed(db, "p-old")).startsWith(TestKeys.OTHER.id() + ":");
            JpaStores newKeyOnly = JpaStores.create(tx).withPseudonymKey(TestKeys.OTHER);
            assertThat(newKeyOnly.reindexGrants())
                    .as("everything is under the new key now")
                    .isZero();
            assertThat(tx.inTransaction(() -> newKeyOnly.grants().findActiveByIdentity(CLINIC, IDENTITY)))
                    .map(AccessGrant::identity)
                    .contains(IDENTITY);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName(
            "a stored grant keeps its identity sealed and bound to its row: copied to another row it does not open")
    void identityIsSealedPerRow(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(2));
            JpaStores stores = JpaStores.create(tx).withPseudonymKey(TestKeys.PSEUDONYMS);
            LoginIdentity email = LoginIdentity.emailAndPhone(
                    dev.patientportal.core.EmailAddress.parse("anna.kovacs@example.org"),
                    PhoneNumber.parse("+36301112233"));
            tx.useTransaction(() -> {
                stores.grants().insert(grant("p-a", IDENTITY));
                stores.grants().insert(grant("p-b", email));
            });
            assertThat(clear(db, "p-a")).isEqualTo("null/null/null");
            assertThat(sealed(db, "p-a"))
                    .startsWith(TestKeys.PSEUDONYMS.id() + ":")
                    .doesNotContain("123456788")
                    .doesNotContain("36201234567");
            assertThat(tx.inTransaction(() -> stores.grants().find(CLINIC, PatientId.of("p-b"))))
                    .map(AccessGrant::identity)
                    .contains(email);

            db.execute("UPDATE portal_access_grant SET identity_sealed = '" + sealed(db, "p-a")
                    + "' WHERE patient_id = 'p-b'");
            assertThatThrownBy(() -> tx.inTransaction(() -> stores.grants().find(CLINIC, PatientId.of("p-b"))))
                    .isInstanceOf(PortalException.class)
                    .hasMessageContaining("another row");
        }
    }

    private static String sealed(TestDatabase db, String patient) throws Exception {
        return query(db, "SELECT identity_sealed FROM portal_access_grant WHERE patient_id = ?", patient);
    }

    private static String clear(TestDatabase db, String patient) throws Exception {
        return query(
                db,
                "SELECT CONCAT(COALESCE(email, 'null'), '/', COALESCE(phone_e164, 'null'), '/',"
                        + " COALESCE(taj, 'null')) FROM portal_access_grant WHERE patient_id = ?",
                patient);
    }

    private static String query(TestDatabase db, String sql, String patient) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, patient);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                return r.getString(1);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
