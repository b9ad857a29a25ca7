package dev.patientportal.core;

import java.io.Serial;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Authentication failed: a wrong, expired or already used code, a locked account, a rate limit, or an unknown or
 * expired session. {@link #reason()} tells which; the answer for an unknown identity is the same as for a known one.
 */
public class AuthenticationException extends PortalException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Why authentication failed. */
    public enum Reason {
        /** The code was wrong; {@link #attemptsLeft()} says how many tries remain for this challenge. */
        WRONG_CODE,
        /** The challenge or its code has expired; start again. */
        EXPIRED,
        /** The code or challenge was already used. */
        CONSUMED,
        /** No such challenge. */
        UNKNOWN_CHALLENGE,
        /** Too many failures: the challenge or the access grant is locked; see {@link #retryAfter()}. */
        LOCKED,
        /** Too many codes sent or requested; see {@link #retryAfter()}. */
        RATE_LIMITED,
        /** The session token is unknown, expired or ended. */
        INVALID_SESSION
    }

    /** Why it failed; see {@link #reason()}. */
    private final Reason reason;
    /** Tries left on the challenge, or {@code -1}; see {@link #attemptsLeft()}. */
    private final int attemptsLeft;
    /** How long to wait, or {@code null}; see {@link #retryAfter()}. */
    private final @Nullable Duration retryAfter;

    /**
     * Creates an authentication failure.
     *
     * @param reason why it failed
     * @param attemptsLeft tries left on the challenge, or {@code -1} when not applicable
     * @param retryAfter when a retry may succeed, or {@code null} when not applicable
     */
    public AuthenticationException(Reason reason, int attemptsLeft, @Nullable Duration retryAfter) {
        super("Authentication failed: "
                + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        this.reason = reason;
        this.attemptsLeft = attemptsLeft;
        this.retryAfter = retryAfter;
    }

    /**
     * Creates an authentication failure without attempt or retry information.
     *
     * @param reason why it failed
     */
    public AuthenticationException(Reason reason) {
        this(reason, -1, null);
    }

    /**
     * Returns why authentication failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns how many code attempts remain on the challenge.
     *
     * @return attempts left, or {@code -1} when the reason is not {@link Reason#WRONG_CODE}
     */
    public int attemptsLeft() {
        return attemptsLeft;
    }

    /**
     * Returns how long to wait before trying again.
     *
     * @return the wait, or {@code null} when waiting does not help
     */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}
