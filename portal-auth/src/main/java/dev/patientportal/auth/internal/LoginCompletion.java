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
 * Completes a login whose every factor is verified: a new session, stored with the consumed challenge, and kept only if
 * the grant is unchanged after the session was committed and the login is audited; then the identity's failure count
 * is reset, in the unit of work of the audit.
 */
final class LoginCompletion {
    private final AccessGrantStore grants;
    private final SessionStore sessions;
    private final IdentityLockout lockout;
    private final AuthSettings settings;
    private final Secrets secrets;
    private final LoginAudit audit;
    private final Steps steps;

    LoginCompletion(
            AccessGrantStore grants,
            SessionStore sessions,
            IdentityLockout lockout,
            AuthSettings settings,
            Secrets secrets,
            LoginAudit audit,
            Steps steps) {
        this.grants = grants;
        this.sessions = sessions;
        this.lockout = lockout;
        this.settings = settings;
        this.secrets = secrets;
        this.audit = audit;
        this.steps = steps;
    }

    /** A session stored but not yet handed out, and its token. */
    record PendingSession(String token, SessionRecord session) {}

    /**
     * Mints and stores the session of a challenge consumed in the caller's unit of work, which commits both. The token
     * goes to nobody before {@link #finish} has checked the grant again.
     */
    PendingSession storeSession(ChallengeRecord c, Instant now) {
        PatientId patient = c.patient();
        if (patient == null) {
            // Unreachable: a decoy's codes match nothing. Refuse like an expired challenge all the same.
            throw new AuthenticationException(Reason.EXPIRED);
        }
        String token = secrets.randomId(Secrets.TOKEN_BYTES);
        String sessionId = secrets.randomId(Secrets.ID_BYTES);
        // Bound to the grant version the challenge was issued under, which finish() checks again.
        SessionRecord session = new SessionRecord(
                sessionId,
                Secrets.sha256(token),
                c.institution(),
                patient,
                now,
                now,
                now.plus(settings.sessionAbsoluteTimeout()),
                c.grantVersion());
        sessions.insert(session);
        return new PendingSession(token, session);
    }

    /** Checks the grant after the session was committed, audits the login, and resets the identity's failures. */
    VerifyResult finish(ChallengeRecord c, Factor factor, PendingSession pending, Trail trail) {
        SessionRecord session = pending.session();
        String sessionId = session.sessionId();
        boolean[] audited = {false};
        boolean kept;
        try {
            kept = steps.call(() -> {
                // Checked after the insert committed: staff who revoke or change the grant end every session in the
                // same unit of work as the change. Under READ COMMITTED both can miss the other (the sweep ran before
                // the insert, this read sees the uncommitted change's old version); then the session's bound grant
                // version falls below the grant's session epoch when the change commits, and resolving refuses it.
                if (!grantUnchanged(c, session.patient())) {
                    sessions.delete(sessionId);
                    return false;
                }
                trail.details.put("result", "login-complete");
                trail.details.put("session", sessionId);
                audited[0] = true;
                audit.recordHere(trail, AuditEvent.Outcome.SUCCESS);
                lockout.reset(c.identityKey());
                return true;
            });
        } catch (RuntimeException e) {
            // A login that cannot be audited (or whose grant cannot be checked) does not happen.
            steps.call(() -> sessions.delete(sessionId));
            if (audited[0]) {
                trail.details.put("result", "not-audited");
            }
            throw e;
        }
        if (!kept) {
            trail.details.put("result", "grant-changed");
            throw new AuthenticationException(Reason.EXPIRED);
        }
        audit.completed(trail);
        Instant absolute = session.absoluteExpiresAt();
        Instant idleEnd = session.createdAt().plus(settings.sessionIdleTimeout());
        return new VerifyResult(
                factor,
                List.of(),
                Optional.of(new SessionGrant(
                        pending.token(),
                        sessionId,
                        c.institution(),
                        session.patient(),
                        idleEnd.isBefore(absolute) ? idleEnd : absolute,
                        absolute)));
    }

    private boolean grantUnchanged(ChallengeRecord c, PatientId patient) {
        return grants.find(c.institution(), patient)
                .filter(g -> g.isActive() && g.version() == c.grantVersion())
                .isPresent();
    }
}
