package dev.patientportal.spring.web;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.patientportal.auth.AuthSettings;
import dev.patientportal.core.DocumentPolicy;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.spi.BookingOutcome;
import dev.patientportal.core.spi.SchedulingGateway;
import dev.patientportal.spring.boot.JpaPortalCustomizer;
import dev.patientportal.spring.web.spi.StaffResolver;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.LocalTwilio;
import dev.patientportal.testkit.MutableClock;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A clinic's Boot application with the starter and portal-spring-web, on a random port, with the mail it sends caught
 * by GreenMail and its SMS by a local Twilio: the host the web tests drive over real HTTP.
 */
final class WebHost implements AutoCloseable {
    static final InstitutionId CLINIC = InstitutionId.of("clinic-web");
    static final String ACCOUNT = LocalTwilio.ACCOUNT_SID;
    /** The header the test's {@link StaffResolver} reads: the staff id. */
    static final String STAFF_HEADER = "X-Test-Staff";
    /** The header with the staff member's permissions, comma-separated; all of them when absent. */
    static final String PERMISSIONS_HEADER = "X-Test-Permissions";

    /** The document policy's size limit in the test host. */
    static final int MAX_UPLOAD = 256 * 1024;

    /** The log file of every host of the suite. */
    static final String LOG_FILE = "target/portal-web-test.log";

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    final LocalTwilio twilio = new LocalTwilio();
    final ConfigurableApplicationContext context;
    final URI base;

    /** The test host's own beans: its records, its booking system (which can be made to fail), staff mapping. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        InMemoryPatientDirectory patients() {
            return new InMemoryPatientDirectory();
        }

        @Bean
        FailingScheduling scheduling() {
            return new FailingScheduling(new InMemoryScheduling());
        }

        /** The host's own endpoint, which fails with one of the portal's exceptions. */
        @org.springframework.web.bind.annotation.RestController
        static class HostEndpoint {
            @org.springframework.web.bind.annotation.GetMapping("/host/fail")
            String fail() {
                throw new dev.patientportal.core.ValidationException("clinicField", "is the host's");
            }
        }

        /** The host's own error handling, which the portal's must leave alone. */
        @org.springframework.web.bind.annotation.RestControllerAdvice
        static class HostAdvice {
            @org.springframework.web.bind.annotation.ExceptionHandler(dev.patientportal.core.ValidationException.class)
            org.springframework.http.ResponseEntity<String> handle(dev.patientportal.core.ValidationException e) {
                return org.springframework.http.ResponseEntity.status(418).body("the host's own handling");
            }
        }

        /** The portal's clock, which a test moves past a cool-down instead of waiting for it. */
        @Bean
        MutableClock portalClock() {
            return MutableClock.ofSystemTime();
        }

        /** A small upload limit, so that the tests can pass it cheaply; the test's clock. */
        @Bean
        JpaPortalCustomizer testPortal(MutableClock clock) {
            // every test client is 127.0.0.1, and the test clock does not roll the hour: limits per address and
            // institution a suite's worth higher than a clinic's (per phone and e-mail they stay the defaults)
            return builder -> builder.documentPolicy(
                            DocumentPolicy.builder().maxSizeBytes(MAX_UPLOAD).build())
                    .clock(clock)
                    .authSettings(AuthSettings.builder()
                            .sendsPerClientAddress(10_000, 100_000)
                            .sendsPerInstitution(10_000, 100_000)
                            .build());
        }

        @Bean
        StaffResolver staffResolver() {
            return request -> {
                String id = request.getHeader(STAFF_HEADER);
                if (id == null || id.isBlank()) {
                    return Optional.empty();
                }
                String listed = request.getHeader(PERMISSIONS_HEADER);
                Set<StaffPermission> permissions = EnumSet.allOf(StaffPermission.class);
                if (listed != null) {
                    permissions = EnumSet.noneOf(StaffPermission.class);
                    for (String p : listed.split(",")) {
                        if (!p.isBlank()) {
                            permissions.add(StaffPermission.valueOf(p.strip()));
                        }
                    }
                }
                return Optional.of(new Staff(CLINIC, StaffId.of(id), permissions));
            };
        }
    }

    WebHost(String... properties) {
        smtp.start();
        List<String> all = new ArrayList<>(List.of(
                "server.port=0",
                // Boot's own logging, as a host has it: every line in one file that WebApiTest scans for personal data
                "logging.file.name=" + LOG_FILE,
                "logging.level.dev.patientportal=DEBUG",
                // GreenMail is the test's mail server, not the host: it logs every address it creates a mailbox for
                "logging.level.com.icegreen=WARN",
                "spring.datasource.url=jdbc:h2:mem:web_"
                        + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=validate",
                "spring.mail.host=127.0.0.1",
                "spring.mail.port=" + smtp.getSmtp().getPort(),
                "portal.institution.id=" + CLINIC,
                "portal.institution.name=Klinika",
                "portal.institution.portal-url=https://portal.example.org",
                "portal.institution.zone=Europe/Budapest",
                "portal.institution.push-app=clinic-app",
                "portal.keys.codes=2026-12:" + "A".repeat(43) + "=",
                "portal.keys.pseudonym=pseudonym-1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                "portal.mail.from=portal@clinic.example",
                "portal.dispatcher.poll-interval=50ms",
                "portal.twilio.account-sid=" + ACCOUNT,
                "portal.twilio.auth-token=test-token",
                "portal.twilio.from=+3612345678",
                "portal.twilio.base-uri=" + twilio.uri(),
                // the portal's own limit applies, not Boot's default of 1MB
                "spring.servlet.multipart.max-file-size=-1",
                "spring.servlet.multipart.max-request-size=-1"));
        all.addAll(Arrays.asList(properties));
        try {
            context = new SpringApplicationBuilder(App.class)
                    .web(WebApplicationType.SERVLET)
                    .properties(all.toArray(String[]::new))
                    .run();
        } catch (RuntimeException e) {
            smtp.stop();
            twilio.close();
            throw e;
        }
        base = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    InMemoryScheduling scheduling() {
        return bean(FailingScheduling.class).delegate;
    }

    InMemoryPatientDirectory patients() {
        return bean(InMemoryPatientDirectory.class);
    }

    /** The latest code texted to a number, waiting for it to arrive when it is not yet there. */
    String smsCode(String e164, int textsBefore) {
        await(() -> latestSms(e164, textsBefore) != null);
        return String.valueOf(latestSms(e164, textsBefore));
    }

    int texts() {
        return twilio.sent().size();
    }

    int mails() {
        return smtp.getReceivedMessages().length;
    }

    private @Nullable String latestSms(String e164, int textsBefore) {
        return twilio.latestCode(e164, textsBefore).orElse(null);
    }

    /** The code of the latest e-mail to an address after the first {@code mailsBefore}, waiting for it. */
    String emailCode(String address, int mailsBefore) {
        await(() -> latestEmailCode(address, mailsBefore) != null);
        return String.valueOf(latestEmailCode(address, mailsBefore));
    }

    private @Nullable String latestEmailCode(String address, int mailsBefore) {
        MimeMessage[] received = smtp.getReceivedMessages();
        try {
            for (int i = received.length - 1; i >= mailsBefore; i--) {
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

    static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            smtp.stop();
            twilio.close();
        }
    }

    /** The host's booking system, which a test can make unreachable: every call then fails as a timeout would. */
    static final class FailingScheduling implements SchedulingGateway {
        final AtomicBoolean down = new AtomicBoolean();
        final InMemoryScheduling delegate;

        FailingScheduling(InMemoryScheduling delegate) {
            this.delegate = delegate;
        }

        private void check() {
            if (down.get()) {
                throw new TemporaryFailureException("the booking system did not answer");
            }
        }

        @Override
        public List<Reservation> reservations(InstitutionId institution, PatientId patient) {
            check();
            return delegate.reservations(institution, patient);
        }

        @Override
        public Optional<Reservation> reservation(InstitutionId institution, ReservationId id) {
            check();
            return delegate.reservation(institution, id);
        }

        @Override
        public List<Slot> availableSlots(InstitutionId institution, SlotQuery query) {
            check();
            return delegate.availableSlots(institution, query);
        }

        @Override
        public Optional<Slot> slot(InstitutionId institution, SlotId id) {
            check();
            return delegate.slot(institution, id);
        }

        @Override
        public boolean isTaken(InstitutionId institution, SlotId id) {
            check();
            return delegate.isTaken(institution, id);
        }

        @Override
        public Optional<Reservation> findByIdempotencyKey(
                InstitutionId institution, PatientId patient, String idempotencyKey) {
            check();
            return delegate.findByIdempotencyKey(institution, patient, idempotencyKey);
        }

        @Override
        public Reservation book(InstitutionId institution, PatientId patient, SlotId slot, String idempotencyKey) {
            check();
            return delegate.book(institution, patient, slot, idempotencyKey);
        }

        @Override
        public BookingOutcome bookWithOutcome(
                InstitutionId institution, PatientId patient, SlotId slot, String idempotencyKey) {
            check();
            return delegate.bookWithOutcome(institution, patient, slot, idempotencyKey);
        }

        @Override
        public Reservation reschedule(InstitutionId institution, ReservationId reservation, SlotId slot) {
            check();
            return delegate.reschedule(institution, reservation, slot);
        }

        @Override
        public Reservation cancel(InstitutionId institution, ReservationId reservation) {
            check();
            return delegate.cancel(institution, reservation);
        }
    }
}
