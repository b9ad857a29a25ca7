package dev.patientportal.notify;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalEventListener;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.notify.internal.Retrier;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.Institutions;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsUsageLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PortalNotifier.Builder} collects, with the defaults: lists every missing or conflicting setting at
 * once, and wires the notifier's parts from a complete configuration. Not thread-safe.
 */
final class NotifierConfig {
    /** The parts a notifier delegates to. */
    record Parts(
            Institutions institutions,
            DeliveryPlanner planner,
            IntentSender intents,
            MessageRenderer renderer,
            LoginCodeSender codes,
            SmsBiller biller) {}

    @Nullable
    PatientDirectory directory;

    private final Map<InstitutionId, InstitutionSettings> fixed = new LinkedHashMap<>();
    private final Set<InstitutionId> givenTwice = new LinkedHashSet<>();

    @Nullable
    Institutions institutions;

    @Nullable
    EmailChannel email;

    @Nullable
    SmsChannel sms;

    @Nullable
    PushChannel push;

    @Nullable
    DeviceRegistry devices;

    @Nullable
    SmsUsageLedger ledger;

    @Nullable
    AccessGrantStore grants;

    @Nullable
    DocumentStore documents;

    @Nullable
    AuditSink audit;

    PortalEventListener events = event -> {};
    Templates templates = Templates.defaults();
    NotificationPolicy policy = NotificationPolicy.standard();
    BigDecimal pricePerSegment = BigDecimal.ZERO;
    boolean transliterate;
    RetryPolicy retry = RetryPolicy.defaults();

    @Nullable
    TransactionRunner transactions;

    @Nullable
    TransactionRunner storesTransactions;

    Clock clock = Clock.systemUTC();

    PortalMetricsListener metrics = PortalMetricsListener.none();

    void institution(InstitutionId institution, InstitutionSettings settings) {
        InstitutionSettings before = fixed.put(institution, settings);
        if (before != null && !before.equals(settings)) {
            givenTwice.add(institution);
        }
    }

    /** Every missing or conflicting setting, each named by the builder method that fixes it; empty when complete. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (directory == null) {
            problems.add("patientDirectory(PatientDirectory) is required");
        }
        if (fixed.isEmpty() == (institutions == null)) {
            problems.add("give either institution(id, settings) or institutions(Institutions), exactly one of them");
        }
        for (InstitutionId id : givenTwice) {
            problems.add("institution(id, settings) was given different settings for the same institution " + id);
        }
        if (push != null && devices == null) {
            problems.add("devices(DeviceRegistry) is required with push(PushChannel)");
        }
        if (audit == null) {
            problems.add("audit(AuditSink) is required: skipped SMS are audited");
        }
        if (pricePerSegment.signum() < 0) {
            problems.add("smsPricePerSegment must not be negative");
        }
        if (pricePerSegment.signum() == 0 && fixed.values().stream().anyMatch(s -> s.smsMonthlyBudget() != null)) {
            problems.add("an SMS budget needs smsPricePerSegment(price) above zero");
        }
        if (email == null && sms == null && push == null) {
            problems.add("at least one channel is required: email(...), sms(...) or push(...)");
        }
        return problems;
    }

    /** Wires fresh parts; call only when {@link #problems()} is empty. */
    Parts wire() {
        TransactionRunner transactions = this.transactions != null
                ? this.transactions
                : storesTransactions != null ? storesTransactions : TransactionRunner.direct();
        DeviceRegistry registry = devices != null ? devices : DeviceRegistry.inMemory();
        Retrier retrier = new Retrier(retry);
        EnumSet<Channel> configured = EnumSet.noneOf(Channel.class);
        if (email != null) {
            configured.add(Channel.EMAIL);
        }
        if (sms != null) {
            configured.add(Channel.SMS);
        }
        PushFanOut fanOut = null;
        if (push != null) {
            configured.add(Channel.PUSH);
            fanOut = new PushFanOut(push, registry, retrier, transactions);
        }
        MessageRenderer renderer = new MessageRenderer(templates, transliterate);
        PortalMetricsListener guarded = PortalMetricsListener.guarded(metrics);
        DeliveryAudit deliveryAudit = new DeliveryAudit(Objects.requireNonNull(audit), transactions, clock);
        SmsBiller biller = new SmsBiller(
                ledger != null ? ledger : SmsUsageLedger.inMemory(),
                pricePerSegment,
                retrier,
                deliveryAudit,
                events,
                transactions,
                clock,
                guarded);
        return new Parts(
                institutions != null ? institutions : Institutions.of(fixed),
                new DeliveryPlanner(
                        Objects.requireNonNull(directory),
                        registry,
                        grants,
                        documents,
                        policy,
                        configured,
                        transactions),
                new IntentSender(email, sms, fanOut, renderer, biller, retrier, deliveryAudit, guarded, clock),
                renderer,
                new LoginCodeSender(email, sms, renderer, biller, retrier, guarded),
                biller);
    }
}
