package dev.patientportal.auth.internal;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.SessionGrant;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.auth.spi.ChallengeRecord;
import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.AuthenticationException.Reason;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.spi.AccessGrantStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Completes a login whose every factor is verified: a new session, kept only if the grant is unchanged both before and
 * after it is written and the login is audited; then the identity's failure count is reset.
 */
final class LoginCompletion {
    private final AccessGrantStore grants;
    private final SessionStore sessions;
    private final IdentityLockout lockout;
    private final AuthSettings settings;
    private final Secrets secrets;
    private final LoginAudit audit;
    private final Steps steps;

    LoginCompletion(AccessGrantStore grants, SessionStore sessions, IdentityLockout lockout, AuthSettings settings,
            Secrets secrets, LoginAudit audit, Steps steps) {
        this.grants = grants;
        this.sessions = sessions;
        this.lockout = lockout;
        this.settings = settings;
        this.secrets = secrets;
        this.audit = audit;
        this.steps = steps;
    }

    /** Mints the session of a consumed challenge. */
    VerifyResult complete(ChallengeRecord c, Factor factor, Instant now, Trail trail) {
        PatientId patient = c.patient();
        if (patient == null) {
            // Unreachable: a decoy's codes match nothing. Refuse like an expired challenge all the same.
            throw new AuthenticationException(Reason.EXPIRED);
        }
        if (!grantUnchanged(c, patient)) {
            trail.details.put("result", "grant-changed");
            throw new AuthenticationException(Reason.EXPIRED);
        }
        String token = secrets.randomId(Secrets.TOKEN_BYTES);
        String sessionId = secrets.randomId(Secrets.ID_BYTES);
        Instant absolute = now.plus(settings.sessionAbsoluteTimeout());
        SessionRecord session = new SessionRecord(sessionId, Secrets.sha256(token), c.institution(), patient, now, now,
                absolute);
        steps.run(() -> sessions.insert(session));
        // Check again after the insert: staff who revoke or change the grant end every session in the same unit of
        // work as the change, so either that sweep sees this session or this check sees the change.
        if (!grantUnchanged(c, patient)) {
            steps.call(() -> sessions.delete(sessionId));
            trail.details.put("result", "grant-changed");
            throw new AuthenticationException(Reason.EXPIRED);
        }
        try {
            trail.details.put("result", "login-complete");
            trail.details.put("session", sessionId);
            audit.record(trail, AuditEvent.Outcome.SUCCESS);
        } catch (RuntimeException e) {
            // A login that cannot be audited does not happen.
            steps.call(() -> sessions.delete(sessionId));
            trail.details.put("result", "not-audited");
            throw e;
        }
        lockout.reset(c.identityKey());
        Instant idleEnd = now.plus(settings.sessionIdleTimeout());
        return new VerifyResult(factor, List.of(), Optional.of(new SessionGrant(token, sessionId, c.institution(),
                patient, idleEnd.isBefore(absolute) ? idleEnd : absolute, absolute)));
    }

    private boolean grantUnchanged(ChallengeRecord c, PatientId patient) {
        return steps.call(() -> grants.find(c.institution(), patient))
                .filter(g -> g.isActive() && g.version() == c.grantVersion()).isPresent();
    }
}
