package dev.patientportal.auth.internal;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.auth.LoginAuditActions;
import dev.patientportal.auth.spi.SessionRecord;
import dev.patientportal.auth.spi.SessionStore;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.spi.AccessGrantStore;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The sessions login minted: resolving a token (its hash compared in constant time) with the idle and absolute
 * timeouts and the grant version the session is bound to, logout, and ending every session of a patient when the grant
 * changes.
 */
final class SessionKeeper {
    private final SessionStore store;
    private final AccessGrantStore grants;
    private final AuthSettings settings;
    private final Clock clock;
    private final LoginAudit audit;
    private final Steps steps;

    SessionKeeper(
            SessionStore store,
            AccessGrantStore grants,
            AuthSettings settings,
            Clock clock,
            LoginAudit audit,
            Steps steps) {
        this.store = store;
        this.grants = grants;
        this.settings = settings;
        this.clock = clock;
        this.audit = audit;
        this.steps = steps;
    }

    /** See {@link dev.patientportal.auth.PortalLogin#logout}. */
    boolean logout(@Nullable String token, RequestContext context) {
        Objects.requireNonNull(context, "context");
        Optional<SessionRecord> session = find(token);
        if (session.isEmpty()) {
            return false;
        }
        SessionRecord s = session.get();
        boolean ended = steps.call(() -> store.delete(s.sessionId()));
        Trail trail = new Trail(s.institution(), context, LoginAuditActions.LOGOUT);
        trail.patient = s.patient();
        trail.details.put("session", s.sessionId());
        trail.details.put("result", ended ? "ended" : "already-ended");
        audit.record(trail, AuditEvent.Outcome.SUCCESS, Actor.patient(s.patient()));
        return ended;
    }

    /**
     * See {@link dev.patientportal.core.spi.SessionResolver#resolve}: the session, its timeouts, the grant it is bound
     * to and the touch in one unit of work (one commit per resolve, where there were two).
     */
    Optional<PatientSession> resolve(@Nullable String token) {
        if (token == null || !Secrets.isUrlSafe(token, Secrets.TOKEN_CHARS)) {
            return Optional.empty();
        }
        byte[] hash = Secrets.sha256(token);
        return steps.call(() -> {
            Optional<SessionRecord> found =
                    store.findByTokenHash(hash).filter(s -> MessageDigest.isEqual(hash, s.tokenHash()));
            if (found.isEmpty()) {
                return Optional.<PatientSession>empty();
            }
            SessionRecord s = found.get();
            Instant now = clock.instant();
            Instant idleEnd = s.lastSeenAt().plus(settings.sessionIdleTimeout());
            if (!now.isBefore(s.absoluteExpiresAt()) || !now.isBefore(idleEnd)) {
                store.delete(s.sessionId());
                return Optional.<PatientSession>empty();
            }
            // The sweep of a grant change can miss a session that a login wrote while the change was uncommitted (the
            // login's own re-read of the grant still saw the old version): the grant's session epoch catches it.
            boolean admitted = grants.find(s.institution(), s.patient())
                    .filter(g -> g.admitsSessionMadeUnder(s.grantVersion()))
                    .isPresent();
            if (!admitted) {
                store.delete(s.sessionId());
                return Optional.<PatientSession>empty();
            }
            if (!store.touch(s.sessionId(), now)) {
                return Optional.<PatientSession>empty();
            }
            return Optional.of(new PatientSession(s.institution(), s.patient(), s.sessionId()));
        });
    }

    /** See {@link dev.patientportal.core.spi.SessionResolver#endSessions}; joins the caller's unit of work. */
    int endSessions(InstitutionId institution, PatientId patient) {
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(patient, "patient");
        // Joins the caller's unit of work when there is one (a grant change), and makes one when there is not.
        return steps.joining(() -> store.deleteAll(institution, patient));
    }

    private Optional<SessionRecord> find(@Nullable String token) {
        if (token == null || !Secrets.isUrlSafe(token, Secrets.TOKEN_CHARS)) {
            return Optional.empty();
        }
        byte[] hash = Secrets.sha256(token);
        return steps.call(() -> store.findByTokenHash(hash)).filter(s -> MessageDigest.isEqual(hash, s.tokenHash()));
    }
}
