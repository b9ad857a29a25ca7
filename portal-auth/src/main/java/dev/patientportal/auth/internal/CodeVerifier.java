package dev.patientportal.auth.internal;

import dev.patientportal.auth.Factor;
import dev.patientportal.auth.LoginAuditActions;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.ChallengeStore;
import dev.patientportal.auth.spi.FailureRecord;
import dev.patientportal.auth.spi.StoredCode;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks a typed code for one factor of a challenge. The attempt is spent, and counted against the identity, each in a
 * unit of work that commits before the code is compared; the last factor verified hands over to
 * {@link LoginCompletion}.
 */
final class CodeVerifier {
    private final ChallengeStore store;
    private final Challenges challenges;
    private final OneTimeCodes codes;
    private final IdentityLockout lockout;
    private final LoginCompletion completion;
    private final LoginAudit audit;
    private final Clock clock;
    private final Steps steps;

    CodeVerifier(ChallengeStore store, Challenges challenges, OneTimeCodes codes, IdentityLockout lockout,
            LoginCompletion completion, LoginAudit audit, Clock clock, Steps steps) {
        this.store = store;
        this.challenges = challenges;
        this.codes = codes;
        this.lockout = lockout;
        this.completion = completion;
        this.audit = audit;
        this.clock = clock;
        this.steps = steps;
    }

    /** See {@link dev.patientportal.auth.PortalLogin#verify}. */
    VerifyResult verify(InstitutionId institution, @Nullable String challengeId, Factor factor, @Nullable String code,
            RequestContext context) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(factor, "factor");
        Objects.requireNonNull(context, "context");
        Trail trail = new Trail(institution, context, LoginAuditActions.VERIFY);
        trail.details.put("factor", factor.name());
        return audit.refusalsAudited(trail, () -> check(institution, challengeId, factor, code, trail));
    }

    private VerifyResult check(InstitutionId institution, @Nullable String challengeId, Factor factor,
            @Nullable String code, Trail trail) {
        ChallengeRecord c = challenges.load(institution, challengeId, trail);
        String digits = OneTimeCodes.normalise(code);
        Instant now = clock.instant();
        StoredCode stored = Challenges.unverifiedCode(c, factor, now);
        if (!now.isBefore(stored.expiresAt())) {
            throw new AuthenticationException(Reason.EXPIRED);
        }
        int failuresBefore = lockout.requireNotLocked(c.identityKey(), now);
        if (c.attemptsLeft() <= 0) {
            throw new AuthenticationException(Reason.LOCKED, 0, null);
        }
        int left = steps.call(() -> store.reserveAttempt(c.id()));
        if (left < 0) {
            throw new AuthenticationException(Reason.LOCKED, 0, null);
        }
        // The attempt counts as a failure of the identity before the code is compared, in one atomic step, so that
        // parallel guesses over many challenges cannot all slip in under the lockout threshold: only attempts whose
        // count stays within it (or the one probe allowed after a lockout ran out) are compared. A right code of the
        // last factor resets the count with the login; a right code of a first factor leaves it counted, so a
        // two-factor login abandoned halfway counts as one failure.
        FailureRecord counted = lockout.countAttempt(c.identityKey(), now, failuresBefore);
        if (!codes.matches(c.id(), factor, stored, digits)) {
            trail.details.put("attemptsLeft", Integer.toString(left));
            trail.details.put("consecutiveFailures", Integer.toString(counted.consecutiveFailures()));
            throw new AuthenticationException(Reason.WRONG_CODE, left, null);
        }
        ChallengeRecord after = steps.call(() -> store.markVerified(c.id(), factor, stored.generation()))
                .orElseThrow(() -> new AuthenticationException(Reason.CONSUMED));
        List<Factor> remaining = after.codes().entrySet().stream()
                .filter(e -> !e.getValue().verified()).map(Map.Entry::getKey).toList();
        if (!remaining.isEmpty()) {
            trail.details.put("result", "factor-verified");
            trail.details.put("remaining", Trail.names(remaining));
            audit.record(trail, AuditEvent.Outcome.SUCCESS);
            return new VerifyResult(factor, remaining, Optional.empty());
        }
        if (!steps.call(() -> store.consume(c.id()))) {
            throw new AuthenticationException(Reason.CONSUMED);
        }
        return completion.complete(c, factor, now, trail);
    }
}
