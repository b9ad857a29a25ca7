package dev.patientportal.auth.internal;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.spi.FailureRecord;
import dev.patientportal.auth.spi.LockoutStore;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.AuthenticationException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The lockout of a login identity: consecutive failures across its challenges, and the back-off that doubles with
 * each failure past the threshold.
 */
final class IdentityLockout {
    private final LockoutStore store;
    private final AuthSettings settings;
    private final Steps steps;

    IdentityLockout(LockoutStore store, AuthSettings settings, Steps steps) {
        this.store = store;
        this.settings = settings;
        this.steps = steps;
    }

    /**
     * Refuses while the identity is locked, in a unit of work of its own.
     *
     * @return the consecutive failures counted so far, 0 when none
     */
    int requireNotLocked(String identityKey, Instant now) {
        return steps.call(() -> failuresUnlessLocked(identityKey, now));
    }

    /**
     * {@link #requireNotLocked} inside the caller's unit of work.
     *
     * @return the consecutive failures counted so far, 0 when none
     */
    int failuresUnlessLocked(String identityKey, Instant now) {
        Optional<FailureRecord> record = store.find(identityKey);
        if (record.isEmpty()) {
            return 0;
        }
        Optional<Duration> locked = lockedFor(record.get(), now);
        if (locked.isPresent()) {
            throw new AuthenticationException(Reason.LOCKED, -1, locked.get());
        }
        return record.get().consecutiveFailures();
    }

    /**
     * Counts an attempt as a failure before its code is compared, inside the caller's unit of work, which commits
     * before the code is compared; {@link #requireWithinThreshold} then decides whether it may be compared at all.
     *
     * @return the count including this attempt
     */
    FailureRecord countAttempt(String identityKey, Instant now) {
        return store.recordFailure(identityKey, now);
    }

    /**
     * Refuses a counted attempt when the count went past the threshold, allowing one probe after a lockout ran out.
     *
     * @param counted what {@link #countAttempt} returned
     * @param failuresBefore what {@link #failuresUnlessLocked} returned for this attempt
     */
    void requireWithinThreshold(FailureRecord counted, Instant now, int failuresBefore) {
        if (counted.consecutiveFailures() > Math.max(settings.lockoutThreshold(), failuresBefore + 1)) {
            throw new AuthenticationException(
                    Reason.LOCKED, -1, lockedFor(counted, now).orElse(settings.lockoutBaseDelay()));
        }
    }

    /** Forgets the failures after a completed login, inside the caller's unit of work. */
    void reset(String identityKey) {
        store.reset(identityKey);
    }

    /** How much longer a counter keeps the identity locked, if at all. */
    private Optional<Duration> lockedFor(FailureRecord record, Instant now) {
        if (record.consecutiveFailures() < settings.lockoutThreshold()) {
            return Optional.empty();
        }
        int beyond = record.consecutiveFailures() - settings.lockoutThreshold();
        Duration delay = settings.lockoutBaseDelay();
        for (int i = 0; i < beyond && delay.compareTo(settings.lockoutMaxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        if (delay.compareTo(settings.lockoutMaxDelay()) > 0) {
            delay = settings.lockoutMaxDelay();
        }
        Instant until = record.lastFailureAt().plus(delay);
        return now.isBefore(until) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }
}
