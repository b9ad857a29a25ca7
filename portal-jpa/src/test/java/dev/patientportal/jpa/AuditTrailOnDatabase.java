package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessLogEntry;
import dev.patientportal.core.AccessLogFilter;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditFilter;
import dev.patientportal.core.AuditKey;
import dev.patientportal.core.AuditKeyring;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.AuditVerification;
import dev.patientportal.core.AuditVerification.Kind;
import dev.patientportal.core.AuditVerifier;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.jpa.testing.DatabaseExtension;
import dev.patientportal.jpa.testing.TestDatabase;
import dev.patientportal.tck.AuditTrailContract;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.MutableClock;
import dev.patientportal.testkit.Race;
import dev.patientportal.testkit.RecordingCodeSender;
import dev.patientportal.testkit.TestPatients;
import dev.patientportal.testkit.TestPortal;
import jakarta.persistence.EntityManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The audit trail on one database: the {@link AuditTrailContract}, tampering with raw SQL (each kind reported at the
 * right place, by the API and by {@link AuditVerifierCommand}), two nodes writing one chain, the migration of events
 * stored before the chain, and the patient's access log with a real login. A subclass per database names it.
 */
abstract class AuditTrailOnDatabase {
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final byte[] PDF = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Returns the database of the concrete test class.
     *
     * @return the database
     */
    abstract DatabaseExtension db();

    @Nested
    @DisplayName("the audit trail contract")
    class Contract extends AuditTrailContract {
        @Override
        protected PortalStores createStores(AuditChainSettings settings) {
            return JpaStores.create(db().runner()).withAuditChain(settings);
        }

        @Override
        protected TransactionRunner transactions() {
            return db().boundedRunner();
        }
    }

    @Nested
    @DisplayName("tampering with raw SQL is reported at the right place")
    class Tampering {
        private final InstitutionId clinic = InstitutionId.of("inst-" + UUID.randomUUID());
        private final AuditKey key = AuditKey.random("tamper-1");
        private final AuditKeyring keys = AuditKeyring.of(key);
        private final JpaStores stores = JpaStores.create(db().runner()).withAuditChain(AuditChainSettings.of(keys));

        @BeforeEach
        void recordTen() {
            for (int i = 1; i <= 10; i++) {
                AuditEvent e = new AuditEvent(
                        T0.plusSeconds(i),
                        clinic,
                        Actor.staff(StaffId.of("staff-" + i % 2)),
                        AuditActions.DOCUMENT_STAFF_READ,
                        PatientId.of("p-" + i % 3),
                        "doc-" + i,
                        AuditEvent.Outcome.SUCCESS,
                        "192.0.2." + i,
                        Map.of("n", Integer.toString(i), "note", "ő"));
                db().runner().useTransaction(() -> stores.audit().record(e));
            }
        }

        private String where(long seq) {
            return " WHERE institution_id = '" + clinic.value() + "' AND sequence_no = " + seq;
        }

        private void sql(String statement) {
            db().database().execute(statement);
        }

        private AuditVerification viaApi() {
            return AuditVerifier.of(stores.auditTrail(), keys, db().runner()).verify(clinic);
        }

        /** Runs the operators' command on this schema; returns its exit status and output. */
        private Map.Entry<Integer, String> viaCommand() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            TestDatabase database = db().database();
            int status = AuditVerifierCommand.run(
                    new String[] {
                        "--url",
                        database.url(),
                        "--user",
                        database.kind() == dev.patientportal.jpa.testing.DatabaseKind.H2
                                ? "sa"
                                : database.kind() == dev.patientportal.jpa.testing.DatabaseKind.POSTGRESQL
                                        ? "postgres"
                                        : "root",
                        "--institution",
                        clinic.value()
                    },
                    Map.of(
                            AuditVerifierCommand.KEYS_VARIABLE,
                            key.id() + "=" + Base64.getEncoder().encodeToString(key.secret())),
                    new PrintStream(bytes, true, StandardCharsets.UTF_8));
            return Map.entry(status, bytes.toString(StandardCharsets.UTF_8));
        }

        private void assertBroken(Kind kind, long sequence) {
            AuditVerification v = viaApi();
            assertThat(v.firstBreak()).as("the API verifier must notice").isNotNull();
            assertThat(v.firstBreak().kind()).isEqualTo(kind);
            assertThat(v.firstBreak().sequence()).isEqualTo(sequence);
            Map.Entry<Integer, String> command = viaCommand();
            assertThat(command.getKey()).as(command.getValue()).isEqualTo(1);
            assertThat(command.getValue()).contains("BROKEN at " + sequence + ": " + kind);
        }

        @Test
        @DisplayName("untouched, the chain verifies through the API and through the command")
        void intact() {
            AuditVerification v = viaApi();
            assertThat(v.isIntact()).as("%s", v.firstBreak()).isTrue();
            assertThat(v.verified()).isEqualTo(10);
            Map.Entry<Integer, String> command = viaCommand();
            assertThat(command.getKey()).as(command.getValue()).isZero();
            assertThat(command.getValue()).contains(clinic.value() + ": intact, 10 events verified (1 to 10)");
        }

        @Test
        @DisplayName("a deleted row is MISSING at its sequence number")
        void deleted() {
            sql("DELETE FROM portal_audit_event" + where(6));
            assertBroken(Kind.MISSING, 6);
        }

        @Test
        @DisplayName("a changed detail is ALTERED at that row")
        void changed() {
            sql("UPDATE portal_audit_event SET details = '{\"n\":\"33\",\"note\":\"ő\"}'" + where(3));
            assertBroken(Kind.ALTERED, 3);
        }

        @Test
        @DisplayName("a changed time, actor or outcome is ALTERED too")
        void changedOtherFields() {
            sql("UPDATE portal_audit_event SET outcome = 'DENIED'" + where(8));
            assertBroken(Kind.ALTERED, 8);
        }

        @Test
        @DisplayName("a forged row inserted after the last is ALTERED where it was put")
        void inserted() {
            sql("INSERT INTO portal_audit_event (occurred_at, institution_id, actor_type, actor_id, action, patient_id,"
                    + " target_id, outcome, client_address, details, sequence_no, key_id, previous_link, link_mac)"
                    + " SELECT occurred_at, institution_id, actor_type, actor_id, action, patient_id, target_id,"
                    + " outcome, client_address, '{\"forged\":\"yes\"}', 11, key_id, link_mac, '" + "ab".repeat(32)
                    + "' FROM portal_audit_event" + where(10));
            assertBroken(Kind.ALTERED, 11);
        }

        @Test
        @DisplayName("two rows with swapped sequence numbers are REORDERED at the first of them")
        void swapped() {
            sql("UPDATE portal_audit_event SET sequence_no = -4" + where(4));
            sql("UPDATE portal_audit_event SET sequence_no = 4" + where(7));
            sql("UPDATE portal_audit_event SET sequence_no = 7" + where(-4));
            assertBroken(Kind.REORDERED, 4);
        }

        @Test
        @DisplayName("a cut-off end is MISSING against the checkpoint anchored before")
        void truncated() {
            var anchored = db().runner()
                    .inTransaction(() -> stores.auditTrail().checkpoint(clinic, T0.plusSeconds(60)))
                    .orElseThrow();
            sql("DELETE FROM portal_audit_event WHERE institution_id = '" + clinic.value() + "' AND sequence_no > 8");
            sql("DELETE FROM portal_audit_checkpoint WHERE institution_id = '" + clinic.value() + "'");
            assertThat(viaApi().isIntact())
                    .as("without an anchor the cut end goes unnoticed")
                    .isTrue();
            AuditVerification v =
                    AuditVerifier.of(stores.auditTrail(), keys, db().runner()).verify(clinic, null, anchored);
            assertThat(v.firstBreak().kind()).isEqualTo(Kind.MISSING);
            assertThat(v.firstBreak().sequence()).isEqualTo(9);
        }
    }

    @Nested
    @DisplayName("two nodes on one database")
    class TwoNodes {
        @Test
        @DisplayName("8 threads on two entity manager factories, 25 events each, keep one unbroken chain of 200")
        void parallelWriters_keepTheChain() {
            InstitutionId clinic = InstitutionId.of("inst-" + UUID.randomUUID());
            AuditChainSettings settings =
                    AuditChainSettings.of(AuditKeyring.random()).withCheckpointEvery(50);
            EntityManagerFactory emf1 = db().database().openEntityManagerFactory(5);
            EntityManagerFactory emf2 = db().database().openEntityManagerFactory(5);
            try {
                ResourceLocalTransactionRunner tx1 = ResourceLocalTransactionRunner.create(emf1);
                ResourceLocalTransactionRunner tx2 = ResourceLocalTransactionRunner.create(emf2);
                JpaStores node1 = JpaStores.create(tx1).withAuditChain(settings);
                JpaStores node2 = JpaStores.create(tx2).withAuditChain(settings);

                List<Race.Outcome<Void>> outcomes = Race.run(8, t -> () -> {
                    ResourceLocalTransactionRunner tx = t % 2 == 0 ? tx1 : tx2;
                    JpaStores node = t % 2 == 0 ? node1 : node2;
                    for (int i = 0; i < 25; i++) {
                        AuditEvent e = new AuditEvent(
                                Instant.now(),
                                clinic,
                                Actor.staff(StaffId.of("s-" + t)),
                                AuditActions.ACCESS_READ,
                                null,
                                null,
                                AuditEvent.Outcome.SUCCESS,
                                null,
                                Map.of("i", Integer.toString(i)));
                        tx.useTransaction(() -> node.audit().record(e));
                    }
                    return null;
                });

                assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
                List<AuditRecord> chain =
                        tx1.inTransaction(() -> node1.auditTrail().chain(clinic, 1, 1000));
                assertThat(chain)
                        .extracting(AuditRecord::sequence)
                        .containsExactlyElementsOf(
                                LongStream.rangeClosed(1, 200).boxed().toList());
                AuditVerification v = AuditVerifier.of(node2.auditTrail(), settings.keys(), tx2)
                        .verify(clinic);
                assertThat(v.isIntact()).as("%s", v.firstBreak()).isTrue();
                assertThat(v.verified()).isEqualTo(200);
                assertThat(tx1.inTransaction(() -> node1.auditTrail().checkpoints(clinic, 0, 10)))
                        .extracting(c -> c.sequence())
                        .containsExactly(50L, 100L, 150L, 200L);
            } finally {
                emf1.close();
                emf2.close();
            }
        }
    }

    @Nested
    @DisplayName("nested units of work")
    class Nesting {
        @Test
        @DisplayName("an event in a unit of its own while the enclosing one holds the head fails at once, never hangs")
        void newTransactionUnderTheHead_failsFast() {
            InstitutionId clinic = InstitutionId.of("inst-" + UUID.randomUUID());
            JpaStores stores =
                    JpaStores.create(db().runner()).withAuditChain(AuditChainSettings.of(AuditKeyring.random()));
            AuditEvent e = new AuditEvent(
                    T0,
                    clinic,
                    Actor.system(),
                    AuditActions.ACCESS_READ,
                    null,
                    null,
                    AuditEvent.Outcome.SUCCESS,
                    null,
                    Map.of());
            long started = System.nanoTime();

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> db().runner()
                            .useTransaction(() -> {
                                stores.audit().record(e);
                                db().runner().inNewTransaction(() -> {
                                    stores.audit().record(e);
                                    return null;
                                });
                            }))
                    .isInstanceOf(dev.patientportal.core.TemporaryFailureException.class)
                    .hasMessageContaining("enclosing unit of work");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(java.time.Duration.ofSeconds(5));

            // Units of work one after the other, and other institutions inside, are fine.
            db().runner().useTransaction(() -> stores.audit().record(e));
            db().runner().useTransaction(() -> {
                stores.audit().record(e);
                db().runner().inNewTransaction(() -> {
                    stores.audit()
                            .record(new AuditEvent(
                                    T0,
                                    InstitutionId.of("inst-" + UUID.randomUUID()),
                                    Actor.system(),
                                    AuditActions.ACCESS_READ,
                                    null,
                                    null,
                                    AuditEvent.Outcome.SUCCESS,
                                    null,
                                    Map.of()));
                    return null;
                });
            });
            assertThat(db().runner().inTransaction(() -> stores.auditTrail().chain(clinic, 1, 10)))
                    .hasSize(2);
        }
    }

    @Nested
    @DisplayName("the V5 migration")
    class Migration {
        @Test
        @DisplayName("numbers the events stored before it per institution; the chain starts after them")
        void legacyEvents_numberedThenChained() throws SQLException {
            try (TestDatabase old = TestDatabase.create(db().kind(), "3")) {
                for (String inst : new String[] {"legacy-a", "legacy-b", "legacy-a", "legacy-a", "legacy-b"}) {
                    old.execute("INSERT INTO portal_audit_event (occurred_at, institution_id, actor_type, actor_id,"
                            + " action, outcome, details) VALUES (CURRENT_TIMESTAMP, '" + inst + "', 'SYSTEM',"
                            + " 'system', 'access.read', 'SUCCESS', '{}')");
                }
                old.migrate();
                try (Connection c = old.dataSource().getConnection();
                        PreparedStatement s = c.prepareStatement(
                                "SELECT institution_id, sequence_no FROM" + " portal_audit_event ORDER BY id");
                        ResultSet rs = s.executeQuery()) {
                    List<String> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(rs.getString(1) + "#" + rs.getLong(2));
                    }
                    assertThat(rows)
                            .containsExactly("legacy-a#1", "legacy-b#1", "legacy-a#2", "legacy-a#3", "legacy-b#2");
                }
                EntityManagerFactory emf = old.openEntityManagerFactory(2);
                ResourceLocalTransactionRunner tx = ResourceLocalTransactionRunner.create(emf);
                AuditKeyring keys = AuditKeyring.random();
                JpaStores stores = JpaStores.create(tx).withAuditChain(AuditChainSettings.of(keys));
                InstitutionId a = InstitutionId.of("legacy-a");
                for (int i = 0; i < 2; i++) {
                    tx.useTransaction(() -> stores.audit()
                            .record(new AuditEvent(
                                    T0,
                                    a,
                                    Actor.system(),
                                    AuditActions.ACCESS_READ,
                                    null,
                                    null,
                                    AuditEvent.Outcome.SUCCESS,
                                    null,
                                    Map.of())));
                }

                assertThat(tx.inTransaction(() -> stores.auditTrail().chain(a, 1, 10)))
                        .extracting(AuditRecord::sequence)
                        .containsExactly(1L, 2L, 3L, 4L, 5L);
                AuditVerification v =
                        AuditVerifier.of(stores.auditTrail(), keys, tx).verify(a);
                assertThat(v.isIntact()).as("%s", v.firstBreak()).isTrue();
                assertThat(v.unchained()).isEqualTo(3);
                assertThat(v.verified()).isEqualTo(2);
            }
        }
    }

    @Nested
    @DisplayName("the patient's access log and staff queries on the portal")
    class OnThePortal {
        @Test
        @DisplayName("a real login shows with its network; staff accesses show; the whole chain verifies")
        void accessLog_withRealLogin() {
            ResourceLocalTransactionRunner tx = db().runner();
            AuditKeyring keys = AuditKeyring.random();
            JpaStores stores = JpaStores.create(tx).withAuditChain(AuditChainSettings.of(keys));
            RecordingCodeSender codes = new RecordingCodeSender();
            InMemoryPatientDirectory patients = new InMemoryPatientDirectory();
            MutableClock clock = MutableClock.at(T0);
            PortalLogin login = PortalLogin.builder()
                    .portalStores(stores)
                    .stores(JpaAuthStores.create(tx))
                    .transactions(tx)
                    .patientDirectory(patients)
                    .codeSender(codes)
                    .keys(CodeKeyring.random())
                    .singleNode()
                    .clock(clock)
                    .codeDelivery(Runnable::run)
                    .build();
            TestPortal portal = TestPortal.builder()
                    .transactions(tx)
                    .clock(clock)
                    .customize(
                            b -> b.stores(stores).singleNode().sessions(login).patientDirectory(patients))
                    .build();
            InstitutionId clinic = InstitutionId.of("inst-" + UUID.randomUUID());
            PatientProfile anna = patients.put(TestPatients.next(clinic, PatientId.of("p-1")));
            var staff = portal.staff(clinic);
            portal.portal().administration(staff).grant(anna.patient(), AccessMethod.TAJ_AND_PHONE, false);
            portal.portal()
                    .documents(staff)
                    .publish(DocumentUpload.builder(anna.patient(), DocumentType.of("LAB"))
                            .fileName("a.pdf")
                            .content(PDF)
                            .patientAccess(true)
                            .build());
            RequestContext browser = RequestContext.fromAddress("203.0.113.77");
            Challenge challenge = login.start(
                    new TajAndPhone(clinic, anna.taj().digits(), anna.phone().e164()), browser);
            List<String> sent = codes.codesFor(anna.phone());
            String token = login.verify(challenge, Factor.SMS, sent.get(sent.size() - 1), browser)
                    .session()
                    .orElseThrow()
                    .token();
            PatientView me = portal.portal().patient(token, browser);

            List<AccessLogEntry> log = me.accessLog(AccessLogFilter.firstPage()).items();

            assertThat(log)
                    .extracting(AccessLogEntry::kind)
                    .containsExactly(
                            AccessLogEntry.Kind.LOGIN,
                            AccessLogEntry.Kind.DOCUMENT_PUBLISHED,
                            AccessLogEntry.Kind.CHANGE);
            assertThat(log.get(0).clientHint()).isEqualTo("203.0.113.0/24");
            assertThat(log.get(2).accessor().type()).isEqualTo(AccessLogEntry.Accessor.Type.CLINIC);
            assertThat(portal.portal()
                            .audit(staff)
                            .events(AuditFilter.builder()
                                    .patient(anna.patient())
                                    .actions(AuditActions.PATIENT_ACCESS_LOG_READ)
                                    .build())
                            .items())
                    .singleElement()
                    .satisfies(r -> assertThat(r.event().details()).containsOnlyKeys("count"));
            AuditVerification v =
                    AuditVerifier.of(stores.auditTrail(), keys, tx).verify(clinic);
            assertThat(v.isIntact()).as("%s", v.firstBreak()).isTrue();
            assertThat(v.verified()).isGreaterThan(5);
        }
    }
}
