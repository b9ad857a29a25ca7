package dev.patientportal.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.RetryPolicy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetrierTest {
    private final List<Duration> slept = new ArrayList<>();
    private final Retrier.Sleeper recording = d -> slept.add(d);
    private final RetryPolicy three = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2));

    private static DeliveryResult retry(Duration after) {
        return DeliveryResult.retryLater(after, "busy");
    }

    private static java.util.function.Supplier<DeliveryResult> answers(DeliveryResult... results) {
        Deque<DeliveryResult> queue = new ArrayDeque<>(List.of(results));
        return () -> queue.size() > 1 ? queue.poll() : queue.peek();
    }

    @Test
    @DisplayName("with RetryPolicy.none(), as an outbox uses it, one attempt is made and nothing waits")
    void noneNeverSleeps() {
        Retrier retrier = new Retrier(
                RetryPolicy.none(),
                d -> {
                    throw new AssertionError("slept " + d);
                },
                () -> new SplittableRandom(1));

        assertThat(retrier.run(answers(DeliveryResult.retryLater(null, "busy"))).attempts())
                .isEqualTo(1);
        Map<String, Retrier.Attempted> each = retrier.runEach(
                List.of("a", "b"),
                keys -> keys.stream()
                        .map(k -> DeliveryResult.retryLater(null, "busy"))
                        .toList());
        assertThat(each.values()).extracting(Retrier.Attempted::attempts).containsExactly(1, 1);
    }

    @Test
    @DisplayName("between attempts it waits the jittered back-off, through its sleeper")
    void sleepsTheBackoff() {
        Retrier retrier = new Retrier(three, recording, () -> new SplittableRandom(7));

        Retrier.Attempted outcome = retrier.run(answers(
                DeliveryResult.retryLater(null, "a"),
                DeliveryResult.retryLater(null, "b"),
                DeliveryResult.sent("m-1")));

        assertThat(outcome.attempts()).isEqualTo(3);
        assertThat(outcome.result().status()).isEqualTo(DeliveryResult.Status.SENT);
        assertThat(slept).hasSize(2);
        assertThat(slept.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(slept.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    @DisplayName("a Retry-After longer than the back-off is waited; one longer than the cap ends the retries")
    void honoursRetryAfter() {
        Retrier retrier = new Retrier(three, recording, () -> new SplittableRandom(7));

        retrier.run(answers(retry(Duration.ofSeconds(1)), DeliveryResult.sent("m-1")));
        Retrier.Attempted impatient = retrier.run(answers(retry(Duration.ofMinutes(2))));

        assertThat(slept).containsExactly(Duration.ofSeconds(1));
        assertThat(impatient.attempts()).isEqualTo(1);
    }

    @Test
    @DisplayName("a fan-out retries only the recipients that may pass, after the longest Retry-After among them")
    void fanOut() {
        Retrier retrier = new Retrier(three, recording, () -> new SplittableRandom(7));
        List<List<String>> calls = new ArrayList<>();

        Map<String, Retrier.Attempted> outcomes = retrier.runEach(List.of("a", "b", "c"), keys -> {
            calls.add(keys);
            return keys.stream()
                    .map(k -> calls.size() > 1 || k.equals("a")
                            ? DeliveryResult.sent("m-" + k)
                            : retry(Duration.ofMillis(k.equals("b") ? 300 : 600)))
                    .toList();
        });

        assertThat(calls).containsExactly(List.of("a", "b", "c"), List.of("b", "c"));
        assertThat(slept).containsExactly(Duration.ofMillis(600));
        assertThat(outcomes.keySet()).containsExactly("a", "b", "c");
        assertThat(outcomes.values()).extracting(Retrier.Attempted::attempts).containsExactly(1, 2, 2);
        assertThat(outcomes.values()).allMatch(o -> o.result().status() == DeliveryResult.Status.SENT);
    }

    @Test
    @DisplayName("an interrupted wait ends the retries with the last result")
    void interrupted() {
        Retrier retrier = new Retrier(three, d -> false, () -> new SplittableRandom(7));

        Retrier.Attempted outcome =
                retrier.run(answers(DeliveryResult.retryLater(null, "a"), DeliveryResult.sent("m-1")));

        assertThat(outcome.attempts()).isEqualTo(1);
        assertThat(outcome.result().status()).isEqualTo(DeliveryResult.Status.RETRY_LATER);
    }
}
