package dev.patientportal.auth.internal;

import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.AuditSink;
import dev.patientportal.core.spi.PortalMetricsListener;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the audit event of every login operation, in a unit of work of its own, refusals included, and tells the
 * metrics listener of completed and refused logins.
 */
final class LoginAudit {
    private static final Logger LOG = LoggerFactory.getLogger(LoginAudit.class);

    private final AuditSink sink;
    private final Clock clock;
    private final Steps steps;
    private final PortalMetricsListener metrics;

    LoginAudit(AuditSink sink, Clock clock, Steps steps, PortalMetricsListener metrics) {
        this.sink = sink;
        this.clock = clock;
        this.steps = steps;
        this.metrics = metrics;
    }

    /** Counts a completed login, after its audit event committed. */
    void completed(Trail trail) {
        metrics.loginSucceeded(trail.institution);
    }

    /** Runs an operation, auditing its refusal (a {@link PortalException}) before rethrowing it. */
    <T> T refusalsAudited(Trail trail, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (PortalException e) {
            refused(trail, e);
            throw e;
        }
    }

    void record(Trail trail, AuditEvent.Outcome outcome) {
        record(trail, outcome, Actor.anonymous());
    }

    void record(Trail trail, AuditEvent.Outcome outcome, Actor actor) {
        AuditEvent event = event(trail, outcome, actor);
        steps.run(() -> sink.record(event));
    }

    /** Records an anonymous event inside the caller's unit of work, with the state changes it reports. */
    void recordHere(Trail trail, AuditEvent.Outcome outcome) {
        sink.record(event(trail, outcome, Actor.anonymous()));
    }

    private AuditEvent event(Trail trail, AuditEvent.Outcome outcome, Actor actor) {
        return new AuditEvent(
                clock.instant(),
                trail.institution,
                actor,
                trail.action,
                trail.patient,
                trail.target,
                outcome,
                trail.context.clientAddress(),
                trail.details);
    }

    /** Audits a refusal in a unit of work of its own; an audit failure is attached to the refusal, not lost. */
    private void refused(Trail trail, PortalException e) {
        if (e instanceof AuthenticationException a) {
            metrics.loginFailed(trail.institution, a.reason());
        }
        trail.details.put("error", errorCode(e));
        try {
            record(
                    trail,
                    e instanceof TemporaryFailureException ? AuditEvent.Outcome.FAILED : AuditEvent.Outcome.DENIED);
        } catch (RuntimeException auditFailure) {
            LOG.error("Could not audit a refused {} in institution {}", trail.action, trail.institution, auditFailure);
            e.addSuppressed(auditFailure);
        }
    }

    private static String errorCode(PortalException e) {
        if (e instanceof ValidationException v) {
            return "validation:" + v.field();
        }
        if (e instanceof AuthenticationException a) {
            return "authentication:" + a.reason();
        }
        if (e instanceof TemporaryFailureException) {
            return "temporary-failure";
        }
        return "error";
    }
}
