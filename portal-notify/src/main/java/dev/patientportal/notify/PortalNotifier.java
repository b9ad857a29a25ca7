package dev.patientportal.notify;

import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.AccessGrantStore;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.CodeSender;
import dev.patientportal.core.spi.DocumentStore;
import dev.patientportal.core.spi.Notifier;
import dev.patientportal.core.spi.PatientDirectory;
import dev.patientportal.core.spi.PortalEventListener;
import dev.patientportal.core.spi.PortalMetricsListener;
import dev.patientportal.core.spi.PortalStores;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.Institutions;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsUsage;
import dev.patientportal.notify.spi.SmsUsageLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the portal's notifications and login codes: implements core's {@link Notifier} (deliver at once) and
 * {@link CodeSender} with e-mail, SMS and push channels, the {@link NotificationPolicy}, PHI-free {@link Templates}, the
 * SMS usage ledger and budget, and direct retries.
 *
 * <pre>{@code
 * PortalNotifier notifier = PortalNotifier.builder()
 *         .patientDirectory(hostPatients)                          // where e-mail, phone and language come from
 *         .institution(InstitutionId.of("clinic-1"),
 *                 InstitutionSettings.builder("Clínica Demo", URI.create("https://portal.example.org"))
 *                         .defaultLocale(Locale.forLanguageTag("es")).zone(ZoneId.of("Europe/Madrid"))
 *                         .pushApp("clinic-app").build())
 *         .email(JakartaMailChannel.create(smtpSettings))
 *         .sms(TwilioSmsChannel.builder(accountSid, authToken).from("+15005550006").build())
 *         .push(FirebasePushChannel.create(firebaseApp))
 *         .devices(deviceRegistry)                                 // required with push
 *         .smsUsage(smsUsageLedger)                                // default: in memory
 *         .smsPricePerSegment(new BigDecimal("0.0750"))
 *         .smsTransliteration(true)                                // GSM-7 only: half the cost, no accents
 *         .audit(auditSink)
 *         .events(eventListener)
 *         .build();
 *
 * PatientPortal portal = PatientPortal.builder().notifications(notifier) ... .build();
 * PortalLogin login = ... .codeSender(notifier) ...
 * }</pre>
 *
 * <p>{@link #submit} delivers at once and logs the outcome; it never throws for a provider failure, so a document is
 * published even when the SMTP server is down. Use {@code portal-jpa}'s outbox for delivery that commits with the
 * change and survives restarts: its dispatcher calls {@link #deliver(NotificationIntent, Set)} and records the
 * {@link DeliveryReport}. Thread-safe; build one per application.
 */
public final class PortalNotifier implements Notifier, CodeSender {
    private static final Logger LOG = LoggerFactory.getLogger(PortalNotifier.class);

    private final Institutions institutions;
    private final DeliveryPlanner planner;
    private final IntentSender intents;
    private final MessageRenderer renderer;
    private final LoginCodeSender codes;
    private final SmsBiller biller;

    private PortalNotifier(NotifierConfig.Parts parts) {
        this.institutions = parts.institutions();
        this.planner = parts.planner();
        this.intents = parts.intents();
        this.renderer = parts.renderer();
        this.codes = parts.codes();
        this.biller = parts.biller();
    }

    /**
     * Starts a notifier.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Delivers an intent at once and logs the outcome without personal data. Provider failures and unreachable
     * collaborators are logged, never thrown: the change that caused the intent stands.
     *
     * @param intent what to tell whom
     */
    @Override
    public void submit(NotificationIntent intent) {
        Objects.requireNonNull(intent, "intent");
        try {
            DeliveryReport report = deliver(intent);
            if (report.channelsToRetry().isEmpty() && !report.hasPermanentFailure()) {
                LOG.info(
                        "Notification {} ({}, institution {}) delivered: {}",
                        intent.id(),
                        intent.type(),
                        intent.institution(),
                        report);
            } else {
                LOG.warn(
                        "Notification {} ({}, institution {}) not fully delivered: {}",
                        intent.id(),
                        intent.type(),
                        intent.institution(),
                        report);
            }
        } catch (TemporaryFailureException e) {
            LOG.warn(
                    "Notification {} ({}, institution {}) not delivered: {}",
                    intent.id(),
                    intent.type(),
                    intent.institution(),
                    e.getMessage());
        }
    }

    /**
     * Delivers an intent on every channel the policy chooses, with direct retries, and reports the outcome per channel
     * and recipient. Provider failures are results in the report, never exceptions.
     *
     * @param intent what to tell whom
     * @return what happened
     * @throws TemporaryFailureException when the patient directory, grant, document or device store cannot be read;
     *     nothing was sent then, and the whole intent may be retried
     * @throws IllegalStateException when the institution has no settings
     */
    public DeliveryReport deliver(NotificationIntent intent) {
        return deliver(intent, EnumSet.allOf(Channel.class));
    }

    /**
     * Delivers an intent on some channels only: an outbox retries the channels of
     * {@link DeliveryReport#channelsToRetry()} without sending again what already went out.
     *
     * @param intent what to tell whom
     * @param channels the channels to consider; the others are left out of the report
     * @return what happened on those channels
     * @throws TemporaryFailureException when the patient directory, grant, document or device store cannot be read;
     *     nothing was sent then
     * @throws IllegalStateException when the institution has no settings
     */
    public DeliveryReport deliver(NotificationIntent intent, Set<Channel> channels) {
        Objects.requireNonNull(intent, "intent");
        Objects.requireNonNull(channels, "channels");
        InstitutionSettings settings = settings(intent.institution());
        return intents.send(intent, settings, planner.plan(intent, channels, settings));
    }

    /**
     * Renders a notification on every channel for its patient, without sending or recording anything.
     *
     * @param intent the notification
     * @return the texts
     * @throws IllegalStateException when the institution has no settings
     */
    public NotificationPreview preview(NotificationIntent intent) {
        InstitutionSettings settings = settings(intent.institution());
        Locale locale = planner.patient(intent).map(PatientProfile::locale).orElse(settings.defaultLocale());
        return renderer.preview(intent, settings, locale);
    }

    /**
     * Sends a one-time login code at once, with direct retries. The code is neither logged nor stored; an SMS code is
     * counted in the usage ledger but never held back by the budget.
     *
     * @param message the code and where it goes
     * @throws TemporaryFailureException when the provider cannot take it now
     * @throws ValidationException naming {@code email} or {@code phone} when the provider rejects the address for good
     * @throws IllegalStateException when the channel is not configured or the institution has no settings
     */
    @Override
    public void send(CodeMessage message) {
        Objects.requireNonNull(message, "message");
        codes.send(message, settings(message.institution()));
    }

    /**
     * Returns an institution's SMS totals for a month, from the usage ledger.
     *
     * @param institution the institution
     * @param month the month
     * @return the totals
     */
    public SmsUsage smsUsage(InstitutionId institution, YearMonth month) {
        return biller.usage(institution, month);
    }

    private InstitutionSettings settings(InstitutionId institution) {
        return institutions
                .find(institution)
                .orElseThrow(
                        () -> new IllegalStateException("No notification settings for institution " + institution));
    }

    /** Builds a {@link PortalNotifier}; {@link #build()} checks the settings and reports every problem at once. */
    public static final class Builder {
        private final NotifierConfig config = new NotifierConfig();

        private Builder() {}

        /**
         * Sets the host's patient records: e-mail address, phone number and language of each patient. Required.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder patientDirectory(PatientDirectory directory) {
            config.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Adds the settings of one institution. Use this or {@link #institutions(Institutions)}.
         *
         * @param institution the institution
         * @param settings its settings
         * @return this builder
         */
        public Builder institution(InstitutionId institution, InstitutionSettings settings) {
            config.institution(
                    Objects.requireNonNull(institution, "institution"), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /**
         * Sets where institution settings come from, for hosts with many institutions.
         *
         * @param institutions the lookup
         * @return this builder
         */
        public Builder institutions(Institutions institutions) {
            config.institutions = Objects.requireNonNull(institutions, "institutions");
            return this;
        }

        /**
         * Sets the e-mail channel, for example {@link dev.patientportal.notify.mail.JakartaMailChannel}.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder email(EmailChannel channel) {
            config.email = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Sets the SMS channel, for example {@link dev.patientportal.notify.twilio.TwilioSmsChannel}.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder sms(SmsChannel channel) {
            config.sms = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Sets the push channel, for example {@link dev.patientportal.notify.firebase.FirebasePushChannel}. Needs
         * {@link #devices(DeviceRegistry)}.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder push(PushChannel channel) {
            config.push = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Sets the registry of patients' push tokens. Required with {@link #push(PushChannel)}.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder devices(DeviceRegistry registry) {
            config.devices = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * Sets the SMS usage ledger. Default: {@link SmsUsageLedger#inMemory()}, which enforces a budget for this JVM
         * only; a cluster needs a shared one ({@code portal-jpa}).
         *
         * @param ledger the ledger
         * @return this builder
         */
        public Builder smsUsage(SmsUsageLedger ledger) {
            config.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /**
         * Lets the notifier check the access grant again at delivery: nothing goes to a revoked patient, and SMS only
         * while the grant still enables it. Without it the intent's {@code smsEnabled} decides. Recommended with an
         * outbox, where delivery may come later.
         *
         * @param grants the grant store
         * @return this builder
         */
        public Builder grants(AccessGrantStore grants) {
            config.grants = Objects.requireNonNull(grants, "grants");
            return this;
        }

        /**
         * Lets the notifier check at delivery that a published document is still visible to the patient; a document
         * hidden or withdrawn before delivery is not announced.
         *
         * @param documents the document store
         * @return this builder
         */
        public Builder documents(DocumentStore documents) {
            config.documents = Objects.requireNonNull(documents, "documents");
            return this;
        }

        /**
         * Takes from the portal's stores what the notifier reads: the grants and documents it re-checks at delivery
         * ({@link #grants}, {@link #documents}), the audit sink ({@link #audit}), and the runner the stores carry,
         * unless {@link #transactions(TransactionRunner)} is given.
         *
         * @param stores the portal's stores
         * @return this builder
         */
        public Builder stores(PortalStores stores) {
            Objects.requireNonNull(stores, "stores");
            config.grants = stores.grants();
            config.documents = stores.documents();
            config.audit = stores.audit();
            config.storesTransactions = stores.transactions().orElse(null);
            return this;
        }

        /**
         * Sets where skipped SMS (budget spent) are audited. Required (or {@link #stores(PortalStores)}).
         *
         * @param audit the audit sink
         * @return this builder
         */
        public Builder audit(AuditSink audit) {
            config.audit = Objects.requireNonNull(audit, "audit");
            return this;
        }

        /**
         * Sets who hears that an institution's SMS budget is spent ({@link PortalEvent.Type#SMS_BUDGET_EXHAUSTED},
         * once per institution and month per notifier). Default: nobody.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder events(PortalEventListener listener) {
            config.events = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the templates. Default: {@link Templates#defaults()}.
         *
         * @param templates the templates, already linted
         * @return this builder
         */
        public Builder templates(Templates templates) {
            config.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /**
         * Sets the policy. Default: {@link NotificationPolicy#standard()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(NotificationPolicy policy) {
            config.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets what one SMS segment costs, for the usage ledger and the budgets. Default: zero (segments are still
         * counted).
         *
         * @param price the price, in the budgets' currency
         * @return this builder
         */
        public Builder smsPricePerSegment(BigDecimal price) {
            config.pricePerSegment = Objects.requireNonNull(price, "price");
            return this;
        }

        /**
         * Sets whether SMS texts are rewritten into the GSM-7 alphabet ({@link GsmTransliterator}): {@code á->a},
         * {@code ő->o} and so on, so that a Spanish or Hungarian message costs half or less. Default: off, texts keep
         * their accents.
         *
         * @param enabled whether to transliterate
         * @return this builder
         */
        public Builder smsTransliteration(boolean enabled) {
            config.transliterate = enabled;
            return this;
        }

        /**
         * Sets the direct retries of each send. Default: {@link RetryPolicy#defaults()}.
         *
         * @param retry the policy
         * @return this builder
         */
        public Builder retry(RetryPolicy retry) {
            config.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * Sets how the notifier's own store calls run (patient directory, grants, documents, device registry, usage
         * ledger, audit): each in one short unit of work, never around a provider call. Default: the runner of
         * {@link #stores(PortalStores)}, else {@link TransactionRunner#direct()}.
         *
         * @param transactions the runner
         * @return this builder
         */
        public Builder transactions(TransactionRunner transactions) {
            config.transactions = Objects.requireNonNull(transactions, "transactions");
            return this;
        }

        /**
         * Sets the clock, for SMS months and audit times. Default: the system clock in UTC.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            config.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets who hears, without personal data, of what the notifier sends: each login code sent or not by channel
         * ({@link PortalMetricsListener#codeSent}, {@link PortalMetricsListener#codeFailed}), each SMS billed with its
         * segments and cost ({@link PortalMetricsListener#smsSent}), and each notification delivery by channel, with
         * its latency since the intent was created ({@link PortalMetricsListener#notificationDelivered}) or its failure
         * ({@link PortalMetricsListener#notificationFailed}). A listener that throws is logged and ignored. Default:
         * {@link PortalMetricsListener#none()}.
         *
         * @param metrics the listener, for example {@code portal-micrometer}'s {@code PortalMeters}
         * @return this builder
         */
        public Builder metrics(PortalMetricsListener metrics) {
            config.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * Checks the settings and builds the notifier.
         *
         * @return the notifier
         * @throws IllegalStateException naming every missing or conflicting setting
         */
        public PortalNotifier build() {
            List<String> problems = config.problems();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Invalid notifier configuration: " + String.join("; ", problems));
            }
            return new PortalNotifier(config.wire());
        }
    }
}
