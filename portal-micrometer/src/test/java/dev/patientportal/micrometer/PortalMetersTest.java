package dev.patientportal.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.spi.PortalMetricsListener.Channel;
import dev.patientportal.core.spi.PortalMetricsListener.DeliveryFailure;
import dev.patientportal.core.spi.PortalMetricsListener.OutboxOutcome;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each signal lands on its meter with its tags; every meter of a name has the same tag keys. */
class PortalMetersTest {
    private static final InstitutionId A = InstitutionId.of("clinic-a");
    private static final InstitutionId B = InstitutionId.of("clinic-b");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PortalMeters meters = PortalMeters.create(registry);

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void logins_areCountedByInstitutionOutcomeAndReason() {
        meters.loginSucceeded(A);
        meters.loginSucceeded(A);
        meters.loginFailed(A, Reason.WRONG_CODE);
        meters.loginFailed(B, Reason.RATE_LIMITED);

        assertThat(count("portal.login", "institution", "clinic-a", "outcome", "success", "reason", "none"))
                .isEqualTo(2);
        assertThat(count("portal.login", "institution", "clinic-a", "outcome", "failure", "reason", "wrong_code"))
                .isEqualTo(1);
        assertThat(count("portal.login", "institution", "clinic-b", "outcome", "failure", "reason", "rate_limited"))
                .isEqualTo(1);
        assertThat(registry.find("portal.login").counters()).hasSize(3);
    }

    @Test
    void codes_areCountedByChannelAndOutcome() {
        meters.codeSent(A, Channel.SMS);
        meters.codeSent(A, Channel.SMS);
        meters.codeSent(A, Channel.EMAIL);
        meters.codeFailed(A, Channel.SMS);

        assertThat(count("portal.codes.sent", "channel", "sms", "outcome", "sent"))
                .isEqualTo(2);
        assertThat(count("portal.codes.sent", "channel", "email", "outcome", "sent"))
                .isEqualTo(1);
        assertThat(count("portal.codes.sent", "channel", "sms", "outcome", "failed"))
                .isEqualTo(1);
    }

    @Test
    void sms_segmentsAndCost_addUpPerInstitution() {
        meters.smsSent(A, 2, new BigDecimal("0.1500"));
        meters.smsSent(A, 1, new BigDecimal("0.0750"));
        meters.smsSent(B, 3, new BigDecimal("0.30"));

        assertThat(count("portal.sms.segments", "institution", "clinic-a")).isEqualTo(3);
        assertThat(count("portal.sms.cost", "institution", "clinic-a")).isCloseTo(0.225, within());
        assertThat(count("portal.sms.segments", "institution", "clinic-b")).isEqualTo(3);
        assertThat(count("portal.sms.cost", "institution", "clinic-b")).isCloseTo(0.30, within());
        assertThat(registry.get("portal.sms.segments").counter().getId().getBaseUnit())
                .isEqualTo("segments");
    }

    @Test
    void deliveries_areTimedPerChannel_andFailuresCountedByKind() {
        meters.notificationDelivered(A, Channel.EMAIL, Duration.ofMillis(250));
        meters.notificationDelivered(A, Channel.EMAIL, Duration.ofMillis(750));
        meters.notificationDelivered(A, Channel.PUSH, Duration.ofSeconds(2));
        meters.notificationFailed(A, Channel.SMS, DeliveryFailure.RETRY_LATER);
        meters.notificationFailed(A, Channel.SMS, DeliveryFailure.FAILED_PERMANENTLY);

        var email = registry.get("portal.notifications.delivered")
                .tags("channel", "email")
                .timer();
        assertThat(email.count()).isEqualTo(2);
        assertThat(email.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1000);
        assertThat(email.max(TimeUnit.MILLISECONDS)).isEqualTo(750);
        assertThat(registry.get("portal.notifications.delivered")
                        .tags("channel", "push")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(count("portal.notifications.failed", "channel", "sms", "outcome", "retry_later"))
                .isEqualTo(1);
        assertThat(count("portal.notifications.failed", "channel", "sms", "outcome", "failed_permanently"))
                .isEqualTo(1);
    }

    @Test
    void outboxOutcomes_areCounted_andOnlyDeliveriesTimed() {
        meters.outboxOutcome(A, OutboxOutcome.DELIVERED, Duration.ofSeconds(3));
        meters.outboxOutcome(A, OutboxOutcome.RETRIED, Duration.ofSeconds(1));
        meters.outboxOutcome(A, OutboxOutcome.PARKED, Duration.ofHours(2));

        for (String outcome : List.of("delivered", "retried", "parked")) {
            assertThat(count("portal.outbox.outcomes", "institution", "clinic-a", "outcome", outcome))
                    .as(outcome)
                    .isEqualTo(1);
        }
        var latency = registry.get("portal.outbox.latency").timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.totalTime(TimeUnit.SECONDS)).isEqualTo(3);
    }

    @Test
    void everyMeterOfAName_hasTheSameTagKeys() {
        for (Reason r : Reason.values()) {
            meters.loginFailed(A, r);
        }
        meters.loginSucceeded(B);
        for (Channel c : Channel.values()) {
            meters.codeSent(A, c);
            meters.codeFailed(B, c);
            meters.notificationDelivered(A, c, Duration.ofMillis(5));
            for (DeliveryFailure f : DeliveryFailure.values()) {
                meters.notificationFailed(B, c, f);
            }
        }
        for (OutboxOutcome o : OutboxOutcome.values()) {
            meters.outboxOutcome(A, o, Duration.ofMillis(5));
        }
        meters.smsSent(A, 1, BigDecimal.ONE);

        Map<String, Set<Set<String>>> keys = new TreeMap<>();
        for (Meter m : registry.getMeters()) {
            keys.computeIfAbsent(m.getId().getName(), k -> new HashSet<>())
                    .add(m.getId().getTags().stream().map(Tag::getKey).collect(Collectors.toSet()));
        }
        assertThat(keys)
                .containsOnlyKeys(
                        "portal.login",
                        "portal.codes.sent",
                        "portal.sms.segments",
                        "portal.sms.cost",
                        "portal.notifications.delivered",
                        "portal.notifications.failed",
                        "portal.outbox.outcomes",
                        "portal.outbox.latency");
        keys.forEach((name, sets) -> assertThat(sets).as(name).hasSize(1));
        assertThat(keys.get("portal.login")).containsExactly(Set.of("institution", "outcome", "reason"));
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
