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
 * Checks a typed code for one factor of a challenge, in at most three units of work. The first loads the challenge,
 * spends the attempt and counts it against the identity, and commits before the code is compared; a code that matched
 * is accepted in the second, which also stores the session when it was the last factor; {@link LoginCompletion}
 * finishes the login in the third.
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

    CodeVerifier(
            ChallengeStore store,
            Challenges challenges,
            OneTimeCodes codes,
            IdentityLockout lockout,
            LoginCompletion completion,
            LoginAudit audit,
            Clock clock,
            Steps steps) {
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
    VerifyResult verify(
            InstitutionId institution,
            @Nullable String challengeId,
            Factor factor,
            @Nullable String code,
            RequestContext context) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(factor, "factor");
        Objects.requireNonNull(context, "context");
        Trail trail = new Trail(institution, context, LoginAuditActions.VERIFY);
        trail.details.put("factor", factor.name());
        return audit.refusalsAudited(trail, () -> check(institution, challengeId, factor, code, trail));
    }

    /** What the second unit of work accepted: the factors still to verify, or the session of a completed login. */
    private record Accepted(List<Factor> remaining, LoginCompletion.@Nullable PendingSession session) {}

    /** What the first unit of work found and counted. */
    private record Attempt(
            ChallengeRecord challenge,
            StoredCode stored,
            String digits,
            Instant now,
            int left,
            int failuresBefore,
            FailureRecord counted) {}

    private VerifyResult check(
            InstitutionId institution,
            @Nullable String challengeId,
            Factor factor,
            @Nullable String code,
            Trail trail) {
        Attempt a = steps.call(() -> reserve(institution, challengeId, factor, code, trail));
        // Both counts are committed. Only attempts whose count stays within the threshold (or the one probe allowed
        // after a lockout ran out) are compared.
        lockout.requireWithinThreshold(a.counted(), a.now(), a.failuresBefore());
        if (!codes.matches(a.challenge().id(), factor, a.stored(), a.digits())) {
            trail.details.put("attemptsLeft", Integer.toString(a.left()));
            trail.details.put(
                    "consecutiveFailures", Integer.toString(a.counted().consecutiveFailures()));
            throw new AuthenticationException(Reason.WRONG_CODE, a.left(), null);
        }
        Accepted accepted = steps.call(() -> accept(a, factor, trail));
        LoginCompletion.PendingSession session = accepted.session();
        if (session == null) {
            return new VerifyResult(factor, accepted.remaining(), Optional.empty());
        }
        return completion.finish(a.challenge(), factor, session, trail);
    }

    /**
     * The first unit of work: finds and checks the challenge, spends one of its attempts and counts the attempt as a
     * failure of the identity. Login commits this unit before it compares the code, so that the code of an attempt
     * is never compared unless both counts are committed: parallel guesses, on this node or any other, can never
     * compare more codes than the challenge has attempts, nor slip in under the identity's lockout threshold. A right
     * code of the last factor resets the identity's count with the login; a right code of a first factor leaves it
     * counted, so a two-factor login abandoned halfway counts as one failure. Whatever this unit refuses, it refuses
     * before it changes anything.
     */
    private Attempt reserve(
            InstitutionId institution,
            @Nullable String challengeId,
            Factor factor,
            @Nullable String code,
            Trail trail) {
        ChallengeRecord c = challenges.loadForAttempt(institution, challengeId, trail);
        String digits = OneTimeCodes.normalise(code);
        Instant now = clock.instant();
        StoredCode stored = Challenges.unverifiedCode(c, factor, now);
        if (!now.isBefore(stored.expiresAt())) {
            throw new AuthenticationException(Reason.EXPIRED);
        }
        int failuresBefore = lockout.failuresUnlessLocked(c.identityKey(), now);
        if (c.attemptsLeft() <= 0) {
            throw new AuthenticationException(Reason.LOCKED, 0, null);
        }
        int left = store.reserveAttempt(c.id());
        if (left < 0) {
            throw new AuthenticationException(Reason.LOCKED, 0, null);
        }
        FailureRecord counted = lockout.countAttempt(c.identityKey(), now);
        return new Attempt(c, stored, digits, now, left, failuresBefore, counted);
    }

    /**
     * The second unit of work, for a code that matched: verifies the factor and, when it was the last one, consumes
     * the challenge and stores the new session, all under one lock of the challenge; otherwise audits the verified
     * factor.
     *
     * @return the factors still to verify, or the stored session when the login completes
     */
    private Accepted accept(Attempt a, Factor factor, Trail trail) {
        ChallengeRecord after = store.markVerifiedAndConsume(
                        a.challenge().id(), factor, a.stored().generation())
                .orElseThrow(() -> new AuthenticationException(Reason.CONSUMED));
        if (after.consumed()) {
            return new Accepted(List.of(), completion.storeSession(a.challenge(), a.now()));
        }
        List<Factor> remaining = after.codes().entrySet().stream()
                .filter(e -> !e.getValue().verified())
                .map(Map.Entry::getKey)
                .toList();
        if (remaining.isEmpty()) {
            // Every factor verified, yet another caller completed the login.
            throw new AuthenticationException(Reason.CONSUMED);
        }
        trail.details.put("result", "factor-verified");
        trail.details.put("remaining", Trail.names(remaining));
        audit.recordHere(trail, AuditEvent.Outcome.SUCCESS);
        return new Accepted(remaining, null);
    }
}
