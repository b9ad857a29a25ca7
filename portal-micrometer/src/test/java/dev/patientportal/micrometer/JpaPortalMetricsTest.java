package dev.patientportal.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.ServerKey;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.jpa.OutboxHealth;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.MutableClock;
import dev.patientportal.testkit.TestPatients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one entry point with {@link PortalMeters} and {@link OutboxMeters} on a {@link SimpleMeterRegistry}, on each
 * database: the outbox's gauges and health through an overdue message, a delivery (latency timer) and a parked one;
 * logins and codes; and no personal data in any meter of the whole scenario.
 */
class JpaPortalMetricsTest {
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-jm");
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final RequestContext REQUEST = RequestContext.fromAddress("203.0.113.9");
    private static final byte[] PDF = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    private double oldestDueSeconds() {
        return registry.get(OutboxMeters.OLDEST_DUE_AGE).timeGauge().value(TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Db.class)
    void theOutboxGaugesHealthAndTimers_andNoPersonalDataAnywhere(Db db) throws Exception {
        try (Db.Schema schema = db.open()) {
            InMemoryPatientDirectory patients = new InMemoryPatientDirectory();
            PatientProfile anna = patients.put(TestPatients.next(CLINIC, PatientId.of("p-anna")));
            Channels channels = new Channels();
            MutableClock clock = MutableClock.at(Instant.parse("2026-10-20T08:00:00Z"));
            Staff staff = Staff.of(
                    CLINIC, StaffId.of("desk"), StaffPermission.GRANT_ACCESS, StaffPermission.UPLOAD_DOCUMENTS);

            try (JpaPortal portal = JpaPortal.builder()
                    .dataSource(schema.dataSource)
                    .patientDirectory(patients)
                    .scheduling(new InMemoryScheduling())
                    .institution(
                            CLINIC,
                            InstitutionSettings.builder("Klinika", URI.create("https://portal.example.org"))
                                    .zone(ZoneId.of("Europe/Budapest"))
                                    .build())
                    .email(channels)
                    .sms(channels)
                    .smsPricePerSegment(new BigDecimal("0.05"))
                    .keys(CodeKeyring.of(ServerKey.random("k1")))
                    .singleNode()
                    .clock(clock)
                    .codeDelivery(Runnable::run)
                    .deferStart() // the test drives the dispatcher
                    .metrics(PortalMeters.create(registry))
                    .build()) {
                OutboxMeters.of(portal.outbox(), Duration.ZERO).bindTo(registry);
                assertThat(gauge(OutboxMeters.PENDING)).isZero();
                assertThat(portal.outbox().health(LIMIT).isUp()).isTrue();

                // The welcome e-mail waits in the outbox, nobody delivering it.
                portal.portal().administration(staff).grant(anna.patient(), AccessMethod.TAJ_AND_PHONE, true);
                clock.advance(Duration.ofMinutes(10));
                assertThat(gauge(OutboxMeters.PENDING)).isEqualTo(1);
                assertThat(oldestDueSeconds()).isEqualTo(600);
                OutboxHealth late = portal.outbox().health(LIMIT);
                assertThat(late.status()).isEqualTo(OutboxHealth.Status.DOWN);
                assertThat(late.reason()).contains("PT10M");

                // Delivered: one latency sample of 10 minutes, per message and for the e-mail channel.
                assertThat(portal.dispatcher().drainOnce()).isEqualTo(1);
                var latency = registry.get(PortalMeters.OUTBOX_LATENCY)
                        .tags("institution", CLINIC.value())
                        .timer();
                assertThat(latency.count()).isEqualTo(1);
                assertThat(latency.totalTime(TimeUnit.SECONDS)).isEqualTo(600);
                assertThat(registry.get(PortalMeters.NOTIFICATIONS_DELIVERED)
                                .tags("channel", "email")
                                .timer()
                                .max(TimeUnit.SECONDS))
                        .isEqualTo(600);
                assertThat(gauge(OutboxMeters.PENDING)).isZero();
                assertThat(oldestDueSeconds()).isZero();
                assertThat(portal.outbox().health(LIMIT).isUp()).isTrue();

                // A failed and a successful login.
                Challenge c = portal.login()
                        .start(
                                new TajAndPhone(
                                        CLINIC,
                                        anna.taj().digits(),
                                        anna.phone().e164()),
                                REQUEST);
                String code = channels.lastSmsCode();
                String wrong =
                        (code.charAt(0) == '9' ? "0" : String.valueOf((char) (code.charAt(0) + 1))) + code.substring(1);
                assertThatThrownBy(() -> portal.login().verify(c, Factor.SMS, wrong, REQUEST))
                        .isInstanceOf(AuthenticationException.class);
                assertThat(portal.login().verify(c, Factor.SMS, code, REQUEST).session())
                        .isPresent();
                assertThat(registry.get(PortalMeters.LOGIN)
                                .tags("outcome", "failure", "reason", "wrong_code")
                                .counter()
                                .count())
                        .isEqualTo(1);
                assertThat(registry.get(PortalMeters.LOGIN)
                                .tags("outcome", "success")
                                .counter()
                                .count())
                        .isEqualTo(1);
                assertThat(registry.get(PortalMeters.CODES_SENT)
                                .tags("channel", "sms", "outcome", "sent")
                                .counter()
                                .count())
                        .isEqualTo(1);

                // A document whose SMS the provider rejects for good: the message is parked.
                channels.smsAnswer = m -> DeliveryResult.failed(DeliveryResult.FailureReason.INVALID_NUMBER, "21211");
                portal.portal()
                        .documents(staff)
                        .publish(DocumentUpload.builder(anna.patient(), DocumentType.of("LAB_RESULT"))
                                .fileName("lelet.pdf")
                                .content(PDF)
                                .patientAccess(true)
                                .notifyPatient(true)
                                .build());
                assertThat(portal.dispatcher().drainOnce()).isEqualTo(1);
                assertThat(gauge(OutboxMeters.PARKED)).isEqualTo(1);
                OutboxHealth parked = portal.outbox().health(LIMIT);
                assertThat(parked.status()).isEqualTo(OutboxHealth.Status.DOWN);
                assertThat(parked.reason()).isEqualTo("1 message is parked");
                assertThat(registry.get(PortalMeters.OUTBOX_OUTCOMES)
                                .tags("outcome", "parked")
                                .counter()
                                .count())
                        .isEqualTo(1);
                assertThat(registry.get(PortalMeters.NOTIFICATIONS_FAILED)
                                .tags("channel", "sms", "outcome", "failed_permanently")
                                .counter()
                                .count())
                        .isEqualTo(1);
                // Only the code SMS was billed: the rejected one was given back to the ledger.
                assertThat(registry.get(PortalMeters.SMS_SEGMENTS).counter().count())
                        .isEqualTo(channels.sms.get(0).segments().segments());

                assertThat(Phi.assertNone(registry, List.of(anna))).isGreaterThanOrEqualTo(10);
            }
        }
    }
}
