package dev.patientportal.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Staff;
import dev.patientportal.jpa.testing.DatabaseKind;
import dev.patientportal.jpa.testing.Databases;
import dev.patientportal.jpa.testing.TestDatabase;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.notify.PortalNotifier;
import dev.patientportal.notify.RetryPolicy;
import dev.patientportal.notify.spi.EmailMessage;
import dev.patientportal.notify.spi.PushMessage;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.spi.SmsMessage;
import dev.patientportal.testkit.MutableClock;
import dev.patientportal.testkit.TestPortal;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The outbox delivering through portal-notify, per database: the real portal on JPA stores with the
 * {@link OutboxNotifier}, an {@link OutboxDispatcher} with {@link NotifyOutboxDelivery}, and a {@link PortalNotifier}
 * whose e-mail, SMS and push channels are in-memory lambdas. The dispatcher is drained by hand on a test clock, so
 * back-off is stepped through without waiting.
 */
class OutboxToNotifyTest {
    private static final byte[] PDF = ("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                    + "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final String APP = "clinic-app";

    /** The portal, the notifier and its channels on one database. */
    private static final class Setup implements AutoCloseable {
        final TestDatabase db;
        final ResourceLocalTransactionRunner tx;
        final TestPortal t;
        final InstitutionId clinic = InstitutionId.of("clinic-notify");
        final PatientId patient;
        final Staff staff;
        final JpaNotifyStores notifyStores;
        final List<EmailMessage> emails = new CopyOnWriteArrayList<>();
        final List<SmsMessage> smsTried = new CopyOnWriteArrayList<>();
        final List<SmsMessage> smsSent = new CopyOnWriteArrayList<>();
        final List<PushMessage> pushes = new CopyOnWriteArrayList<>();
        volatile Function<Integer, DeliveryResult> sms = n -> DeliveryResult.sent("sms-" + n);
        final OutboxDispatcher dispatcher;
        final OutboxAdmin admin;

        Setup(DatabaseKind kind) {
            Databases.assumeAvailable(kind);
            db = TestDatabase.create(kind);
            tx = ResourceLocalTransactionRunner.create(db.openEntityManagerFactory(4));
            JpaStores stores = JpaStores.create(tx);
            MutableClock clock = MutableClock.at(TestPortal.DEFAULT_START);
            t = TestPortal.builder()
                    .clock(clock)
                    .transactions(tx)
                    .customize(b -> b.stores(stores).singleNode().notifications(OutboxNotifier.create(tx, clock)))
                    .build();
            notifyStores = JpaNotifyStores.create(tx, t.clock());
            patient = t.addPatient(clinic, PatientId.of("p-notify")).patient();
            staff = t.staff(clinic);
            PortalNotifier notifier = PortalNotifier.builder()
                    .patientDirectory(t.patients())
                    .institution(
                            clinic,
                            InstitutionSettings.builder("Clinica Demo", URI.create("https://portal.example.org"))
                                    .defaultLocale(Locale.ENGLISH)
                                    .zone(ZoneOffset.UTC)
                                    .pushApp(APP)
                                    .build())
                    .email(m -> {
                        emails.add(m);
                        return DeliveryResult.sent("mail-" + emails.size());
                    })
                    .sms(m -> {
                        smsTried.add(m);
                        DeliveryResult r = sms.apply(smsTried.size());
                        if (r.status() == DeliveryResult.Status.SENT) {
                            smsSent.add(m);
                        }
                        return r;
                    })
                    .push((m, tokens) -> {
                        pushes.add(m);
                        return tokens.stream()
                                .map(token -> DeliveryResult.sent("push-" + pushes.size()))
                                .toList();
                    })
                    .devices(notifyStores.devices())
                    .smsUsage(notifyStores.smsUsage())
                    .smsPricePerSegment(new BigDecimal("0.05"))
                    .grants(stores.grants())
                    .documents(stores.documents())
                    .audit(stores.audit())
                    .retry(RetryPolicy.none())
                    .transactions(tx)
                    .clock(t.clock())
                    .build();
            dispatcher = OutboxDispatcher.builder(tx, NotifyOutboxDelivery.create(notifier))
                    .clock(t.clock())
                    .backoff(Duration.ofMinutes(1), Duration.ofMinutes(10))
                    .maxAttempts(5)
                    .build();
            admin = OutboxAdmin.create(tx, tx, t.clock());
            tx.inTransaction(() -> {
                notifyStores.devices().register(clinic, patient, APP, PushToken.of("device-token-1"));
                return null;
            });
            t.portal().administration(staff).grant(patient, AccessMethod.TAJ_AND_PHONE, true);
        }

        Document publish() {
            return t.portal()
                    .documents(staff)
                    .publish(DocumentUpload.builder(patient, DocumentType.of("LAB_RESULT"))
                            .fileName("lelet.pdf")
                            .content(PDF)
                            .patientAccess(true)
                            .notifyPatient(true)
                            .build());
        }

        /** Drains due messages until none is due, at most ten rounds. */
        void drain() {
            for (int i = 0; i < 10 && dispatcher.drainOnce() > 0; i++) {
                // keep going
            }
        }

        List<String> emailReferences() {
            List<String> refs = new ArrayList<>();
            emails.forEach(m -> refs.add(m.reference()));
            return refs;
        }

        @Override
        public void close() {
            db.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("a published document reaches the patient by e-mail, SMS and push, each once")
    void publishedDocument_isDeliveredOnEveryChannel(DatabaseKind kind) {
        try (Setup s = new Setup(kind)) {
            s.drain();
            assertThat(s.emails).hasSize(1); // the welcome e-mail of the grant, and nothing else
            assertThat(s.smsTried).isEmpty();
            s.emails.clear();

            s.publish();
            s.drain();

            assertThat(s.emails).hasSize(1);
            assertThat(s.smsSent).hasSize(1);
            assertThat(s.pushes).hasSize(1);
            assertThat(s.smsSent.get(0).reference())
                    .isEqualTo(s.emails.get(0).reference())
                    .isEqualTo(s.pushes.get(0).reference());
            assertThat(s.admin.pendingCount()).isZero();
            assertThat(s.admin.parkedCount()).isZero();
            assertThat(s.tx.inTransaction(() -> s.notifyStores
                                    .smsUsage()
                                    .usage(
                                            s.clinic,
                                            YearMonth.from(s.t.clock().instant().atZone(ZoneOffset.UTC))))
                            .messages())
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName(
            "an SMS provider busy twice: only the SMS is retried, after the delay it asked for; one e-mail, one push")
    void busySms_isRetriedAloneUntilSent(DatabaseKind kind) {
        try (Setup s = new Setup(kind)) {
            s.drain();
            s.emails.clear();
            s.sms = n -> n <= 2
                    ? DeliveryResult.retryLater(Duration.ofMinutes(5), "http-503")
                    : DeliveryResult.sent("sms-" + n);

            s.publish();
            s.drain();
            assertThat(s.smsTried).hasSize(1);
            assertThat(s.emails).hasSize(1);
            assertThat(s.pushes).hasSize(1);
            assertThat(s.admin.pendingCount()).isEqualTo(1);

            s.t.clock().advance(Duration.ofMinutes(4));
            s.drain();
            assertThat(s.smsTried)
                    .as("not due before the provider's Retry-After")
                    .hasSize(1);

            s.t.clock().advance(Duration.ofMinutes(2));
            s.drain();
            assertThat(s.smsTried).hasSize(2);
            s.t.clock().advance(Duration.ofMinutes(6));
            s.drain();

            assertThat(s.smsTried).hasSize(3);
            assertThat(s.smsSent).hasSize(1);
            assertThat(s.emails)
                    .as("no duplicate e-mail while only the SMS was retrying")
                    .hasSize(1);
            assertThat(s.pushes).as("no duplicate push").hasSize(1);
            assertThat(s.admin.pendingCount()).isZero();
            assertThat(s.admin.parkedCount()).isZero();
            // Unsent SMS were given back to the ledger: one message counted.
            assertThat(s.tx.inTransaction(() -> s.notifyStores
                                    .smsUsage()
                                    .usage(
                                            s.clinic,
                                            YearMonth.from(s.t.clock().instant().atZone(ZoneOffset.UTC))))
                            .messages())
                    .isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DatabaseKind.class)
    @DisplayName("an invalid phone number parks the message with a PHI-free reason; staff retry re-sends only the SMS")
    void invalidNumber_parksAndStaffRetrySendsOnlySms(DatabaseKind kind) {
        try (Setup s = new Setup(kind)) {
            s.drain();
            s.emails.clear();
            s.sms = n -> DeliveryResult.failed(DeliveryResult.FailureReason.INVALID_NUMBER, "21211");

            Document doc = s.publish();
            s.drain();

            assertThat(s.emails).hasSize(1);
            assertThat(s.pushes).hasSize(1);
            assertThat(s.smsSent).isEmpty();
            List<ParkedMessage> parked = s.admin.listParked(10);
            assertThat(parked).singleElement().satisfies(m -> {
                assertThat(m.intent().subjectId()).isEqualTo(doc.id().value());
                assertThat(m.lastError()).isEqualTo("notify:SMS=INVALID_NUMBER");
                assertThat(m.attempts()).isEqualTo(1);
            });

            // Staff fix the number in the patient record and retry: the SMS goes, nothing else is sent again.
            s.sms = n -> DeliveryResult.sent("sms-" + n);
            assertThat(s.admin.retry(parked.get(0).intent().id())).isTrue();
            s.drain();

            assertThat(s.smsSent).hasSize(1);
            assertThat(s.emails).hasSize(1);
            assertThat(s.pushes).hasSize(1);
            assertThat(s.admin.parkedCount()).isZero();
            assertThat(s.admin.pendingCount()).isZero();
            assertThat(Collections.frequency(
                            s.emailReferences(), parked.get(0).intent().id().toString()))
                    .isEqualTo(1);
        }
    }
}
