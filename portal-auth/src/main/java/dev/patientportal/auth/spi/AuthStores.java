package dev.patientportal.auth.spi;

import dev.patientportal.core.spi.TransactionRunner;
import java.util.Optional;

/**
 * The four stores of login as one bundle, so that an adapter module ({@code portal-jpa}) hands them over in one call.
 */
public interface AuthStores {
    /**
     * Returns the challenge store.
     *
     * @return challenges and attempt counters
     */
    ChallengeStore challenges();

    /**
     * Returns the session store.
     *
     * @return sessions
     */
    SessionStore sessions();

    /**
     * Returns the lockout store.
     *
     * @return consecutive failures per identity
     */
    LockoutStore lockouts();

    /**
     * Returns the rate-limit store.
     *
     * @return send counters
     */
    RateLimitStore rateLimits();

    /**
     * Tells whether these stores work only inside a unit of work that a real
     * {@link dev.patientportal.core.spi.TransactionRunner} opens; {@code PortalLogin.Builder#build()} then refuses the
     * direct runner.
     *
     * @return {@code true} for database stores; {@code false} by default
     */
    default boolean requiresUnitOfWork() {
        return false;
    }

    /**
     * Returns the runner these stores work under, when the bundle carries one ({@code portal-jpa}'s stores made on a
     * {@code ResourceLocalTransactionRunner} do); {@code PortalLogin.Builder} uses it when no
     * {@code transactions(..)} is given.
     *
     * @return the runner, or empty (the default)
     */
    default Optional<TransactionRunner> transactions() {
        return Optional.empty();
    }

    /**
     * Bundles four stores.
     *
     * @param challenges challenges
     * @param sessions sessions
     * @param lockouts lockout counters
     * @param rateLimits send counters
     * @return the bundle, which needs no unit of work
     */
    static AuthStores of(
            ChallengeStore challenges, SessionStore sessions, LockoutStore lockouts, RateLimitStore rateLimits) {
        return new AuthStoreBundle(challenges, sessions, lockouts, rateLimits);
    }

    /**
     * Fresh single-node stores in memory. Right for one node; a cluster needs shared stores
     * ({@code portal-jpa}), or each node enforces its own limits and knows only its own sessions.
     *
     * @return the bundle
     */
    static AuthStores inMemory() {
        return of(
                ChallengeStore.inMemory(), SessionStore.inMemory(), LockoutStore.inMemory(), RateLimitStore.inMemory());
    }
}
