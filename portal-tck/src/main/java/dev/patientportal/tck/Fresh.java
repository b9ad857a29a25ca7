package dev.patientportal.tck;

import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.testkit.Race;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Fresh values for the contracts, so that tests on a shared database never meet each other's rows, and the results of
 * a {@link Race} whose every task must succeed.
 */
final class Fresh {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Fresh() {}

    /** A fresh institution id, {@code inst-<uuid>}. */
    /**
     * Fails the contract when a value the store had to give is missing, and returns it otherwise: AssertJ's
     * {@code isNotNull()} does not tell the compiler, this does.
     */
    static <T> T present(@Nullable T value) {
        if (value == null) {
            throw new AssertionError("expected a value, the store gave none");
        }
        return value;
    }

    static InstitutionId institution() {
        return InstitutionId.of("inst-" + UUID.randomUUID());
    }

    /** A fresh patient id, {@code pat-<uuid>}. */
    static PatientId patient() {
        return PatientId.of("pat-" + UUID.randomUUID());
    }

    /** A random URL-safe id of {@code bytes} random bytes: 16 for ids, 32 for hashes. */
    static String id(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(bytes));
    }

    /** Random bytes. */
    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Now at whole milliseconds, so that stores with millisecond precision compare equal. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Fails when a task of the race threw, naming the first one, with what it threw as the cause.
     *
     * @throws AssertionError when a task failed
     */
    static void assertAllSucceeded(List<? extends Race.Outcome<?>> outcomes) {
        for (int i = 0; i < outcomes.size(); i++) {
            Race.Outcome<?> o = outcomes.get(i);
            if (!o.succeeded()) {
                throw new AssertionError("task " + i + " of the race failed", o.failure());
            }
        }
    }

    /**
     * The results of a race in thread order, when every task returned a value.
     *
     * @throws AssertionError when a task failed
     */
    static <T> List<T> resultsOf(List<Race.Outcome<T>> outcomes) {
        assertAllSucceeded(outcomes);
        List<T> results = new ArrayList<>();
        for (Race.Outcome<T> o : outcomes) {
            results.add(Objects.requireNonNull(o.result(), "a task of the race returned null"));
        }
        return results;
    }
}
