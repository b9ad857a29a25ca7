package dev.patientportal.notify;

import static dev.patientportal.notify.support.Fixture.CLINIC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.ContentSource;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.EmailAddress;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.TajNumber;
import dev.patientportal.core.ValidationException;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.support.Fixture;
import dev.patientportal.testkit.TestPortal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Core publishes documents (the in-memory portal of portal-testkit) and the notifier delivers what core submits: every
 * combination of SMS enabled, devices registered, notify flag and visibility.
 */
class PolicyMatrixEndToEndTest {
    static final byte[] PDF = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    final TestPortal t = TestPortal.create();
    final Fixture f = new Fixture();
    final PatientId patient = PatientId.of("p-matrix");

    PortalNotifier notifier() {
        return f.notifier(Fixture.settings().build())
                .patientDirectory(t.patients())
                .grants(t.grants())
                .documents(t.documents())
                .build();
    }

    AccessGrant grant(boolean sms) {
        t.patients()
                .put(new PatientProfile(
                        CLINIC,
                        patient,
                        "Erzsébet",
                        "Kovácsné Szabó",
                        LocalDate.of(1975, 4, 12),
                        EmailAddress.parse("erzsebet.kovacs@example.test"),
                        new PhoneNumber("+36201234567"),
                        new TajNumber("123456788"),
                        "Kossuth Lajos utca 1",
                        Locale.forLanguageTag("hu-HU")));
        AccessGrant grant =
                t.portal().administration(t.staff(CLINIC)).grant(patient, AccessMethod.EMAIL_AND_PHONE, sms);
        t.notifier().clear();
        return grant;
    }

    Document publish(boolean visible, boolean notify) {
        return t.portal()
                .documents(t.staff(CLINIC))
                .publish(DocumentUpload.builder(patient, DocumentType.of("LAB_RESULT"))
                        .fileName("verkep-blood-count.pdf")
                        .content(ContentSource.ofBytes(PDF))
                        .patientAccess(visible)
                        .notifyPatient(notify)
                        .build());
    }

    List<DeliveryReport> deliverSubmitted(PortalNotifier notifier) {
        List<DeliveryReport> reports = new ArrayList<>();
        for (NotificationIntent intent : t.notifier().intents(NotificationIntent.Type.DOCUMENT_PUBLISHED)) {
            reports.add(notifier.deliver(intent));
        }
        return reports;
    }

    static Stream<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (boolean sms : new boolean[] {false, true}) {
            for (boolean devices : new boolean[] {false, true}) {
                for (boolean notify : new boolean[] {false, true}) {
                    for (boolean visible : new boolean[] {false, true}) {
                        all.add(Arguments.of(sms, devices, notify, visible));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "sms={0} devices={1} notify={2} visible={3}")
    @MethodSource("matrix")
    void delivers_exactly_the_seeds_channels(boolean sms, boolean devices, boolean notify, boolean visible) {
        grant(sms);
        if (devices) {
            f.devices.register(CLINIC, patient, Fixture.APP, PushToken.of("phone-of-p-matrix"));
        }
        if (notify && !visible) {
            assertThatThrownBy(() -> publish(visible, notify)).isInstanceOf(ValidationException.class);
        } else {
            publish(visible, notify);
        }

        List<DeliveryReport> reports = deliverSubmitted(notifier());

        if (!(notify && visible)) {
            assertThat(reports).isEmpty();
            assertThat(f.email.sent).isEmpty();
            return;
        }
        Set<Channel> expected = EnumSet.of(Channel.EMAIL);
        if (devices) {
            expected.add(Channel.PUSH);
        }
        if (sms) {
            expected.add(Channel.SMS);
        }
        assertThat(reports)
                .singleElement()
                .satisfies(r -> assertThat(r.sentChannels()).isEqualTo(expected));
        assertThat(f.email.sent).hasSize(1);
        assertThat(f.sms.sent).hasSize(sms ? 1 : 0);
        assertThat(f.push.messages).hasSize(devices ? 1 : 0);
    }

    @Test
    void a_hidden_document_made_visible_with_notify_is_announced_then() {
        grant(false);
        Document hidden = publish(false, false);
        t.portal().documents(t.staff(CLINIC)).setPatientAccess(hidden.id(), true, true, hidden.version());

        assertThat(deliverSubmitted(notifier()))
                .singleElement()
                .satisfies(r -> assertThat(r.sentChannels()).containsExactly(Channel.EMAIL));
    }

    @Test
    void a_document_hidden_again_before_delivery_is_not_announced() {
        grant(true);
        Document doc = publish(true, true);
        t.portal().documents(t.staff(CLINIC)).setPatientAccess(doc.id(), false, false, doc.version());

        assertThat(deliverSubmitted(notifier()))
                .singleElement()
                .satisfies(r -> assertThat(r.skipped().values()).containsOnly(SkipReason.SUBJECT_NOT_VISIBLE));
        assertThat(f.email.sent).isEmpty();
    }

    @Test
    void sms_switched_off_or_access_revoked_before_delivery_is_respected() {
        AccessGrant grant = grant(true);
        publish(true, true);
        AccessGrant noSms =
                t.portal().administration(t.staff(CLINIC)).setSmsNotifications(patient, false, grant.version());
        PortalNotifier notifier = notifier();

        assertThat(deliverSubmitted(notifier))
                .singleElement()
                .satisfies(r -> assertThat(r.skipped()).containsEntry(Channel.SMS, SkipReason.SMS_NOT_ENABLED));

        t.portal().administration(t.staff(CLINIC)).revoke(patient, "moved away", noSms.version());
        assertThat(deliverSubmitted(notifier))
                .singleElement()
                .satisfies(r -> assertThat(r.skipped().values()).containsOnly(SkipReason.GRANT_INACTIVE));
        assertThat(f.sms.sent).isEmpty();
    }
}
