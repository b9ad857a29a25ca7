package dev.patientportal.auth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a correct code: which factor it proved, which remain, and the new session once none remain.
 *
 * @param verified the factor the code proved
 * @param remaining the factors still to verify, empty when the login is complete
 * @param session the new session when the login is complete, otherwise empty
 */
public record VerifyResult(Factor verified, List<Factor> remaining, Optional<SessionGrant> session) {

    /**
     * Copies the list and checks that a session comes exactly with completion.
     *
     * @param verified the factor the code proved
     * @param remaining the factors still to verify, empty when the login is complete
     * @param session the new session when the login is complete, otherwise empty
     */
    public VerifyResult {
        Objects.requireNonNull(verified, "verified");
        remaining = List.copyOf(remaining);
        Objects.requireNonNull(session, "session");
        if (remaining.isEmpty() != session.isPresent()) {
            throw new IllegalArgumentException("a session comes exactly when no factor remains");
        }
    }

    /**
     * Tells whether the login is complete.
     *
     * @return {@code true} when every factor is verified and {@link #session()} holds the new session
     */
    public boolean isComplete() {
        return session.isPresent();
    }
}
