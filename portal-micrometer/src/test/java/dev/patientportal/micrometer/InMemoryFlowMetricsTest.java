package dev.patientportal.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.ServerKey;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.spi.Notifier;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.notify.MessageType;
import dev.patientportal.notify.PortalNotifier;
import dev.patientportal.notify.TemplatePart;
import dev.patientportal.notify.Templates;
import dev.patientportal.testkit.TestPortal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The in-memory portal of portal-testkit with the real login and notifier, wired to {@link PortalMeters} on a
 * {@link SimpleMeterRegistry}: logins, codes, SMS segments and cost (against the segment oracle) and deliveries.
 */
class InMemoryFlowMetricsTest {
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-mm");
    private static final BigDecimal PRICE = new BigDecimal("0.0750");
    private static final RequestContext REQUEST = RequestContext.fromAddress("198.51.100.7");
    private static final byte[] PDF = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PortalMeters meters = PortalMeters.create(registry);
    private final Channels channels = new Channels();

    /** The portal's notifier, set once the test portal's directory exists. */
    private static final class Forwarding implements Notifier {
        volatile @Nullable Notifier target;

        @Override
        public void submit(NotificationIntent intent) {
            Objects.requireNonNull(target).submit(intent);
        }
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void aFullFlow_countsLoginsCodesSmsAndDeliveries_withoutPersonalData() {
        List<SmsOracle.Case> oracle = SmsOracle.templateCases(2);
        assertThat(oracle).extracting(SmsOracle.Case::encoding).contains("GSM7", "UCS2");

        Forwarding forwarding = new Forwarding();
        TestPortal t = TestPortal.builder()
                .customize(pb -> pb.notifications(forwarding))
                .build();
        PortalNotifier.Builder notifierBuilder = PortalNotifier.builder()
                .patientDirectory(t.patients())
                .institution(
                        CLINIC,
                        InstitutionSettings.builder("Klinika", URI.create("https://portal.example.org"))
                                .zone(ZoneId.of("Europe/Budapest"))
                                .build())
                .email(channels)
                .sms(channels)
                .stores(t.stores())
                .smsPricePerSegment(PRICE)
                .clock(t.clock())
                .metrics(meters);
        PortalNotifier notifier = notifierBuilder.build();
        forwarding.target = notifier;
        PortalLogin login = PortalLogin.builder()
                .grants(t.grants())
                .audit(t.audit())
                .patientDirectory(t.patients())
                .codeSender(notifier)
                .keys(CodeKeyring.of(ServerKey.random("k1")))
                .clock(t.clock())
                .codeDelivery(Runnable::run)
                .metrics(meters)
                .build();

        PatientProfile anna = t.addPatient(CLINIC, PatientId.of("p-anna"));
        t.portal().administration(t.staff(CLINIC)).grant(anna.patient(), AccessMethod.TAJ_AND_PHONE, true);
        // the welcome e-mail
        assertThat(registry.get("portal.notifications.delivered")
                        .tags("institution", CLINIC.value(), "channel", "email")
                        .timer()
                        .count())
                .isEqualTo(1);

        // a wrong code, then the right one
        Challenge c = login.start(
                new TajAndPhone(CLINIC, anna.taj().digits(), anna.phone().e164()), REQUEST);
        String code = channels.lastSmsCode();
        String wrong =
                code.charAt(0) == '9' ? "1" + code.substring(1) : (char) (code.charAt(0) + 1) + code.substring(1);
        assertThatThrownBy(() -> login.verify(c, Factor.SMS, wrong, REQUEST))
                .isInstanceOf(AuthenticationException.class);
        assertThat(login.verify(c, Factor.SMS, code, REQUEST).session()).isPresent();

        assertThat(count("portal.login", "institution", CLINIC.value(), "outcome", "failure", "reason", "wrong_code"))
                .isEqualTo(1);
        assertThat(count("portal.login", "institution", CLINIC.value(), "outcome", "success", "reason", "none"))
                .isEqualTo(1);
        assertThat(count("portal.codes.sent", "institution", CLINIC.value(), "channel", "sms", "outcome", "sent"))
                .isEqualTo(1);
        int codeSegments = channels.segments();

        // One document per oracle text, its SMS text being exactly that text.
        int expected = codeSegments;
        for (SmsOracle.Case text : oracle) {
            notifier = notifierBuilder
                    .templates(Templates.builder()
                            .withDefaults()
                            .put(
                                    Locale.forLanguageTag("hu"),
                                    MessageType.DOCUMENT_PUBLISHED,
                                    TemplatePart.SMS_TEXT,
                                    text.text())
                            .build())
                    .build();
            forwarding.target = notifier;
            int before = channels.sms.size();
            t.portal()
                    .documents(t.staff(CLINIC))
                    .publish(DocumentUpload.builder(anna.patient(), DocumentType.of("LAB_RESULT"))
                            .fileName("lelet.pdf")
                            .content(PDF)
                            .patientAccess(true)
                            .notifyPatient(true)
                            .build());
            assertThat(channels.sms).hasSize(before + 1);
            assertThat(channels.sms.get(before).text()).isEqualTo(text.text());
            expected += text.segments();
        }
        assertThat(channels.segments())
                .as("the notifier's count agrees with the oracle")
                .isEqualTo(expected);
        assertThat(count("portal.sms.segments", "institution", CLINIC.value())).isEqualTo(expected);
        assertThat(count("portal.sms.cost", "institution", CLINIC.value()))
                .isCloseTo(
                        PRICE.multiply(BigDecimal.valueOf(expected)).doubleValue(),
                        org.assertj.core.data.Offset.offset(1e-9));
        var sms = registry.get("portal.notifications.delivered")
                .tags("institution", CLINIC.value(), "channel", "sms")
                .timer();
        assertThat(sms.count()).isEqualTo(oracle.size());
        assertThat(sms.max(TimeUnit.SECONDS)).as("delivered at once").isZero();

        // a later notification's latency counts from its intent's creation, by the notifier's clock
        t.clock().advance(Duration.ofSeconds(30));
        channels.smsAnswer = m -> dev.patientportal.notify.DeliveryResult.failed(
                dev.patientportal.notify.DeliveryResult.FailureReason.INVALID_NUMBER, "21211");
        NotificationIntent late = new NotificationIntent(
                java.util.UUID.randomUUID(),
                NotificationIntent.Type.DOCUMENT_PUBLISHED,
                CLINIC,
                anna.patient(),
                null,
                true,
                t.clock().instant().minusSeconds(45),
                java.util.Map.of());
        notifier.deliver(late);
        assertThat(registry.get("portal.notifications.delivered")
                        .tags("institution", CLINIC.value(), "channel", "email")
                        .timer()
                        .max(TimeUnit.SECONDS))
                .isEqualTo(45);
        assertThat(count(
                        "portal.notifications.failed",
                        "institution",
                        CLINIC.value(),
                        "channel",
                        "sms",
                        "outcome",
                        "failed_permanently"))
                .isEqualTo(1);

        assertThat(Phi.assertNone(registry, List.of(anna))).isGreaterThanOrEqualTo(6);
    }
}
