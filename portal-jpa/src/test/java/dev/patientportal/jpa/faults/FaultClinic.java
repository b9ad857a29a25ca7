package dev.patientportal.jpa.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.GrantStatus;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.StaffId;
import dev.patientportal.jpa.JpaNotifyStores;
import dev.patientportal.jpa.JpaStores;
import dev.patientportal.jpa.OutboxAdmin;
import dev.patientportal.jpa.OutboxDispatcher;
import dev.patientportal.jpa.OutboxNotifier;
import dev.patientportal.jpa.ParkedMessage;
import dev.patientportal.jpa.ResourceLocalTransactionRunner;
import dev.patientportal.jpa.spi.OutboxDelivery;
import dev.patientportal.notify.Channel;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.notify.PortalNotifier;
import dev.patientportal.notify.RetryPolicy;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.TestPatients;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * One clinic on the fault suite's schema: patients in an in-memory directory (the host's records), new-document
 * notifications for them in the outbox, and the pieces each node wires: a {@link PortalNotifier} on the node's stores
 * and an {@link OutboxDispatcher}. Grants and push devices live in the JPA stores when the case is about the database,
 * and stay out of it (no grant store, an in-memory device registry) when it is about a provider, so that thousands of
 * patients are seeded in a moment. With one notification per patient a provider's request, which carries only the
 * phone number or the device token, names its notification.
 */
final class FaultClinic {
    static final InstitutionId CLINIC = InstitutionId.of("clinic-faults");
    static final String APP = "clinic-app";
    static final StaffId STAFF = StaffId.of("fault-suite");

    /** Where the clinic's grants and devices are kept. */
    enum Seed {
        /** Grants and devices in the JPA stores; the notifier reads both from the database. */
        DATABASE,
        /** No grants (the notifier then takes every patient's as active), devices in memory. */
        MEMORY
    }

    final InMemoryPatientDirectory patients = new InMemoryPatientDirectory();
    final List<PatientProfile> profiles = new ArrayList<>();
    final List<NotificationIntent> intents = new ArrayList<>();
    private final Map<String, UUID> byPhone = new HashMap<>();
    private final Map<String, UUID> byToken = new HashMap<>();
    private final Map<UUID, Integer> index = new HashMap<>();
    private final ResourceLocalTransactionRunner seeder;
    private final Seed seed;
    private final DeviceRegistry memoryDevices = DeviceRegistry.inMemory();

    /**
     * Creates the patients, each with a TAJ + phone grant (SMS on or off) and optionally one push device, and their
     * notifications.
     *
     * @param seeder the node that writes the seed data
     * @param seed where grants and devices are kept
     * @param count how many patients
     * @param perPatient notifications per patient
     * @param sms whether the grants (and the notifications) turn SMS on
     * @param devices whether each patient has a registered device of the app
     */
    FaultClinic(
            ResourceLocalTransactionRunner seeder, Seed seed, int count, int perPatient, boolean sms, boolean devices) {
        this.seeder = seeder;
        this.seed = seed;
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            profiles.add(patients.put(TestPatients.next(CLINIC, PatientId.of("p-" + i))));
        }
        if (seed == Seed.DATABASE) {
            JpaStores stores = JpaStores.create(seeder);
            JpaNotifyStores notifyStores = JpaNotifyStores.create(seeder);
            for (int from = 0; from < count; from += 50) {
                List<PatientProfile> chunk = profiles.subList(from, Math.min(count, from + 50));
                int base = from;
                seeder.inTransaction(() -> {
                    for (int j = 0; j < chunk.size(); j++) {
                        PatientProfile p = chunk.get(j);
                        stores.grants()
                                .insert(new AccessGrant(
                                        CLINIC,
                                        p.patient(),
                                        LoginIdentity.tajAndPhone(p.taj(), p.phone()),
                                        sms,
                                        GrantStatus.ACTIVE,
                                        null,
                                        1,
                                        now,
                                        now,
                                        STAFF));
                        if (devices) {
                            notifyStores.devices().register(CLINIC, p.patient(), APP, token(base + j));
                        }
                    }
                    return null;
                });
            }
        } else if (devices) {
            for (int i = 0; i < count; i++) {
                memoryDevices.register(CLINIC, profiles.get(i).patient(), APP, token(i));
            }
        }
        for (int n = 0; n < perPatient; n++) {
            for (int i = 0; i < count; i++) {
                PatientProfile p = profiles.get(i);
                NotificationIntent intent = new NotificationIntent(
                        UUID.randomUUID(),
                        NotificationIntent.Type.DOCUMENT_PUBLISHED,
                        CLINIC,
                        p.patient(),
                        "doc-" + i + "-" + n,
                        sms,
                        now,
                        Map.of());
                intents.add(intent);
                if (perPatient == 1) {
                    byPhone.put(p.phone().e164(), intent.id());
                    byToken.put(token(i).value(), intent.id());
                }
                index.put(intent.id(), i);
            }
        }
    }

    /** The push token of the patient with this index. */
    static PushToken token(int i) {
        return PushToken.of("fault-device-" + i);
    }

    /** The notification of the patient with this phone number (E.164), or {@code null}. */
    UUID byPhone(String e164) {
        return byPhone.get(e164);
    }

    /** The notification of the patient with this device, or {@code null}. */
    UUID byToken(String token) {
        return byToken.get(token);
    }

    /** The patient index of a notification. */
    int indexOf(UUID intent) {
        return index.get(intent);
    }

    /** Writes every notification to the outbox, 100 per transaction, due at once. */
    void submitAll() {
        OutboxNotifier outbox = OutboxNotifier.create(seeder);
        for (int from = 0; from < intents.size(); from += 100) {
            List<NotificationIntent> chunk = intents.subList(from, Math.min(intents.size(), from + 100));
            seeder.inTransaction(() -> {
                chunk.forEach(outbox::submit);
                return null;
            });
        }
    }

    /** The institution's notifier settings: English, UTC, push to {@link #APP}. */
    static InstitutionSettings settings() {
        return InstitutionSettings.builder("Fault Clinic", URI.create("https://portal.example.org"))
                .defaultLocale(Locale.ENGLISH)
                .zone(ZoneOffset.UTC)
                .pushApp(APP)
                .build();
    }

    /**
     * A notifier on one node's stores (SMS ledger and audit always, grants and devices when they are in the database)
     * without direct retries, as the outbox wants it; the caller adds the channels.
     */
    PortalNotifier.Builder notifier(ResourceLocalTransactionRunner node) {
        JpaStores stores = JpaStores.create(node);
        JpaNotifyStores notifyStores = JpaNotifyStores.create(node);
        PortalNotifier.Builder b = PortalNotifier.builder()
                .patientDirectory(patients)
                .institution(CLINIC, settings())
                .smsUsage(notifyStores.smsUsage())
                .smsPricePerSegment(new BigDecimal("0.05"))
                .audit(stores.audit())
                .retry(RetryPolicy.none())
                .transactions(node);
        return seed == Seed.DATABASE
                ? b.grants(stores.grants()).devices(notifyStores.devices())
                : b.devices(memoryDevices);
    }

    /** A dispatcher on one node with the suite's common settings; the caller sets lease, back-off and attempts. */
    static OutboxDispatcher.Builder dispatcher(
            ResourceLocalTransactionRunner node, OutboxDelivery delivery, String name, int threads) {
        return OutboxDispatcher.builder(node, delivery)
                .name(name)
                .threads(threads)
                .batchSize(20)
                .pollInterval(Duration.ofMillis(100))
                .shutdownTimeout(Duration.ofSeconds(20));
    }

    /** The SMS messages the usage ledger counted for the clinic in the months from one instant to another (UTC). */
    static long smsLedgered(ResourceLocalTransactionRunner node, Instant from, Instant to) {
        JpaNotifyStores stores = JpaNotifyStores.create(node);
        YearMonth first = YearMonth.from(from.atZone(ZoneOffset.UTC));
        YearMonth last = YearMonth.from(to.atZone(ZoneOffset.UTC));
        long messages = 0;
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            YearMonth month = m;
            messages += node.inTransaction(() -> stores.smsUsage().usage(CLINIC, month))
                    .messages();
        }
        return messages;
    }

    /** Waits until nothing is pending in the outbox. */
    static void awaitSettled(OutboxAdmin admin, Duration patience) throws InterruptedException {
        await("the outbox has nothing pending", patience, () -> {
            try {
                return admin.pendingCount() == 0;
            } catch (RuntimeException e) {
                return false; // the database is still coming back
            }
        });
    }

    /** Waits, bounded, until a condition holds. */
    static void await(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + patience + " waiting until " + what);
            }
            Thread.sleep(25);
        }
    }

    /**
     * The end state every case must reach: nothing pending; each notification either reached every channel it needs
     * (by the far ends' own account) or is parked; none lost.
     *
     * @param admin the outbox
     * @param log what the far ends accepted
     * @param needs the channels each notification needs
     * @return the delivered and parked notifications
     */
    Verdict verdict(OutboxAdmin admin, ChannelLog log, Set<Channel> needs) {
        assertThat(admin.pendingCount()).as("pending").isZero();
        List<ParkedMessage> parkedList = admin.listParked(1000);
        assertThat((long) parkedList.size()).as("parked messages listed").isEqualTo(admin.parkedCount());
        Set<UUID> parked = parkedList.stream().map(p -> p.intent().id()).collect(Collectors.toSet());
        Set<UUID> delivered = new HashSet<>();
        List<UUID> lost = new ArrayList<>();
        for (NotificationIntent intent : intents) {
            if (log.deliveredOn(intent.id(), needs)) {
                delivered.add(intent.id());
            } else if (!parked.contains(intent.id())) {
                lost.add(intent.id());
            }
        }
        assertThat(lost).as("notifications neither delivered nor parked (lost)").isEmpty();
        Set<UUID> ours = intents.stream().map(NotificationIntent::id).collect(Collectors.toSet());
        assertThat(ours).as("parked messages are the suite's").containsAll(parked);
        Map<UUID, String> reasons = new HashMap<>();
        parkedList.forEach(p -> reasons.put(p.intent().id(), p.lastError()));
        return new Verdict(delivered, parked, reasons);
    }

    /**
     * The notifications that reached every channel, and those parked (with the outbox's last error).
     *
     * @param delivered reached every channel they need
     * @param parked parked for staff
     * @param reasons the last error of each parked one
     */
    record Verdict(Set<UUID> delivered, Set<UUID> parked, Map<UUID, String> reasons) {}
}
