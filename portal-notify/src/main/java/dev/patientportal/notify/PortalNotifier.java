package dev.patientportal.notify;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.CodeMessage;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PhoneNumber;
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
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.notify.internal.Retrier;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.EmailChannel;
import dev.patientportal.notify.spi.EmailMessage;
import dev.patientportal.notify.spi.Institutions;
import dev.patientportal.notify.spi.PushChannel;
import dev.patientportal.notify.spi.PushMessage;
import dev.patientportal.notify.spi.PushToken;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.notify.spi.SmsMessage;
import dev.patientportal.notify.spi.SmsUsage;
import dev.patientportal.notify.spi.SmsUsageLedger;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
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
 *                         .defaultLocale(Locale.forLanguageTag("es")).pushApp("clinic-app").build())
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

    private final PatientDirectory directory;
    private final Institutions institutions;
    private final @Nullable EmailChannel email;
    private final @Nullable SmsChannel sms;
    private final @Nullable PushChannel push;
    private final DeviceRegistry devices;
    private final SmsUsageLedger ledger;
    private final @Nullable AccessGrantStore grants;
    private final @Nullable DocumentStore documents;
    private final AuditSink audit;
    private final PortalEventListener events;
    private final Templates templates;
    private final NotificationPolicy policy;
    private final BigDecimal pricePerSegment;
    private final boolean transliterate;
    private final Retrier retrier;
    private final TransactionRunner transactions;
    private final Clock clock;
    private final Set<String> exhaustionAnnounced = ConcurrentHashMap.newKeySet();

    private PortalNotifier(Builder b, Institutions institutions, DeviceRegistry devices, SmsUsageLedger ledger,
            AuditSink audit) {
        this.directory = Objects.requireNonNull(b.directory);
        this.institutions = institutions;
        this.email = b.email;
        this.sms = b.sms;
        this.push = b.push;
        this.devices = devices;
        this.ledger = ledger;
        this.grants = b.grants;
        this.documents = b.documents;
        this.audit = audit;
        this.events = b.events;
        this.templates = b.templates;
        this.policy = b.policy;
        this.pricePerSegment = b.pricePerSegment;
        this.transliterate = b.transliterate;
        this.retrier = new Retrier(b.retry);
        this.transactions = b.transactions;
        this.clock = b.clock;
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
                LOG.info("Notification {} ({}, institution {}) delivered: {}", intent.id(), intent.type(),
                        intent.institution(), report);
            } else {
                LOG.warn("Notification {} ({}, institution {}) not fully delivered: {}", intent.id(), intent.type(),
                        intent.institution(), report);
            }
        } catch (TemporaryFailureException e) {
            LOG.warn("Notification {} ({}, institution {}) not delivered: {}", intent.id(), intent.type(),
                    intent.institution(), e.getMessage());
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
        Optional<PatientProfile> found = tx(() -> directory.find(intent.institution(), intent.patient()));
        Map<Channel, SkipReason> skipped = new EnumMap<>(Channel.class);
        List<DeliveryReport.Delivery> deliveries = new ArrayList<>();
        if (found.isEmpty()) {
            channels.forEach(c -> skipped.put(c, SkipReason.PATIENT_NOT_FOUND));
            return new DeliveryReport(intent.id(), deliveries, skipped);
        }
        PatientProfile patient = found.get();
        List<PushToken> tokens = channels.contains(Channel.PUSH) && push != null && settings.pushApp() != null
                ? tx(() -> devices.tokens(intent.institution(), intent.patient(), settings.pushApp()))
                : List.of();
        NotificationPolicy.Decision decision = policy.decide(intent.type(), facts(intent, patient, tokens.size()));
        MessageType type = MessageType.of(intent.type());
        for (Channel channel : Channel.values()) {
            if (!channels.contains(channel)) {
                continue;
            }
            SkipReason skip = decision.skipped().get(channel);
            if (skip == null && channelFor(channel) == null) {
                skip = SkipReason.CHANNEL_NOT_CONFIGURED;
            }
            if (skip != null) {
                skipped.put(channel, skip);
                continue;
            }
            switch (channel) {
                case EMAIL -> deliveries.add(sendEmail(intent, type, settings, patient));
                case SMS -> sendSms(intent, type, settings, patient).ifPresentOrElse(deliveries::add,
                        () -> skipped.put(Channel.SMS, SkipReason.SMS_BUDGET_EXHAUSTED));
                case PUSH -> deliveries.addAll(sendPush(intent, type, settings, patient, tokens));
            }
        }
        return new DeliveryReport(intent.id(), deliveries, skipped);
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
        Locale locale = tx(() -> directory.find(intent.institution(), intent.patient()))
                .map(PatientProfile::locale).orElse(settings.defaultLocale());
        MessageType type = MessageType.of(intent.type());
        return new NotificationPreview(
                templates.renderEmail(type, locale, settings.defaultLocale(),
                        values(intent, settings, resolve(type, Channel.EMAIL, locale, settings))),
                renderSms(type, locale, settings, values(intent, settings, resolve(type, Channel.SMS, locale, settings))),
                templates.renderPush(type, locale, settings.defaultLocale(),
                        values(intent, settings, resolve(type, Channel.PUSH, locale, settings))),
                pushData(intent));
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
        InstitutionSettings settings = settings(message.institution());
        Map<String, String> values = new HashMap<>();
        values.put(MessageType.INSTITUTION_NAME, settings.name());
        values.put(MessageType.PORTAL_URL, settings.portalUrl().toString());
        values.put(MessageType.CODE, message.code());
        values.put(MessageType.VALID_MINUTES,
                Long.toString(Math.max(1, (message.validFor().toSeconds() + 59) / 60)));
        String reference = "login-code-" + UUID.randomUUID();
        Retrier.Attempted outcome;
        String field;
        if (message.channel() == CodeMessage.Channel.EMAIL) {
            EmailChannel channel = required(email, "email");
            RenderedEmail r = templates.renderEmail(MessageType.LOGIN_CODE, message.locale(), settings.defaultLocale(),
                    values);
            EmailMessage mail = new EmailMessage(Objects.requireNonNull(message.email()), settings.name(),
                    r.subject(), r.text(), r.html(), r.locale(), reference);
            outcome = retrier.run(() -> channel.send(mail));
            field = "email";
        } else {
            SmsChannel channel = required(sms, "sms");
            RenderedSms r = renderSms(MessageType.LOGIN_CODE, message.locale(), settings, values);
            SmsMessage text = new SmsMessage(Objects.requireNonNull(message.phone()), r.text(), r.segments(),
                    reference);
            outcome = sendCounted(message.institution(), settings, r.segments(), null, () -> channel.send(text))
                    .orElseThrow(() -> new IllegalStateException("an unlimited reservation cannot be refused"));
            field = "phone";
        }
        DeliveryResult result = outcome.result();
        if (result instanceof DeliveryResult.RetryLater retry) {
            LOG.warn("Login code by {} for institution {} not sent: {}", message.channel(), message.institution(),
                    retry.reason());
            throw new TemporaryFailureException("The " + message.channel() + " provider cannot take the code now ("
                    + retry.reason() + ")");
        }
        if (result instanceof DeliveryResult.FailedPermanently failed) {
            LOG.warn("Login code by {} for institution {} rejected: {} ({})", message.channel(),
                    message.institution(), failed.reason(), failed.detail());
            throw new ValidationException(field, "was rejected by the provider");
        }
        LOG.info("Login code by {} for institution {} sent", message.channel(), message.institution());
    }

    /**
     * Returns an institution's SMS totals for a month, from the usage ledger.
     *
     * @param institution the institution
     * @param month the month
     * @return the totals
     */
    public SmsUsage smsUsage(InstitutionId institution, YearMonth month) {
        return tx(() -> ledger.usage(institution, month));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private PatientFacts facts(NotificationIntent intent, PatientProfile patient, int deviceCount) {
        boolean grantActive = true;
        boolean smsEnabled = intent.smsEnabled();
        AccessGrantStore grantStore = grants;
        if (grantStore != null) {
            Optional<AccessGrant> grant = tx(() -> grantStore.find(intent.institution(), intent.patient()));
            grantActive = grant.map(AccessGrant::isActive).orElse(false);
            smsEnabled = smsEnabled && grant.map(AccessGrant::smsNotifications).orElse(false);
        }
        boolean visible = true;
        DocumentStore documentStore = documents;
        String subject = intent.subjectId();
        if (documentStore != null && intent.type() == NotificationIntent.Type.DOCUMENT_PUBLISHED && subject != null) {
            visible = tx(() -> documentStore.find(intent.institution(), DocumentId.of(subject)))
                    .map(d -> d.state() == DocumentState.VISIBLE && d.patient().equals(intent.patient()))
                    .orElse(false);
        }
        PhoneNumber phone = patient.phone();
        return new PatientFacts(grantActive, smsEnabled, patient.email() != null,
                phone != null && phone.canReceiveSms(), deviceCount, visible);
    }

    private DeliveryReport.Delivery sendEmail(NotificationIntent intent, MessageType type,
            InstitutionSettings settings, PatientProfile patient) {
        EmailChannel channel = Objects.requireNonNull(email);
        Locale locale = resolve(type, Channel.EMAIL, patient.locale(), settings);
        RenderedEmail r = templates.renderEmail(type, locale, settings.defaultLocale(),
                values(intent, settings, locale));
        EmailMessage message = new EmailMessage(Objects.requireNonNull(patient.email()), settings.name(), r.subject(),
                r.text(), r.html(), r.locale(), intent.id().toString());
        Retrier.Attempted outcome = retrier.run(() -> channel.send(message));
        return new DeliveryReport.Delivery(Channel.EMAIL, "email", outcome.result(), outcome.attempts(), null);
    }

    /** Returns empty when the budget is spent. */
    private Optional<DeliveryReport.Delivery> sendSms(NotificationIntent intent, MessageType type,
            InstitutionSettings settings, PatientProfile patient) {
        SmsChannel channel = Objects.requireNonNull(sms);
        Locale locale = resolve(type, Channel.SMS, patient.locale(), settings);
        RenderedSms r = renderSms(type, locale, settings, values(intent, settings, locale));
        SmsMessage message = new SmsMessage(Objects.requireNonNull(patient.phone()), r.text(), r.segments(),
                intent.id().toString());
        Optional<Retrier.Attempted> outcome;
        try {
            outcome = sendCounted(intent.institution(), settings, r.segments(), settings.smsMonthlyBudget(),
                    () -> channel.send(message));
        } catch (TemporaryFailureException e) {
            LOG.warn("SMS usage ledger unavailable for notification {}: {}", intent.id(), e.getMessage());
            return Optional.of(new DeliveryReport.Delivery(Channel.SMS, "sms",
                    DeliveryResult.retryLater(null, "usage-ledger-unavailable"), 0, r.segments()));
        }
        if (outcome.isEmpty()) {
            budgetExhausted(intent, settings, r.segments());
            return Optional.empty();
        }
        return Optional.of(new DeliveryReport.Delivery(Channel.SMS, "sms", outcome.get().result(),
                outcome.get().attempts(), r.segments()));
    }

    /** Reserves in the ledger, sends, and releases when the provider did not take it; empty when over budget. */
    private Optional<Retrier.Attempted> sendCounted(InstitutionId institution, InstitutionSettings settings,
            SmsSegments segments, @Nullable BigDecimal budget, Supplier<DeliveryResult> send) {
        YearMonth month = YearMonth.now(clock.withZone(settings.zone()));
        BigDecimal cost = pricePerSegment.multiply(BigDecimal.valueOf(segments.segments()));
        if (!tx(() -> ledger.tryReserve(institution, month, segments.segments(), cost, budget))) {
            return Optional.empty();
        }
        Retrier.Attempted outcome = retrier.run(send);
        if (outcome.result().status() != DeliveryResult.Status.SENT) {
            try {
                tx(() -> {
                    ledger.release(institution, month, segments.segments(), cost);
                    return null;
                });
            } catch (TemporaryFailureException e) {
                LOG.warn("Could not release an unsent SMS in the usage ledger of institution {}: {}", institution,
                        e.getMessage());
            }
        }
        return Optional.of(outcome);
    }

    private void budgetExhausted(NotificationIntent intent, InstitutionSettings settings, SmsSegments segments) {
        Instant now = clock.instant();
        YearMonth month = YearMonth.now(clock.withZone(settings.zone()));
        LOG.warn("SMS budget of institution {} for {} is spent; SMS of notification {} skipped", intent.institution(),
                month, intent.id());
        AuditEvent event = new AuditEvent(now, intent.institution(), Actor.system(),
                NotifyAuditActions.SMS_BUDGET_EXHAUSTED, intent.patient(), intent.id().toString(),
                AuditEvent.Outcome.DENIED, null, Map.of("month", month.toString(), "notification",
                        intent.type().name(), "segments", Integer.toString(segments.segments())));
        try {
            tx(() -> {
                audit.record(event);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error("Could not audit a skipped SMS of notification {}: {}", intent.id(), e.getClass().getName());
        }
        if (exhaustionAnnounced.add(intent.institution().value() + "/" + month)) {
            try {
                events.onEvent(new PortalEvent(PortalEvent.Type.SMS_BUDGET_EXHAUSTED, now, intent.institution(),
                        intent.patient(), intent.subjectId(), Actor.system()));
            } catch (RuntimeException e) {
                LOG.warn("A portal event listener threw {}", e.getClass().getName());
            }
        }
    }

    private List<DeliveryReport.Delivery> sendPush(NotificationIntent intent, MessageType type,
            InstitutionSettings settings, PatientProfile patient, List<PushToken> tokens) {
        PushChannel channel = Objects.requireNonNull(push);
        String app = Objects.requireNonNull(settings.pushApp());
        Locale locale = resolve(type, Channel.PUSH, patient.locale(), settings);
        RenderedPush r = templates.renderPush(type, locale, settings.defaultLocale(), values(intent, settings, locale));
        PushMessage message = new PushMessage(r.title(), r.body(), pushData(intent), intent.id().toString());
        Map<PushToken, DeliveryResult> results = new LinkedHashMap<>();
        Map<PushToken, Integer> attempts = new HashMap<>();
        List<PushToken> pending = List.copyOf(tokens);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<DeliveryResult> batch = sendPushOnce(channel, message, pending);
            List<PushToken> again = new ArrayList<>();
            Duration retryAfter = null;
            for (int i = 0; i < pending.size(); i++) {
                PushToken token = pending.get(i);
                DeliveryResult result = batch.get(i);
                results.put(token, result);
                attempts.put(token, attempt);
                if (result instanceof DeliveryResult.RetryLater retry) {
                    again.add(token);
                    Duration asked = retry.retryAfter();
                    if (asked != null && (retryAfter == null || asked.compareTo(retryAfter) > 0)) {
                        retryAfter = asked;
                    }
                }
            }
            Duration delay = again.isEmpty() ? null : retrier.delayAfter(attempt, retryAfter);
            if (delay == null || !Retrier.sleep(delay)) {
                break;
            }
            pending = again;
        }
        List<DeliveryReport.Delivery> deliveries = new ArrayList<>();
        for (PushToken token : tokens) {
            DeliveryResult result = results.get(token);
            if (result instanceof DeliveryResult.FailedPermanently failed
                    && failed.reason() == DeliveryResult.FailureReason.UNREGISTERED_TOKEN) {
                try {
                    tx(() -> devices.removeToken(intent.institution(), app, token));
                } catch (TemporaryFailureException e) {
                    LOG.warn("Could not remove an unregistered push token {}: {}", token.ref(), e.getMessage());
                }
            }
            deliveries.add(new DeliveryReport.Delivery(Channel.PUSH, token.ref(), Objects.requireNonNull(result),
                    attempts.get(token), null));
        }
        return deliveries;
    }

    private static List<DeliveryResult> sendPushOnce(PushChannel channel, PushMessage message, List<PushToken> tokens) {
        try {
            List<DeliveryResult> results = channel.send(message, tokens);
            if (results.size() == tokens.size()) {
                return results;
            }
            LOG.warn("A push channel returned {} results for {} tokens", results.size(), tokens.size());
        } catch (RuntimeException e) {
            LOG.warn("A push channel threw {} instead of returning results", e.getClass().getName());
        }
        DeliveryResult retry = DeliveryResult.retryLater(null, "channel-exception");
        return tokens.stream().map(t -> retry).toList();
    }

    private Map<String, String> values(NotificationIntent intent, InstitutionSettings settings, Locale locale) {
        Map<String, String> values = new HashMap<>();
        values.put(MessageType.INSTITUTION_NAME, settings.name());
        values.put(MessageType.PORTAL_URL, settings.portalUrl().toString());
        if (MessageType.of(intent.type()).allowedVariables().contains(MessageType.STARTS_AT)) {
            String startsAt = intent.attributes().get(NotificationIntent.STARTS_AT);
            if (startsAt == null) {
                throw new IllegalArgumentException("A " + intent.type() + " intent needs the attribute "
                        + NotificationIntent.STARTS_AT);
            }
            values.put(MessageType.STARTS_AT, formatStart(startsAt, settings, locale));
        }
        return values;
    }

    private static String formatStart(String iso, InstitutionSettings settings, Locale locale) {
        try {
            String text = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                    .withLocale(locale).format(Instant.parse(iso).atZone(settings.zone()));
            // CLDR puts no-break spaces into some patterns; a plain space keeps an SMS in GSM-7.
            return text.replace('\u202F', ' ').replace('\u00A0', ' ');
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("The attribute " + NotificationIntent.STARTS_AT
                    + " is not an ISO-8601 instant", e);
        }
    }

    private static Map<String, String> pushData(NotificationIntent intent) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("type", intent.type().name());
        data.put("notificationId", intent.id().toString());
        data.put("institution", intent.institution().value());
        String subject = intent.subjectId();
        if (subject != null) {
            data.put("subjectId", subject);
        }
        return data;
    }

    private RenderedSms renderSms(MessageType type, Locale locale, InstitutionSettings settings,
            Map<String, String> values) {
        RenderedSms r = templates.renderSms(type, locale, settings.defaultLocale(), values);
        if (!transliterate) {
            return r;
        }
        String text = GsmTransliterator.transliterate(r.text());
        return new RenderedSms(r.locale(), text, SmsSegments.count(text));
    }

    private Locale resolve(MessageType type, Channel channel, Locale preferred, InstitutionSettings settings) {
        return templates.resolve(type, channel, preferred, settings.defaultLocale());
    }

    private InstitutionSettings settings(InstitutionId institution) {
        return institutions.find(institution).orElseThrow(
                () -> new IllegalStateException("No notification settings for institution " + institution));
    }

    private @Nullable Object channelFor(Channel channel) {
        return switch (channel) {
            case EMAIL -> email;
            case SMS -> sms;
            case PUSH -> push;
        };
    }

    private static <T> T required(@Nullable T channel, String name) {
        if (channel == null) {
            throw new IllegalStateException("No " + name + " channel configured for login codes");
        }
        return channel;
    }

    private <T> T tx(Supplier<T> work) {
        return transactions.inTransaction(work);
    }

    /** Builds a {@link PortalNotifier}; {@link #build()} checks the settings and reports every problem at once. */
    public static final class Builder {
        private @Nullable PatientDirectory directory;
        private final Map<InstitutionId, InstitutionSettings> fixed = new LinkedHashMap<>();
        private @Nullable Institutions institutions;
        private @Nullable EmailChannel email;
        private @Nullable SmsChannel sms;
        private @Nullable PushChannel push;
        private @Nullable DeviceRegistry devices;
        private @Nullable SmsUsageLedger ledger;
        private @Nullable AccessGrantStore grants;
        private @Nullable DocumentStore documents;
        private @Nullable AuditSink audit;
        private PortalEventListener events = event -> {};
        private Templates templates = Templates.defaults();
        private NotificationPolicy policy = NotificationPolicy.standard();
        private BigDecimal pricePerSegment = BigDecimal.ZERO;
        private boolean transliterate;
        private RetryPolicy retry = RetryPolicy.defaults();
        private TransactionRunner transactions = TransactionRunner.direct();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Sets the host's patient records: e-mail address, phone number and language of each patient. Required.
         *
         * @param directory the directory
         * @return this builder
         */
        public Builder patientDirectory(PatientDirectory directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
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
            fixed.put(Objects.requireNonNull(institution, "institution"), Objects.requireNonNull(settings, "settings"));
            return this;
        }

        /**
         * Sets where institution settings come from, for hosts with many institutions.
         *
         * @param institutions the lookup
         * @return this builder
         */
        public Builder institutions(Institutions institutions) {
            this.institutions = Objects.requireNonNull(institutions, "institutions");
            return this;
        }

        /**
         * Sets the e-mail channel, for example {@link dev.patientportal.notify.mail.JakartaMailChannel}.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder email(EmailChannel channel) {
            this.email = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Sets the SMS channel, for example {@link dev.patientportal.notify.twilio.TwilioSmsChannel}.
         *
         * @param channel the channel
         * @return this builder
         */
        public Builder sms(SmsChannel channel) {
            this.sms = Objects.requireNonNull(channel, "channel");
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
            this.push = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /**
         * Sets the registry of patients' push tokens. Required with {@link #push(PushChannel)}.
         *
         * @param registry the registry
         * @return this builder
         */
        public Builder devices(DeviceRegistry registry) {
            this.devices = Objects.requireNonNull(registry, "registry");
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
            this.ledger = Objects.requireNonNull(ledger, "ledger");
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
            this.grants = Objects.requireNonNull(grants, "grants");
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
            this.documents = Objects.requireNonNull(documents, "documents");
            return this;
        }

        /**
         * Sets where skipped SMS (budget spent) are audited. Required.
         *
         * @param audit the audit sink
         * @return this builder
         */
        public Builder audit(AuditSink audit) {
            this.audit = Objects.requireNonNull(audit, "audit");
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
            this.events = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Sets the templates. Default: {@link Templates#defaults()}.
         *
         * @param templates the templates, already linted
         * @return this builder
         */
        public Builder templates(Templates templates) {
            this.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /**
         * Sets the policy. Default: {@link NotificationPolicy#standard()}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder policy(NotificationPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
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
            this.pricePerSegment = Objects.requireNonNull(price, "price");
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
            this.transliterate = enabled;
            return this;
        }

        /**
         * Sets the direct retries of each send. Default: {@link RetryPolicy#defaults()}.
         *
         * @param retry the policy
         * @return this builder
         */
        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /**
         * Sets how the notifier's own store calls run (patient directory, grants, documents, device registry, usage
         * ledger, audit): each in one short unit of work, never around a provider call. Default:
         * {@link TransactionRunner#direct()}.
         *
         * @param transactions the runner
         * @return this builder
         */
        public Builder transactions(TransactionRunner transactions) {
            this.transactions = Objects.requireNonNull(transactions, "transactions");
            return this;
        }

        /**
         * Sets the clock, for SMS months and audit times. Default: the system clock in UTC.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks the settings and builds the notifier.
         *
         * @return the notifier
         * @throws IllegalStateException naming every missing or conflicting setting
         */
        public PortalNotifier build() {
            List<String> problems = new ArrayList<>();
            if (directory == null) {
                problems.add("patientDirectory(PatientDirectory) is required");
            }
            if (fixed.isEmpty() == (institutions == null)) {
                problems.add("give either institution(id, settings) or institutions(Institutions), exactly one of them");
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
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Invalid notifier configuration: " + String.join("; ", problems));
            }
            Institutions lookup = institutions != null ? institutions : Institutions.of(fixed);
            return new PortalNotifier(this, lookup, devices != null ? devices : DeviceRegistry.inMemory(),
                    ledger != null ? ledger : SmsUsageLedger.inMemory(), Objects.requireNonNull(audit));
        }
    }
}
