package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.AccessLogEntry;
import dev.patientportal.core.AccessLogFilter;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuditChainSettings;
import dev.patientportal.core.AuditKey;
import dev.patientportal.core.AuditKeyring;
import dev.patientportal.core.AuditVerification;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationRecord;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientRecord;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.PseudonymKey;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.PortalTables;
import dev.patientportal.jpa.testing.TestDatabase;
import dev.patientportal.jpa.testing.TestKeys;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.EmailMessage;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsMessage;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.MutableClock;
import dev.patientportal.testkit.TestPatients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one entry point on each database: grant, both logins, a document notified through the outbox, a booking whose
 * confirmation names the zone, housekeeping, and a close that leaves no thread of the portal behind.
 */
class JpaPortalTest {
    private static final byte[] PDF = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-ep");
    private static final ServiceTypeId CONSULTATION = ServiceTypeId.of("CONSULTATION");
    private static final ZoneId BUDAPEST = ZoneId.of("Europe/Budapest");
    /** 02:30 on the night clocks fall back in Budapest, the second time (CET, after 03:00 CEST became 02:00). */
    private static final Instant REPEATED_HOUR = Instant.parse("2026-10-25T01:30:00Z");

    private static final AuditKey AUDIT_KEY = AuditKey.fromBase64("audit-test", "C".repeat(43) + "=");

    private static final String KEYS = "2026-12:" + "A".repeat(43) + "=,2026-11:" + "B".repeat(43) + "=";

    /** E-mail and SMS channels that keep what they are given. */
    static final class Outbox implements EmailChannel, SmsChannel {
        final List<EmailMessage> emails = new CopyOnWriteArrayList<>();
        final List<SmsMessage> sms = new CopyOnWriteArrayList<>();

        @Override
        public DeliveryResult send(EmailMessage message) {
            emails.add(message);
            return DeliveryResult.sent("mail-" + emails.size());
        }

        @Override
        public DeliveryResult send(SmsMessage message) {
            sms.add(message);
            return DeliveryResult.sent("sms-" + sms.size());
        }

        String lastSmsCode(String e164) {
            return lastCode(sms.stream()
                    .filter(m -> m.to().e164().equals(e164))
                    .map(SmsMessage::text)
                    .toList());
        }

        String lastEmailCode(String address) {
            return lastCode(emails.stream()
                    .filter(m -> m.to().value().equals(address))
                    .map(EmailMessage::text)
                    .toList());
        }

        private static String lastCode(List<String> texts) {
            for (int i = texts.size() - 1; i >= 0; i--) {
                Matcher m = CODE.matcher(texts.get(i));
                if (m.find()) {
                    return m.group(1);
                }
            }
            throw new AssertionError("no code sent");
        }
    }

    private static JpaPortal.Builder builder(
            DataSource ds,
            InMemoryPatientDirectory patients,
            InMemoryScheduling scheduling,
            Outbox channels,
            MutableClock clock) {
        return JpaPortal.builder()
                .dataSource(ds)
                .patientDirectory(patients)
                .scheduling(scheduling)
                .institution(
                        CLINIC,
                        InstitutionSettings.builder("Klinika", URI.create("https://portal.example.org"))
                                .zone(BUDAPEST)
                                .build())
                .email(channels)
                .sms(channels)
                .keys(CodeKeyring.parse(KEYS))
                .pseudonymKey(TestKeys.PSEUDONYMS)
                .clock(clock)
                .dispatcher(d -> d.pollInterval(Duration.ofMillis(20)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("one builder runs grant, both logins, a notified document and a booking; close leaves no thread")
    void theWholeFlowThroughTheEntryPoint(DatabaseKind kind) throws Exception {
        Databases.assumeAvailable(kind);
        try (TestDatabase db = TestDatabase.create(kind)) {
            InMemoryPatientDirectory patients = new InMemoryPatientDirectory();
            InMemoryScheduling scheduling = new InMemoryScheduling();
            Outbox channels = new Outbox();
            MutableClock clock = MutableClock.at(Instant.parse("2026-10-20T08:00:00Z"));
            PatientProfile anna = patients.put(TestPatients.next(CLINIC, PatientId.of("p-anna")));
            PatientProfile bela = patients.put(TestPatients.next(CLINIC, PatientId.of("p-bela")));
            scheduling.addSlot(
                    CLINIC,
                    new Slot(
                            SlotId.of("s-1"), CONSULTATION, REPEATED_HOUR, REPEATED_HOUR.plus(Duration.ofMinutes(30))));
            Staff staff = Staff.of(
                    CLINIC, StaffId.of("desk"), StaffPermission.GRANT_ACCESS, StaffPermission.UPLOAD_DOCUMENTS);
            RequestContext request = new RequestContext("203.0.113.9", "test", Locale.ENGLISH);
            Set<Thread> before = Thread.getAllStackTraces().keySet();

            JpaPortal jpaPortal = builder(db.dataSource(), patients, scheduling, channels, clock)
                    .auditChain(
                            AuditChainSettings.of(AuditKeyring.of(AUDIT_KEY)).withCheckpointEvery(5))
                    .auditRetention(Period.ofDays(1))
                    .build();
            try {
                assertThat(jpaPortal.isRunning()).isTrue();
                jpaPortal.portal().administration(staff).grant(anna.patient(), AccessMethod.EMAIL_AND_PHONE, true);
                jpaPortal.portal().administration(staff).grant(bela.patient(), AccessMethod.TAJ_AND_PHONE, false);

                Document published = jpaPortal
                        .portal()
                        .documents(staff)
                        .publish(DocumentUpload.builder(anna.patient(), DocumentType.of("LAB_RESULT"))
                                .fileName("lelet.pdf")
                                .content(PDF)
                                .patientAccess(true)
                                .notifyPatient(true)
                                .build());
                // welcome e-mails for both, the document's e-mail and SMS for Anna: delivered by the running dispatcher
                await(() -> channels.emails.size() >= 3 && !channels.sms.isEmpty());
                assertThat(channels.sms).singleElement().satisfies(m -> {
                    assertThat(m.to()).isEqualTo(anna.phone());
                    assertThat(m.text()).doesNotContain("lelet");
                });

                // TAJ + phone: one SMS code
                String belaPhone = bela.phone().e164();
                Challenge taj = jpaPortal
                        .login()
                        .start(new TajAndPhone(CLINIC, bela.taj().digits(), belaPhone), request);
                await(() -> channels.sms.stream().anyMatch(m -> m.to().e164().equals(belaPhone)));
                VerifyResult belaIn =
                        jpaPortal.login().verify(taj, Factor.SMS, channels.lastSmsCode(belaPhone), request);
                assertThat(belaIn.session()).isPresent();

                // e-mail + phone: an e-mail code and an SMS code
                String annaPhone = anna.phone().e164();
                String annaEmail = anna.email().value();
                int smsBefore = channels.sms.size();
                Challenge two = jpaPortal.login().start(new EmailAndPhone(CLINIC, annaEmail, annaPhone), request);
                await(() -> channels.sms.size() > smsBefore
                        && channels.emails.stream()
                                .anyMatch(m -> m.to().value().equals(annaEmail)
                                        && CODE.matcher(m.text()).find()));
                jpaPortal.login().verify(two, Factor.EMAIL, channels.lastEmailCode(annaEmail), request);
                String token = jpaPortal
                        .login()
                        .verify(two, Factor.SMS, channels.lastSmsCode(annaPhone), request)
                        .session()
                        .orElseThrow()
                        .token();

                PatientView me = jpaPortal.portal().patient(token, request);
                assertThat(me.documents(DocumentFilter.firstPage()).items()).containsExactly(published);
                int emailsBefore = channels.emails.size();
                Reservation booked = me.book(SlotId.of("s-1"), "req-1");
                assertThat(me.reservations()).containsExactly(booked);
                await(() -> channels.emails.size() > emailsBefore);
                // the repeated hour of the fall-back night, told apart by its zone
                assertThat(channels.emails.get(channels.emails.size() - 1).text())
                        .contains("2:30 CET");
                assertThat(jpaPortal.outbox().parkedCount()).isZero();
                await(() -> jpaPortal.outbox().pendingCount() == 0);

                // issue 14: the patient's export on the database: visible documents only, the notifications sent
                Document internal = jpaPortal
                        .portal()
                        .documents(staff)
                        .publish(DocumentUpload.builder(anna.patient(), DocumentType.of("INTERNAL_NOTE"))
                                .fileName("note.pdf")
                                .content(PDF)
                                .patientAccess(false)
                                .notifyPatient(false)
                                .build());
                PatientRecord export = me.export();
                assertThat(export.documents())
                        .extracting(d -> d.document().id())
                        .containsExactly(published.id())
                        .doesNotContain(internal.id());
                assertThat(export.reservations()).containsExactly(booked);
                assertThat(export.notifications())
                        .extracting(NotificationRecord::type, NotificationRecord::channel)
                        .contains(
                                org.assertj.core.groups.Tuple.tuple("DOCUMENT_PUBLISHED", "EMAIL"),
                                org.assertj.core.groups.Tuple.tuple("DOCUMENT_PUBLISHED", "SMS"),
                                org.assertj.core.groups.Tuple.tuple("RESERVATION_BOOKED", "EMAIL"));

                // issue 14: the patient sees who accessed the record; the audit chain of the whole flow verifies
                assertThat(me.accessLog(AccessLogFilter.firstPage()).items())
                        .extracting(AccessLogEntry::kind)
                        .contains(AccessLogEntry.Kind.DOCUMENT_PUBLISHED, AccessLogEntry.Kind.LOGIN);
                AuditVerification chain = jpaPortal.auditVerifier().verify(CLINIC);
                assertThat(chain.isIntact()).as("%s", chain).isTrue();
                assertThat(chain.verified()).isGreaterThan(10);

                // issue 14: after the whole flow, no portal table holds a TAJ, e-mail or phone in clear
                PortalTables.Scan scan = PortalTables.scan(db.dataSource(), identifiers(anna, bela));
                assertThat(scan.tables())
                        .contains(
                                "portal_access_grant",
                                "portal_audit_event",
                                "portal_outbox",
                                "portal_login_challenge",
                                "portal_login_session");
                assertThat(scan.rows()).isGreaterThan(20);
                assertThat(scan.hits()).isEmpty();
                assertThat(PortalTables.scan(db.dataSource(), List.of("p-anna", "lelet.pdf"))
                                .hits())
                        .as("the scan reads every column: the ids and the file name are there")
                        .contains(
                                "portal_access_grant.patient_id holds p-anna",
                                "portal_document.file_name holds lelet.pdf");

                // housekeeping: the challenges and the sessions expire, and the audit events pass their retention
                // period of a day; a run deletes them, and the chain still verifies from the cut
                long events = chain.verified();
                clock.advance(Duration.ofDays(2));
                assertThat((long) jpaPortal.runHousekeeping()).isGreaterThanOrEqualTo(4 + events);
                assertThat(jpaPortal.runHousekeeping()).isZero();
                AuditVerification afterCut = jpaPortal.auditVerifier().verify(CLINIC);
                assertThat(afterCut.isIntact()).as("%s", afterCut).isTrue();
                assertThat(afterCut.verified())
                        .as("only the purge's own event is left")
                        .isLessThanOrEqualTo(2);
            } finally {
                jpaPortal.close();
            }
            assertThat(jpaPortal.isRunning()).isFalse();
            assertThat(portalThreadsStartedSince(before)).isEmpty();
            jpaPortal.close(); // idempotent
            assertThatThrownBy(jpaPortal::start).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    @DisplayName("dataSource(..) migrates a fresh database, and the housekeeping runs on its own schedule")
    void migratesAFreshDatabaseAndPurgesOnSchedule() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:ep-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        InMemoryPatientDirectory patients = new InMemoryPatientDirectory();
        PatientProfile bela = patients.put(TestPatients.next(CLINIC, PatientId.of("p-bela")));
        Outbox channels = new Outbox();
        MutableClock clock = MutableClock.at(Instant.parse("2026-10-20T08:00:00Z"));
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (JpaPortal jpaPortal = builder(h2, patients, new InMemoryScheduling(), channels, clock)
                .housekeepingInterval(Duration.ofMillis(50))
                .build()) {
            jpaPortal
                    .portal()
                    .administration(Staff.of(CLINIC, StaffId.of("desk"), StaffPermission.GRANT_ACCESS))
                    .grant(bela.patient(), AccessMethod.TAJ_AND_PHONE, false);
            jpaPortal
                    .login()
                    .start(
                            new TajAndPhone(
                                    CLINIC, bela.taj().digits(), bela.phone().e164()),
                            RequestContext.none());
            assertThat(count(h2, "portal_login_challenge")).isEqualTo(1);
            clock.advance(Duration.ofDays(2));
            await(() -> count(h2, "portal_login_challenge") == 0);
        }
        assertThat(portalThreadsStartedSince(before)).isEmpty();
    }

    @Test
    @DisplayName("deferStart() leaves dispatcher and housekeeping stopped until start(); drainOnce delivers meanwhile")
    void deferStartLeavesTheThreadsToTheHost() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:ep-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        InMemoryPatientDirectory patients = new InMemoryPatientDirectory();
        PatientProfile anna = patients.put(TestPatients.next(CLINIC, PatientId.of("p-anna")));
        Outbox channels = new Outbox();
        MutableClock clock = MutableClock.at(Instant.parse("2026-10-20T08:00:00Z"));
        try (JpaPortal jpaPortal = builder(h2, patients, new InMemoryScheduling(), channels, clock)
                .deferStart()
                .codeDelivery(Runnable::run)
                .build()) {
            assertThat(jpaPortal.isRunning()).isFalse();
            jpaPortal
                    .portal()
                    .administration(Staff.of(CLINIC, StaffId.of("desk"), StaffPermission.GRANT_ACCESS))
                    .grant(anna.patient(), AccessMethod.EMAIL_AND_PHONE, false);
            assertThat(channels.emails).isEmpty();
            assertThat(jpaPortal.dispatcher().drainOnce()).isEqualTo(1);
            assertThat(channels.emails).hasSize(1);
            jpaPortal.start();
            assertThat(jpaPortal.isRunning()).isTrue();
        }
    }

    @Test
    @DisplayName("a random key ring with database stores is refused unless singleNode() says there is one node")
    void randomKeysNeedSingleNode() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:ep-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        MutableClock clock = MutableClock.ofSystemTime();
        JpaPortal.Builder b = builder(h2, new InMemoryPatientDirectory(), new InMemoryScheduling(), new Outbox(), clock)
                .keys(CodeKeyring.random());
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("random key")
                .hasMessageContaining("singleNode()")
                .hasMessageContaining("PORTAL_CODE_KEYS");
        assertThatThrownBy(
                        () -> builder(h2, new InMemoryPatientDirectory(), new InMemoryScheduling(), new Outbox(), clock)
                                .auditChain(AuditChainSettings.of(AuditKeyring.random()))
                                .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("random audit key")
                .hasMessageContaining("PORTAL_AUDIT_KEY");
        try (JpaPortal ok = b.singleNode().deferStart().build()) {
            assertThat(ok.portal()).isNotNull();
            assertThatThrownBy(ok::auditVerifier)
                    .as("no chain configured")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("auditChain(..)");
        }
    }

    @Test
    @DisplayName("no pseudonym key, or a random one, with database stores is refused unless singleNode()")
    void pseudonymKeyNeedsSingleNodeUnlessGiven() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:ep-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        MutableClock clock = MutableClock.ofSystemTime();
        JpaPortal.Builder b = JpaPortal.builder()
                .dataSource(h2)
                .patientDirectory(new InMemoryPatientDirectory())
                .scheduling(new InMemoryScheduling())
                .institution(
                        CLINIC,
                        InstitutionSettings.builder("Klinika", URI.create("https://portal.example.org"))
                                .zone(BUDAPEST)
                                .build())
                .email(new Outbox())
                .sms(new Outbox())
                .keys(CodeKeyring.parse(KEYS))
                .clock(clock);
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pseudonymKey(PseudonymKey) is not given")
                .hasMessageContaining("singleNode()")
                .hasMessageContaining("PORTAL_PSEUDONYM_KEY");
        b.pseudonymKey(PseudonymKey.random("p1"));
        assertThatThrownBy(b::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("pseudonymKey(PseudonymKey) is random");
        try (JpaPortal ok = b.singleNode().deferStart().build()) {
            assertThat(ok.portal()).isNotNull();
        }
    }

    @Test
    @DisplayName("build() names every missing piece at once, before touching any database")
    void namesEveryMissingPiece() {
        assertThatThrownBy(() -> JpaPortal.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dataSource(DataSource)")
                .hasMessageContaining("patientDirectory")
                .hasMessageContaining("scheduling")
                .hasMessageContaining("institution(id, settings)")
                .hasMessageContaining("email(EmailChannel)")
                .hasMessageContaining("sms(SmsChannel)")
                .hasMessageContaining("keys(CodeKeyring)")
                .hasMessageContaining("pseudonymKey(PseudonymKey)");
        assertThatThrownBy(() -> JpaPortal.builder()
                        .auditRetention(Period.ZERO)
                        .auditRetention(CLINIC, Period.ofYears(-1))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("auditRetention(Period) must be positive")
                .hasMessageContaining("auditRetention(" + CLINIC.value() + ", Period) must be positive");
    }

    private static Set<String> portalThreadsStartedSince(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Set<String> alive;
        do {
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t ->
                            !before.contains(t) && t.isAlive() && t.getName().startsWith("portal-"))
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            if (alive.isEmpty()) {
                return alive;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return alive;
    }

    private static long count(DataSource ds, String table) {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each identifier of the patients in the forms a table could hold it: TAJ, e-mail, phone with and without +. */
    private static List<String> identifiers(PatientProfile... profiles) {
        List<String> values = new java.util.ArrayList<>();
        for (PatientProfile p : profiles) {
            values.add(p.taj().digits());
            values.add(p.email().value());
            values.add(p.phone().e164());
            values.add(p.phone().e164().substring(1));
            values.add(p.phone().e164().substring(3)); // the national number without the country code
        }
        return values;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(10);
        }
    }
}
