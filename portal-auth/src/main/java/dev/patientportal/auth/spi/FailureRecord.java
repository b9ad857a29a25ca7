package dev.patientportal.auth.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The consecutive wrong codes of one login identity, across its challenges.
 *
 * @param consecutiveFailures wrong codes since the last successful login, at least 1
 * @param lastFailureAt when the last one came
 */
public record FailureRecord(int consecutiveFailures, Instant lastFailureAt) {
    /**
     * Checks the fields.
     *
     * @param consecutiveFailures wrong codes since the last successful login, at least 1
     * @param lastFailureAt when the last one came
     */
    public FailureRecord {
        Objects.requireNonNull(lastFailureAt, "lastFailureAt");
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1");
        }
    }
}
