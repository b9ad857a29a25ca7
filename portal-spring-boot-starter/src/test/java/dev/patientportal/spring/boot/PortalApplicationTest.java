package dev.patientportal.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.jpa.OutboxAdmin;
import dev.patientportal.spring.boot.internal.PortalConfigurationException;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.LocalTwilio;
import dev.patientportal.testkit.TestPatients;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A whole Boot application, as a host would write it (its two beans and properties), on H2 and on PostgreSQL: grant,
 * both logins with the codes read where they were sent (GreenMail for e-mail, a local Twilio for SMS), a document
 * notified through the outbox, a booking; the portal joining the host's transaction; a clean shutdown.
 */
class PortalApplicationTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static final byte[] PDF = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final String POSTGRES =
            "jdbc:postgresql://127.0.0.1:" + Integer.getInteger("portal.test.postgresql.port", 5432) + "/test";

    /** The host: its own application class and the two beans of {@link TestHost.Beans}. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(TestHost.Beans.class)
    static class ClinicApplication {}

    @Test
    @DisplayName("H2: the seed's flow in a Boot application")
    void onH2() throws Exception {
        try (LocalTwilio twilio = new LocalTwilio()) {
            runFlow(twilio, "spring.datasource.url=" + TestHost.h2Url());
        }
    }

    @Test
    @DisplayName("PostgreSQL: the seed's flow in a Boot application, in a fresh schema")
    void onPostgres() throws Exception {
        assumePostgres();
        String schema =
                "boot_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
        try (LocalTwilio twilio = new LocalTwilio()) {
            runFlow(
                    twilio,
                    "spring.datasource.url=" + POSTGRES + "?currentSchema=" + schema,
                    "spring.datasource.username=postgres",
                    "spring.flyway.schemas=" + schema,
                    "spring.jpa.properties.hibernate.default_schema=" + schema);
        } finally {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    @DisplayName("a host without a zone does not start: Boot's report names the property, without a stack trace")
    void missingZoneStopsTheStartWithAReport() {
        List<String> properties = new ArrayList<>(Arrays.asList(TestHost.portalProperties()));
        properties.removeIf(p -> p.startsWith("portal.institution.zone="));
        properties.add("spring.datasource.url=" + TestHost.h2Url());
        properties.add("spring.mail.host=127.0.0.1");
        properties.add("portal.twilio.account-sid=" + TestHost.ACCOUNT);
        properties.add("portal.twilio.auth-token=test-token");
        properties.add("portal.twilio.from=+3612345678");
        SpringApplicationBuilder app = new SpringApplicationBuilder(ClinicApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new));
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream err = System.err;
        java.io.PrintStream out = System.out;
        java.io.PrintStream both = new java.io.PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(both);
        System.setOut(both);
        try {
            assertThatThrownBy(app::run).hasRootCauseInstanceOf(PortalConfigurationException.class);
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("APPLICATION FAILED TO START")
                .contains("Property: portal.institution.zone")
                .contains("Europe/Budapest")
                .doesNotContain("\tat org.springframework.beans");
    }

    private static void assumePostgres() {
        boolean required = "true".equalsIgnoreCase(System.getenv("PORTAL_REQUIRE_DATABASES"))
                || "true".equalsIgnoreCase(System.getProperty("portal.requireDatabases"));
        boolean reachable;
        try (Connection c = DriverManager.getConnection(POSTGRES + "?connectTimeout=3", "postgres", "")) {
            reachable = c.isValid(3);
        } catch (SQLException e) {
            reachable = false;
        }
        if (!reachable && required) {
            throw new AssertionError("PORTAL_REQUIRE_DATABASES=true but PostgreSQL is not reachable at " + POSTGRES);
        }
        assumeTrue(reachable, "PostgreSQL not reachable at " + POSTGRES + "; this test runs on H2 only");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void runFlow(LocalTwilio twilio, String... database) throws Exception {
        List<String> properties = new ArrayList<>(Arrays.asList(TestHost.portalProperties()));
        properties.addAll(Arrays.asList(TestHost.twilioProperties(twilio)));
        properties.addAll(Arrays.asList(database));
        properties.add("spring.mail.host=127.0.0.1");
        properties.add("spring.mail.port=" + SMTP.getSmtp().getPort());
        properties.add("portal.keys.audit=" + TestHost.AUDIT_KEYS);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ClinicApplication.class)
                .web(WebApplicationType.NONE)
                .properties(properties.toArray(String[]::new))
                .run();
        JpaPortal jpaPortal = context.getBean(JpaPortal.class);
        try {
            assertThat(jpaPortal.isRunning()).isTrue();
            InMemoryPatientDirectory patients = context.getBean(InMemoryPatientDirectory.class);
            InMemoryScheduling scheduling = context.getBean(InMemoryScheduling.class);
            PatientPortal portal = context.getBean(PatientPortal.class);
            PortalLogin login = context.getBean(PortalLogin.class);
            PatientProfile anna = patients.put(TestPatients.next(TestHost.CLINIC, PatientId.of("p-anna")));
            PatientProfile bela = patients.put(TestPatients.next(TestHost.CLINIC, PatientId.of("p-bela")));
            Instant start = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
            scheduling.addSlot(
                    TestHost.CLINIC,
                    new Slot(SlotId.of("s-1"), ServiceTypeId.of("CONSULTATION"), start, start.plusSeconds(1800)));
            Staff staff = Staff.of(
                    TestHost.CLINIC,
                    StaffId.of("desk"),
                    StaffPermission.GRANT_ACCESS,
                    StaffPermission.UPLOAD_DOCUMENTS);
            RequestContext request = new RequestContext("203.0.113.9", "test", Locale.ENGLISH);

            portal.administration(staff).grant(anna.patient(), AccessMethod.EMAIL_AND_PHONE, true);
            portal.administration(staff).grant(bela.patient(), AccessMethod.TAJ_AND_PHONE, false);
            Document published = portal.documents(staff)
                    .publish(DocumentUpload.builder(anna.patient(), DocumentType.of("LAB_RESULT"))
                            .fileName("lelet.pdf")
                            .content(PDF)
                            .patientAccess(true)
                            .notifyPatient(true)
                            .build());
            // two welcome e-mails and the document's e-mail and SMS, delivered by the outbox after the commits
            await(() -> SMTP.getReceivedMessages().length >= 3 && !twilio.sent().isEmpty());

            // TAJ + phone: one SMS code, through Twilio's API
            String belaPhone = bela.phone().e164();
            Challenge taj =
                    login.start(new TajAndPhone(TestHost.CLINIC, bela.taj().digits(), belaPhone), request);
            await(() -> smsCode(twilio, belaPhone) != null);
            assertThat(login.verify(taj, Factor.SMS, smsCode(twilio, belaPhone), request)
                            .session())
                    .isPresent();

            // e-mail + phone: a code by e-mail (GreenMail) and one by SMS
            String annaPhone = anna.phone().e164();
            String annaEmail = anna.email().value();
            int texts = twilio.sent().size();
            Challenge two = login.start(new EmailAndPhone(TestHost.CLINIC, annaEmail, annaPhone), request);
            await(() -> twilio.sent().size() > texts && emailCode(annaEmail) != null);
            login.verify(two, Factor.EMAIL, emailCode(annaEmail), request);
            String token = login.verify(two, Factor.SMS, smsCode(twilio, annaPhone), request)
                    .session()
                    .orElseThrow()
                    .token();

            PatientView me = portal.patient(token, request);
            // by id: the stored times are the database's precision, not the clock's
            assertThat(me.documents(DocumentFilter.firstPage()).items())
                    .extracting(Document::id)
                    .containsExactly(published.id());
            int beforeBooking = SMTP.getReceivedMessages().length;
            Reservation booked = me.book(SlotId.of("s-1"), "req-1");
            assertThat(me.reservations()).containsExactly(booked);
            await(() -> SMTP.getReceivedMessages().length > beforeBooking); // the confirmation
            OutboxAdmin outbox = context.getBean(OutboxAdmin.class);
            await(() -> outbox.pendingCount() == 0);
            assertThat(outbox.parkedCount()).isZero();

            // the portal joins the host's transaction: a grant in a unit the host rolls back is gone with it
            PatientProfile cili = patients.put(TestPatients.next(TestHost.CLINIC, PatientId.of("p-cili")));
            TransactionTemplate host = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
            assertThatThrownBy(() -> host.executeWithoutResult(status -> {
                        portal.administration(staff).grant(cili.patient(), AccessMethod.TAJ_AND_PHONE, false);
                        throw new IllegalStateException("the host's own work failed");
                    }))
                    .hasMessage("the host's own work failed");
            assertThat(portal.administration(staff).find(cili.patient())).isEmpty();

            assertThat(context.getBean(dev.patientportal.core.AuditVerifier.class)
                            .verify(TestHost.CLINIC)
                            .isIntact())
                    .isTrue();
        } finally {
            context.close();
        }
        assertThat(jpaPortal.isRunning()).as("stopped with the context").isFalse();
    }

    private static @Nullable String smsCode(LocalTwilio twilio, String e164) {
        String code = null;
        for (Map<String, String> form : twilio.sent()) {
            if (e164.equals(form.get("To"))) {
                Matcher m = CODE.matcher(form.getOrDefault("Body", ""));
                if (m.find()) {
                    code = m.group(1);
                }
            }
        }
        return code;
    }

    /** The code of the latest e-mail to an address that has one (the welcome and document e-mails have none). */
    private static @Nullable String emailCode(String address) {
        MimeMessage[] received = SMTP.getReceivedMessages();
        try {
            for (int i = received.length - 1; i >= 0; i--) {
                Address[] to = received[i].getAllRecipients();
                if (to == null || Arrays.stream(to).noneMatch(a -> a.toString().contains(address))) {
                    continue;
                }
                Object content = received[i].getContent();
                String text = content instanceof MimeMultipart multipart
                        ? String.valueOf(multipart.getBodyPart(0).getContent())
                        : String.valueOf(content);
                Matcher m = CODE.matcher(text);
                if (m.find()) {
                    return m.group(1);
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return null;
    }

    private static String describe() {
        StringBuilder b = new StringBuilder();
        try {
            for (MimeMessage m : SMTP.getReceivedMessages()) {
                b.append("\n  mail to ")
                        .append(Arrays.toString(m.getAllRecipients()))
                        .append(": ")
                        .append(m.getSubject());
            }
        } catch (jakarta.mail.MessagingException e) {
            b.append(e);
        }
        return b.toString();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s; sent: " + describe());
            }
            Thread.sleep(20);
        }
    }
}
