package dev.patientportal.auth.spi;

import java.util.Objects;

/** The bundle of {@link AuthStores#of}: four stores, no unit of work required. */
record AuthStoreBundle(
        ChallengeStore challenges, SessionStore sessions, LockoutStore lockouts, RateLimitStore rateLimits)
        implements AuthStores {

    AuthStoreBundle {
        Objects.requireNonNull(challenges, "challenges");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(lockouts, "lockouts");
        Objects.requireNonNull(rateLimits, "rateLimits");
    }
}
