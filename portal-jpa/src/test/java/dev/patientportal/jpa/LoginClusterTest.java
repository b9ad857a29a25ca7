package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.ServerKey;
import dev.patientportal.auth.SessionGrant;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.RequestContext;
import dev.patientportal.jpa.testing.BoundedRunner;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.TestDatabase;
import dev.patientportal.jpa.testing.TestKeys;
import dev.patientportal.testkit.Race;
import dev.patientportal.testkit.RecordingCodeSender;
import dev.patientportal.testkit.TestPortal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Login on two nodes over one database, per database: two entity manager factories, each with its own runner,
 * {@link JpaStores} and {@link JpaAuthStores} and its own {@link PortalLogin}, sharing only the database, the server key
 * (as a cluster does), the patient records and the code sender. Attempt limits, single use and send limits hold across
 * the nodes. Real threads; every wait is bounded; nothing asserts on timing.
 */
class LoginClusterTest {
    private static final int PER_PHONE_AN_HOUR = 3;
    private static final RequestContext REQUEST = RequestContext.fromAddress("198.51.100.7");
    private static final AtomicInteger PATIENTS = new AtomicInteger();

    /** One schema, a portal on node 1 to grant access, and a login on each node. */
    private static final class Cluster implements AutoCloseable {
        final TestDatabase db;
        final TestPortal portal;
        final InstitutionId clinic = InstitutionId.of("clinic-cluster");
        final RecordingCodeSender codes = new RecordingCodeSender();
        final BoundedRunner tx1;
        final BoundedRunner tx2;
        final PortalLogin node1;
        final PortalLogin node2;

        Cluster(DatabaseKind kind) {
            Databases.assumeAvailable(kind);
            db = TestDatabase.create(kind);
            // 12 requests at once per node, with headroom in the pool for the units of work they nest.
            tx1 = new BoundedRunner(ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(16)), 12);
            tx2 = new BoundedRunner(ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(16)), 12);
            portal = TestPortal.builder()
                    .transactions(tx1)
                    .customize(b -> b.stores(JpaStores.create(tx1.delegate())).pseudonymKey(TestKeys.PSEUDONYMS))
                    .build();
            CodeKeyring keys = CodeKeyring.of(ServerKey.random("cluster-key"));
            AuthSettings settings = AuthSettings.builder()
                    .sendsPerPhone(PER_PHONE_AN_HOUR, 10)
                    .sendsPerClientAddress(10_000, 100_000)
                    .build();
            node1 = login(tx1, keys, settings);
            node2 = login(tx2, keys, settings);
        }

        private PortalLogin login(BoundedRunner tx, CodeKeyring keys, AuthSettings settings) {
            return PortalLogin.builder()
                    .portalStores(JpaStores.create(tx.delegate()))
                    .pseudonymKey(TestKeys.PSEUDONYMS)
                    .stores(JpaAuthStores.create(tx.delegate()))
                    .transactions(tx)
                    .patientDirectory(portal.patients())
                    .codeSender(codes)
                    .keys(keys)
                    .settings(settings)
                    .clock(portal.clock())
                    .codeDelivery(Runnable::run)
                    .build();
        }

        PortalLogin node(int i) {
            return i % 2 == 0 ? node1 : node2;
        }

        PatientProfile patientWithGrant(AccessMethod method) {
            PatientProfile p = portal.addPatient(clinic, PatientId.of("p-" + PATIENTS.incrementAndGet()));
            portal.portal().administration(portal.staff(clinic)).grant(p.patient(), method, false);
            return p;
        }

        TajAndPhone taj(PatientProfile p) {
            return new TajAndPhone(clinic, p.taj().digits(), p.phone().e164());
        }

        String lastSmsCode(PatientProfile p) {
            List<String> sent = codes.codesFor(p.phone());
            assertThat(sent).isNotEmpty();
            return sent.get(sent.size() - 1);
        }

        long sessionsOf(PatientProfile p) {
            return tx2.inTransaction(() -> tx2.currentEntityManager()
                    .createQuery(
                            "SELECT COUNT(s) FROM"
                                    + " PortalLoginSession s WHERE s.institutionId = :i AND s.patientId = :p",
                            Long.class)
                    .setParameter("i", clinic.value())
                    .setParameter("p", p.patient().value())
                    .getSingleResult());
        }

        @Override
        public void close() {
            db.close();
        }
    }

    /** What one racing call ended with: a value or an exception. */
    private static @Nullable Reason reason(Race.Outcome<?> outcome) {
        return outcome.failure() instanceof AuthenticationException a ? a.reason() : null;
    }

    private static String wrong(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("200 wrong codes on two nodes at once: exactly 5 counted (4..0 left), the rest locked, none accepted")
    void parallelWrongCodes_areCountedFiveTimesAcrossNodes(DatabaseKind kind) throws Exception {
        try (Cluster cluster = new Cluster(kind)) {
            PatientProfile p = cluster.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
            Challenge c = cluster.node1.start(cluster.taj(p), REQUEST);
            String code = cluster.lastSmsCode(p);
            String bad = wrong(code);

            List<Race.Outcome<VerifyResult>> outcomes =
                    Race.run(200, i -> () -> cluster.node(i).verify(c, Factor.SMS, bad, REQUEST));

            assertThat(outcomes)
                    .allSatisfy(o -> assertThat(o.failure())
                            .as("every call refused with an AuthenticationException")
                            .isInstanceOf(AuthenticationException.class));
            List<Integer> counted = outcomes.stream()
                    .filter(o -> reason(o) == Reason.WRONG_CODE)
                    .map(o -> ((AuthenticationException) o.failure()).attemptsLeft())
                    .toList();
            assertThat(counted).containsExactlyInAnyOrder(4, 3, 2, 1, 0);
            assertThat(outcomes.stream().filter(o -> reason(o) == Reason.LOCKED))
                    .hasSize(195);
            // The correct code afterwards is refused on either node: the challenge has no attempts left.
            for (int i = 0; i < 2; i++) {
                PortalLogin node = cluster.node(i);
                assertThatThrownBy(() -> node.verify(c, Factor.SMS, code, REQUEST))
                        .isInstanceOfSatisfying(
                                AuthenticationException.class,
                                e -> assertThat(e.reason()).isEqualTo(Reason.LOCKED));
            }
            assertThat(cluster.sessionsOf(p)).isZero();
            assertThat(cluster.tx1
                            .inTransaction(() -> JpaAuthStores.create(cluster.tx1.delegate())
                                    .challenges()
                                    .find(c.id()))
                            .orElseThrow()
                            .attemptsLeft())
                    .isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("50 correct codes on two nodes at once: exactly one session, the rest consumed or locked")
    void parallelCorrectCodes_yieldOneSessionAcrossNodes(DatabaseKind kind) throws Exception {
        try (Cluster cluster = new Cluster(kind)) {
            PatientProfile p = cluster.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
            Challenge c = cluster.node2.start(cluster.taj(p), REQUEST);
            String code = cluster.lastSmsCode(p);

            List<Race.Outcome<VerifyResult>> outcomes =
                    Race.run(50, i -> () -> cluster.node(i).verify(c, Factor.SMS, code, REQUEST));

            List<SessionGrant> sessions = outcomes.stream()
                    .filter(o -> o.result() != null)
                    .map(o -> o.result().session().orElseThrow())
                    .toList();
            assertThat(sessions).hasSize(1);
            assertThat(outcomes.stream().filter(o -> o.failure() != null))
                    .hasSize(49)
                    .allSatisfy(o -> assertThat(reason(o)).isIn(Reason.CONSUMED, Reason.LOCKED));
            assertThat(cluster.sessionsOf(p)).isEqualTo(1);
            // The session is valid on both nodes; the token is nowhere in the database.
            String token = sessions.get(0).token();
            assertThat(cluster.node1.resolve(token)).isPresent();
            assertThat(cluster.node2.resolve(token)).isPresent();
            assertThat(databaseHolds(cluster.db, token)).isFalse();
            assertThat(databaseHolds(cluster.db, code)).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("e-mail + phone, both factors verified at once on two nodes: exactly one session, every round")
    void parallelFactors_yieldOneSessionAcrossNodes(DatabaseKind kind) throws Exception {
        try (Cluster cluster = new Cluster(kind)) {
            for (int round = 0; round < 5; round++) {
                PatientProfile p = cluster.patientWithGrant(AccessMethod.EMAIL_AND_PHONE);
                Challenge c = cluster.node1.start(
                        new EmailAndPhone(
                                cluster.clinic, p.email().value(), p.phone().e164()),
                        REQUEST);
                String sms = cluster.lastSmsCode(p);
                List<String> mails = cluster.codes.codesFor(p.email());
                String email = mails.get(mails.size() - 1);

                // Each factor's code arrives twice at once, once on each node (a double submit): four attempts, within
                // the challenge's five. Far more duplicates would spend the challenge's attempts and the identity's
                // lockout budget, which both count an attempt before its code is compared; then no login completes,
                // which is safe, and the single-factor race above already shows "exactly one" under 50 submissions.
                List<Race.Outcome<VerifyResult>> outcomes = Race.run(
                        4,
                        i -> () -> i % 2 == 0
                                ? cluster.node(i / 2).verify(c, Factor.SMS, sms, REQUEST)
                                : cluster.node(i / 2).verify(c, Factor.EMAIL, email, REQUEST));

                assertThat(outcomes.stream()
                                .filter(o -> o.result() != null && o.result().isComplete()))
                        .hasSize(1);
                assertThat(outcomes.stream()
                                .filter(o -> o.result() != null && !o.result().isComplete()))
                        .hasSize(1);
                assertThat(cluster.sessionsOf(p)).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("starts alternating between the nodes send exactly the per-phone limit, then are rate limited")
    void sendLimits_holdAcrossNodes(DatabaseKind kind) throws Exception {
        try (Cluster cluster = new Cluster(kind)) {
            PatientProfile p = cluster.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
            List<Reason> refused = new ArrayList<>();
            int issued = 0;
            for (int i = 0; i < PER_PHONE_AN_HOUR + 3; i++) {
                try {
                    cluster.node(i).start(cluster.taj(p), REQUEST);
                    issued++;
                } catch (AuthenticationException e) {
                    refused.add(e.reason());
                    assertThat(e.retryAfter()).isNotNull();
                }
            }
            assertThat(issued).isEqualTo(PER_PHONE_AN_HOUR);
            assertThat(refused).hasSize(3).containsOnly(Reason.RATE_LIMITED);
            assertThat(cluster.codes.codesFor(p.phone())).hasSize(PER_PHONE_AN_HOUR);

            // And at once: 20 starts for another phone on both nodes send exactly the limit.
            PatientProfile q = cluster.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
            List<Race.Outcome<Challenge>> outcomes =
                    Race.run(20, i -> () -> cluster.node(i).start(cluster.taj(q), REQUEST));
            assertThat(outcomes.stream().filter(o -> o.result() != null)).hasSize(PER_PHONE_AN_HOUR);
            assertThat(outcomes.stream().filter(o -> o.failure() != null))
                    .allSatisfy(o -> assertThat(reason(o)).isEqualTo(Reason.RATE_LIMITED));
            assertThat(cluster.codes.codesFor(q.phone())).hasSize(PER_PHONE_AN_HOUR);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("a failed attempt stays counted when it runs inside a host transaction that rolls back")
    void failedAttempt_survivesHostRollback(DatabaseKind kind) throws Exception {
        try (Cluster cluster = new Cluster(kind)) {
            PatientProfile p = cluster.patientWithGrant(AccessMethod.TAJ_AND_PHONE);
            Challenge c = cluster.node1.start(cluster.taj(p), REQUEST);
            String bad = wrong(cluster.lastSmsCode(p));

            assertThatThrownBy(() -> cluster.tx1.inTransaction(() -> {
                        try {
                            cluster.node1.verify(c, Factor.SMS, bad, REQUEST);
                        } catch (AuthenticationException e) {
                            assertThat(e.attemptsLeft()).isEqualTo(4);
                        }
                        throw new IllegalStateException("the host's request fails and rolls back");
                    }))
                    .isInstanceOf(IllegalStateException.class);

            AuthenticationException next =
                    (AuthenticationException) catchThrowable(() -> cluster.node2.verify(c, Factor.SMS, bad, REQUEST));
            assertThat(next.reason()).isEqualTo(Reason.WRONG_CODE);
            assertThat(next.attemptsLeft()).isEqualTo(3);
        }
    }

    private static @Nullable Throwable catchThrowable(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Whether any text or binary column of the login tables holds the secret, in clear, as its UTF-8 bytes, or as its
     * hex or Base64 form.
     */
    private static boolean databaseHolds(TestDatabase db, String secret) throws SQLException {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        List<String> forms = List.of(
                secret,
                HexFormat.of().formatHex(bytes),
                Base64.getEncoder().encodeToString(bytes),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        try (Connection c = db.dataSource().getConnection()) {
            for (String table : List.of(
                    "portal_login_challenge",
                    "portal_login_challenge_code",
                    "portal_login_session",
                    "portal_login_lockout",
                    "portal_login_rate_limit",
                    "portal_audit_event")) {
                String name = c.getMetaData().storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
                try (PreparedStatement s = c.prepareStatement("SELECT * FROM " + name);
                        ResultSet rs = s.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            Object v = rs.getObject(i);
                            String text = v instanceof byte[] b
                                    ? new String(b, StandardCharsets.ISO_8859_1)
                                            + HexFormat.of().formatHex(b)
                                    : String.valueOf(v);
                            if (forms.stream().anyMatch(text::contains)) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        return false;
    }
}
