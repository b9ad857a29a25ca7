package dev.patientportal.core.internal;

import dev.patientportal.core.AccessDeniedException;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.TemporaryFailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one facade operation: the work in one unit of work, events published after it, and a refusal (a
 * {@link PortalException}) or a failure (any other runtime exception, audited by class name only and rethrown
 * unchanged) audited in a unit of work of its own so that the audit survives the rollback.
 */
abstract class Operations {
    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);
    /** The audit's {@code error} detail for a runtime exception that is not a {@link PortalException}. */
    static final String UNEXPECTED = "unexpected";

    final PortalContext ctx;
    final InstitutionId institution;
    final Actor actor;
    final @Nullable String clientAddress;

    Operations(PortalContext ctx, InstitutionId institution, Actor actor, @Nullable String clientAddress) {
        this.ctx = ctx;
        this.institution = institution;
        this.actor = actor;
        this.clientAddress = clientAddress;
    }

    /** The facts and events one operation collects while it runs. */
    static final class Unit {
        final List<PortalEvent> events = new ArrayList<>();
        /** The grant {@link #beforeEach} read and found active, if it read one. */
        @Nullable
        AccessGrant grant;
    }

    <T> T execute(String action, @Nullable PatientId patient, @Nullable String target, Function<Unit, T> work) {
        Unit unit = new Unit();
        T result;
        try {
            beforeEach(unit);
            result = ctx.transactions().inTransaction(() -> work.apply(unit));
        } catch (PortalException e) {
            LOG.debug("{} by {} in institution {} refused: {}", action, actor.type(), institution, errorCode(e));
            auditRefusal(action, patient, target, e);
            throw e;
        } catch (RuntimeException e) {
            // A host SPI (or a bug) failed outside the PortalException contract. Its message may carry personal data,
            // so only the class name is logged and audited; the caller gets the exception unchanged.
            LOG.warn(
                    "{} by {} in institution {} failed: {}",
                    action,
                    actor.type(),
                    institution,
                    e.getClass().getName());
            auditOutcome(
                    action,
                    patient,
                    target,
                    AuditEvent.Outcome.FAILED,
                    Map.of("error", UNEXPECTED, "exception", e.getClass().getName()),
                    e);
            throw e;
        }
        LOG.debug("{} by {} in institution {} succeeded", action, actor.type(), institution);
        ctx.publish(unit.events);
        return result;
    }

    /** Runs before every operation, outside its unit of work; a refusal here is audited like any other. */
    void beforeEach(Unit unit) {}

    void success(String action, @Nullable PatientId patient, @Nullable String target, Map<String, String> details) {
        ctx.audit(institution, actor, action, patient, target, AuditEvent.Outcome.SUCCESS, clientAddress, details);
    }

    void event(Unit unit, PortalEvent.Type type, PatientId patient, @Nullable String subject) {
        unit.events.add(new PortalEvent(type, ctx.now(), institution, patient, subject, actor));
    }

    private void auditRefusal(String action, @Nullable PatientId patient, @Nullable String target, PortalException e) {
        AuditEvent.Outcome outcome =
                e instanceof TemporaryFailureException ? AuditEvent.Outcome.FAILED : AuditEvent.Outcome.DENIED;
        auditOutcome(action, patient, target, outcome, Map.of("error", errorCode(e)), e);
    }

    /** Audits a failed operation in a unit of work of its own, so that the audit survives the rollback. */
    private void auditOutcome(
            String action,
            @Nullable PatientId patient,
            @Nullable String target,
            AuditEvent.Outcome outcome,
            Map<String, String> details,
            RuntimeException e) {
        try {
            ctx.transactions()
                    .useNewTransaction(() ->
                            ctx.audit(institution, actor, action, patient, target, outcome, clientAddress, details));
        } catch (RuntimeException auditFailure) {
            // The original failure matters more to the caller; keep the audit failure visible in the log.
            LOG.error("Could not audit failed {} in institution {}", action, institution, auditFailure);
            e.addSuppressed(auditFailure);
        }
    }

    static String errorCode(PortalException e) {
        if (e instanceof dev.patientportal.core.ValidationException v) {
            return "validation:" + v.field();
        }
        if (e instanceof dev.patientportal.core.PolicyViolationException p) {
            return "policy:" + p.rule();
        }
        if (e instanceof AuthenticationException a) {
            return "authentication:" + a.reason();
        }
        if (e instanceof AccessDeniedException) {
            return "access-denied";
        }
        if (e instanceof dev.patientportal.core.NotFoundException) {
            return "not-found";
        }
        if (e instanceof dev.patientportal.core.ConflictException) {
            return "conflict";
        }
        if (e instanceof TemporaryFailureException) {
            return "temporary-failure";
        }
        return "error";
    }
}
