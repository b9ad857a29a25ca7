package dev.patientportal.notify;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PhoneNumber;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.PushToken;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides, before anything is sent, which channels an intent goes out on: gathers the facts at delivery time (the
 * patient's record, the grant, whether the document is still visible, the registered devices) and asks the
 * {@link NotificationPolicy}; a channel the policy wants but the notifier lacks is skipped as not configured.
 */
final class DeliveryPlanner {
    /**
     * What to do with one intent.
     *
     * @param patient the patient's record; {@code null} when the patient is unknown, and then nothing is sent
     * @param tokens the patient's push tokens for the institution's app, read only when push may be used
     * @param send the channels to send on, in {@link Channel} order
     * @param skipped the channels not sent on, and why
     */
    record Plan(
            @Nullable PatientProfile patient,
            List<PushToken> tokens,
            List<Channel> send,
            Map<Channel, SkipReason> skipped) {}

    private final PatientDirectory directory;
    private final DeviceRegistry devices;
    private final @Nullable AccessGrantStore grants;
    private final @Nullable DocumentStore documents;
    private final NotificationPolicy policy;
    private final Set<Channel> configured;
    private final TransactionRunner transactions;

    DeliveryPlanner(
            PatientDirectory directory,
            DeviceRegistry devices,
            @Nullable AccessGrantStore grants,
            @Nullable DocumentStore documents,
            NotificationPolicy policy,
            Set<Channel> configured,
            TransactionRunner transactions) {
        this.directory = directory;
        this.devices = devices;
        this.grants = grants;
        this.documents = documents;
        this.policy = policy;
        this.configured = Set.copyOf(configured);
        this.transactions = transactions;
    }

    /** Reads the patient's record in a unit of work of its own. */
    Optional<PatientProfile> patient(NotificationIntent intent) {
        return transactions.inTransaction(() -> directory.find(intent.institution(), intent.patient()));
    }

    /**
     * Plans an intent on some channels.
     *
     * @throws dev.patientportal.core.TemporaryFailureException when a store cannot be read
     */
    Plan plan(NotificationIntent intent, Set<Channel> channels, InstitutionSettings settings) {
        Optional<PatientProfile> found = patient(intent);
        Map<Channel, SkipReason> skipped = new EnumMap<>(Channel.class);
        if (found.isEmpty()) {
            channels.forEach(c -> skipped.put(c, SkipReason.PATIENT_NOT_FOUND));
            return new Plan(null, List.of(), List.of(), skipped);
        }
        PatientProfile patient = found.get();
        String app = settings.pushApp();
        List<PushToken> tokens = channels.contains(Channel.PUSH) && configured.contains(Channel.PUSH) && app != null
                ? transactions.inTransaction(() -> devices.tokens(intent.institution(), intent.patient(), app))
                : List.of();
        NotificationPolicy.Decision decision = policy.decide(intent.type(), facts(intent, patient, tokens.size()));
        List<Channel> send = new ArrayList<>();
        for (Channel channel : Channel.values()) {
            if (!channels.contains(channel)) {
                continue;
            }
            SkipReason skip = decision.skipped().get(channel);
            if (skip == null && !configured.contains(channel)) {
                skip = SkipReason.CHANNEL_NOT_CONFIGURED;
            }
            if (skip != null) {
                skipped.put(channel, skip);
            } else {
                send.add(channel);
            }
        }
        return new Plan(patient, tokens, send, skipped);
    }

    private PatientFacts facts(NotificationIntent intent, PatientProfile patient, int deviceCount) {
        boolean grantActive = true;
        boolean smsEnabled = intent.smsEnabled();
        AccessGrantStore grantStore = grants;
        if (grantStore != null) {
            Optional<AccessGrant> grant =
                    transactions.inTransaction(() -> grantStore.find(intent.institution(), intent.patient()));
            grantActive = grant.map(AccessGrant::isActive).orElse(false);
            smsEnabled = smsEnabled && grant.map(AccessGrant::smsNotifications).orElse(false);
        }
        boolean visible = true;
        DocumentStore documentStore = documents;
        String subject = intent.subjectId();
        if (documentStore != null && intent.type() == NotificationIntent.Type.DOCUMENT_PUBLISHED && subject != null) {
            visible = transactions
                    .inTransaction(() -> documentStore.find(intent.institution(), DocumentId.of(subject)))
                    .map(d -> d.state() == DocumentState.VISIBLE && d.patient().equals(intent.patient()))
                    .orElse(false);
        }
        PhoneNumber phone = patient.phone();
        return new PatientFacts(
                grantActive,
                smsEnabled,
                patient.email() != null,
                phone != null && phone.canReceiveSms(),
                deviceCount,
                visible);
    }
}
