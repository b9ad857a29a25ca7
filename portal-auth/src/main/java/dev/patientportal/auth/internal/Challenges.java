package dev.patientportal.auth.internal;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.StoredCode;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.ValidationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Finds the challenge a verify or resend names, checks the factor it names, and shows a challenge to the host. */
final class Challenges {
    private final ChallengeStore store;
    private final Steps steps;

    Challenges(ChallengeStore store, Steps steps) {
        this.store = store;
        this.steps = steps;
    }

    /**
     * The challenge of an institution by its handle, in a unit of work of its own; anything else is an unknown
     * challenge.
     */
    ChallengeRecord load(InstitutionId institution, @Nullable String challengeId, Trail trail) {
        String id = handle(challengeId, trail);
        return found(steps.call(() -> store.find(id)), institution, trail);
    }

    /**
     * {@link #load} for a verify, inside the caller's unit of work, through {@link ChallengeStore#findForAttempt}: the
     * attempt is reserved in the same unit.
     */
    ChallengeRecord loadForAttempt(InstitutionId institution, @Nullable String challengeId, Trail trail) {
        String id = handle(challengeId, trail);
        return found(store.findForAttempt(id), institution, trail);
    }

    private static String handle(@Nullable String challengeId, Trail trail) {
        if (challengeId == null || !Secrets.isUrlSafe(challengeId, Secrets.ID_CHARS)) {
            throw new AuthenticationException(Reason.UNKNOWN_CHALLENGE);
        }
        trail.target = Secrets.reference(challengeId);
        return challengeId;
    }

    private static ChallengeRecord found(Optional<ChallengeRecord> found, InstitutionId institution, Trail trail) {
        ChallengeRecord c = found.filter(r -> r.institution().equals(institution))
                .orElseThrow(() -> new AuthenticationException(Reason.UNKNOWN_CHALLENGE));
        trail.patient = c.patient();
        if (c.isDecoy()) {
            trail.details.put("identity", "unknown");
        }
        return c;
    }

    /** The factor's code while the challenge is open and the factor is not yet verified. */
    static StoredCode unverifiedCode(ChallengeRecord c, Factor factor, Instant now) {
        if (c.consumed()) {
            throw new AuthenticationException(Reason.CONSUMED);
        }
        if (!now.isBefore(c.expiresAt())) {
            throw new AuthenticationException(Reason.EXPIRED);
        }
        StoredCode stored = c.codes().get(factor);
        if (stored == null) {
            throw new ValidationException("factor", "is not part of this challenge");
        }
        if (stored.verified()) {
            throw new AuthenticationException(Reason.CONSUMED);
        }
        return stored;
    }

    /** What the host sees of a challenge. */
    static Challenge view(ChallengeRecord c) {
        Instant lastCode = c.codes().values().stream()
                .filter(s -> !s.verified())
                .map(StoredCode::expiresAt)
                .max(Instant::compareTo)
                .orElse(c.expiresAt());
        return new Challenge(c.id(), c.institution(), List.copyOf(c.codes().keySet()), lastCode, c.resendAvailableAt());
    }
}
