package dev.patientportal.micrometer;

import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.PortalMetricsListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The portal's {@link PortalMetricsListener} on a Micrometer {@link MeterRegistry}: counts and times what the portal
 * tells it. Give it once to {@code JpaPortal.Builder.metrics(...)} (or to each of {@code PortalLogin.Builder},
 * {@code PortalNotifier.Builder} and {@code OutboxDispatcher.Builder}); bind the outbox's gauges with
 * {@link OutboxMeters}.
 *
 * <pre>{@code
 * MeterRegistry registry = ...;                       // Spring Boot: the application's registry
 * JpaPortal portal = JpaPortal.builder()...metrics(PortalMeters.create(registry)).build();
 * OutboxMeters.of(portal.outbox()).bindTo(registry);  // pending, parked, oldest due age
 * }</pre>
 *
 * <p><b>Meters.</b> Tags are {@code institution} (the institution id), {@code channel}, {@code outcome} and
 * {@code reason} only, with lower-case values; never a patient id, a name, a phone number, an e-mail address, a TAJ or
 * a document title. Every meter of a name has the same tag keys.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th><th>What</th></tr>
 *   <tr><td>{@value #LOGIN}</td><td>counter</td><td>institution, outcome ({@code success}, {@code failure}), reason
 *       ({@code none}, or the {@link AuthenticationException.Reason} in lower case: {@code wrong_code},
 *       {@code expired}, {@code consumed}, {@code unknown_challenge}, {@code locked}, {@code rate_limited})</td>
 *       <td>completed logins, and refused starts, verifies and resends (decoys counted alike)</td></tr>
 *   <tr><td>{@value #CODES_SENT}</td><td>counter</td><td>institution, channel ({@code email}, {@code sms}), outcome
 *       ({@code sent}, {@code failed})</td><td>one-time login codes handed to a provider</td></tr>
 *   <tr><td>{@value #SMS_SEGMENTS}</td><td>counter</td><td>institution</td><td>SMS segments the provider took (codes
 *       and notifications), as billed in the usage ledger</td></tr>
 *   <tr><td>{@value #SMS_COST}</td><td>counter</td><td>institution</td><td>what those segments cost, in the budgets'
 *       currency (segments times the price per segment)</td></tr>
 *   <tr><td>{@value #NOTIFICATIONS_DELIVERED}</td><td>timer</td><td>institution, channel ({@code email}, {@code sms},
 *       {@code push})</td><td>notifications delivered per channel (per device for push), timed from the intent's
 *       creation to the provider's acceptance: the delivery latency, outbox wait and retries included</td></tr>
 *   <tr><td>{@value #NOTIFICATIONS_FAILED}</td><td>counter</td><td>institution, channel, outcome
 *       ({@code retry_later}, {@code failed_permanently})</td><td>failed delivery attempts per channel; a push token
 *       the provider no longer knows is removed, not counted</td></tr>
 *   <tr><td>{@value #OUTBOX_OUTCOMES}</td><td>counter</td><td>institution, outcome ({@code delivered},
 *       {@code retried}, {@code parked})</td><td>what the outbox dispatcher recorded for each message</td></tr>
 *   <tr><td>{@value #OUTBOX_LATENCY}</td><td>timer</td><td>institution</td><td>outbox messages delivered, timed from
 *       their creation to the end of the delivering attempt</td></tr>
 * </table>
 *
 * <p>Timers publish no histogram by default; turn one on with a {@code MeterFilter} (Spring Boot:
 * {@code management.metrics.distribution.percentiles-histogram.portal.outbox.latency=true}).
 *
 * <p><b>Threads:</b> thread-safe; the portal calls it from request, code-delivery and outbox threads.
 */
public final class PortalMeters implements PortalMetricsListener {
    /** Login outcomes: counter. */
    public static final String LOGIN = "portal.login";
    /** Login codes sent or not, by channel: counter. */
    public static final String CODES_SENT = "portal.codes.sent";
    /** SMS segments billed: counter. */
    public static final String SMS_SEGMENTS = "portal.sms.segments";
    /** SMS cost billed, in the budgets' currency: counter. */
    public static final String SMS_COST = "portal.sms.cost";
    /** Notifications delivered per channel, with their latency: timer. */
    public static final String NOTIFICATIONS_DELIVERED = "portal.notifications.delivered";
    /** Failed notification deliveries per channel: counter. */
    public static final String NOTIFICATIONS_FAILED = "portal.notifications.failed";
    /** Outbox outcomes per message: counter. */
    public static final String OUTBOX_OUTCOMES = "portal.outbox.outcomes";
    /** Outbox delivery latency, creation to delivery: timer. */
    public static final String OUTBOX_LATENCY = "portal.outbox.latency";

    private static final String INSTITUTION = "institution";
    private static final String CHANNEL = "channel";
    private static final String OUTCOME = "outcome";
    private static final String REASON = "reason";

    private final MeterRegistry registry;

    private PortalMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Creates the listener on a registry. Meters are registered as their first signal arrives.
     *
     * @param registry where the meters go
     * @return the listener
     */
    public static PortalMeters create(MeterRegistry registry) {
        return new PortalMeters(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void loginSucceeded(InstitutionId institution) {
        counter(LOGIN, "Completed and refused logins", tags(institution).and(OUTCOME, "success", REASON, "none"))
                .increment();
    }

    @Override
    public void loginFailed(InstitutionId institution, AuthenticationException.Reason reason) {
        counter(LOGIN, "Completed and refused logins", tags(institution).and(OUTCOME, "failure", REASON, tag(reason)))
                .increment();
    }

    @Override
    public void codeSent(InstitutionId institution, Channel channel) {
        code(institution, channel, "sent");
    }

    @Override
    public void codeFailed(InstitutionId institution, Channel channel) {
        code(institution, channel, "failed");
    }

    @Override
    public void smsSent(InstitutionId institution, int segments, BigDecimal cost) {
        Counter.builder(SMS_SEGMENTS)
                .description("SMS segments the provider took, as billed")
                .baseUnit("segments")
                .tags(tags(institution))
                .register(registry)
                .increment(segments);
        counter(SMS_COST, "What the SMS segments billed cost, in the budgets' currency", tags(institution))
                .increment(cost.doubleValue());
    }

    @Override
    public void notificationDelivered(InstitutionId institution, Channel channel, Duration latency) {
        Timer.builder(NOTIFICATIONS_DELIVERED)
                .description("Notifications delivered per channel, from the intent's creation to the provider")
                .tags(tags(institution).and(CHANNEL, tag(channel)))
                .register(registry)
                .record(latency);
    }

    @Override
    public void notificationFailed(InstitutionId institution, Channel channel, DeliveryFailure failure) {
        counter(
                        NOTIFICATIONS_FAILED,
                        "Failed notification deliveries per channel",
                        tags(institution).and(CHANNEL, tag(channel), OUTCOME, tag(failure)))
                .increment();
    }

    @Override
    public void outboxOutcome(InstitutionId institution, OutboxOutcome outcome, Duration age) {
        counter(
                        OUTBOX_OUTCOMES,
                        "What the outbox recorded per message",
                        tags(institution).and(OUTCOME, tag(outcome)))
                .increment();
        if (outcome == OutboxOutcome.DELIVERED) {
            Timer.builder(OUTBOX_LATENCY)
                    .description("Outbox messages delivered, from their creation to the delivery")
                    .tags(tags(institution))
                    .register(registry)
                    .record(age);
        }
    }

    private void code(InstitutionId institution, Channel channel, String outcome) {
        counter(
                        CODES_SENT,
                        "One-time login codes handed to a provider",
                        tags(institution).and(CHANNEL, tag(channel), OUTCOME, outcome))
                .increment();
    }

    private Counter counter(String name, String description, Tags tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private static Tags tags(InstitutionId institution) {
        return Tags.of(INSTITUTION, institution.value());
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
