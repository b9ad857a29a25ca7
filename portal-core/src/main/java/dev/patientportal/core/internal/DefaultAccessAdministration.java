package dev.patientportal.core.internal;

import dev.patientportal.core.AccessAdministration;
import dev.patientportal.core.AccessDeniedException;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.GrantStatus;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PolicyViolationException;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.ValidationException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Staff's access administration; see {@link AccessAdministration}. */
public final class DefaultAccessAdministration extends Operations implements AccessAdministration {
    private final Staff staff;

    /** Binds the facade to a staff member. */
    public DefaultAccessAdministration(PortalContext ctx, Staff staff) {
        super(ctx, staff.institution(), Actor.staff(staff.id()), null);
        this.staff = staff;
    }

    @Override
    public AccessGrant grant(PatientId patient, AccessMethod method, boolean smsNotifications) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(method, "method");
        return execute(AuditActions.ACCESS_GRANT, patient, null, unit -> {
            requirePermission();
            PatientProfile profile = profile(patient);
            LoginIdentity identity = identityFor(profile, method);
            if (ctx.stores().grants().find(institution, patient).isPresent()) {
                throw new ConflictException("The patient already has a portal access grant; change or reinstate it");
            }
            Instant now = ctx.now();
            AccessGrant grant = new AccessGrant(
                    institution,
                    patient,
                    identity,
                    smsNotifications,
                    GrantStatus.ACTIVE,
                    null,
                    1,
                    now,
                    now,
                    staff.id(),
                    1);
            ctx.stores().grants().insert(grant);
            success(
                    AuditActions.ACCESS_GRANT,
                    patient,
                    null,
                    Map.of("method", method.name(), "sms", Boolean.toString(smsNotifications)));
            ctx.notifier()
                    .submit(new NotificationIntent(
                            UUID.randomUUID(),
                            NotificationIntent.Type.ACCESS_GRANTED,
                            institution,
                            patient,
                            null,
                            smsNotifications,
                            now,
                            Map.of()));
            event(unit, PortalEvent.Type.ACCESS_GRANTED, patient, null);
            return grant;
        });
    }

    @Override
    public Optional<AccessGrant> find(PatientId patient) {
        Objects.requireNonNull(patient, "patient");
        return execute(AuditActions.ACCESS_READ, patient, null, unit -> {
            requirePermission();
            Optional<AccessGrant> grant = ctx.stores().grants().find(institution, patient);
            success(AuditActions.ACCESS_READ, patient, null, Map.of("found", Boolean.toString(grant.isPresent())));
            return grant;
        });
    }

    @Override
    public AccessGrant changeMethod(PatientId patient, AccessMethod method, long expectedVersion) {
        Objects.requireNonNull(method, "method");
        return change(
                AuditActions.ACCESS_CHANGE_METHOD,
                patient,
                expectedVersion,
                PortalEvent.Type.ACCESS_CHANGED,
                true,
                (current, profile) -> {
                    LoginIdentity identity = identityFor(profile, method);
                    return copy(
                            current,
                            identity,
                            current.smsNotifications(),
                            current.status(),
                            current.revocationReason(),
                            true);
                },
                Map.of("method", method.name()));
    }

    @Override
    public AccessGrant setSmsNotifications(PatientId patient, boolean enabled, long expectedVersion) {
        return change(
                AuditActions.ACCESS_SMS,
                patient,
                expectedVersion,
                PortalEvent.Type.ACCESS_CHANGED,
                false,
                (current, profile) -> {
                    if (enabled && !current.identity().phone().canReceiveSms()) {
                        throw new ValidationException("phone", "cannot receive SMS");
                    }
                    return copy(
                            current, current.identity(), enabled, current.status(), current.revocationReason(), false);
                },
                Map.of("sms", Boolean.toString(enabled)));
    }

    @Override
    public AccessGrant revoke(PatientId patient, String reason, long expectedVersion) {
        Checks.text("reason", reason, 500);
        return change(
                AuditActions.ACCESS_REVOKE,
                patient,
                expectedVersion,
                PortalEvent.Type.ACCESS_REVOKED,
                true,
                (current, profile) -> {
                    if (current.status() == GrantStatus.REVOKED) {
                        throw new PolicyViolationException("access.already-revoked", "Access is already revoked");
                    }
                    return copy(
                            current, current.identity(), current.smsNotifications(), GrantStatus.REVOKED, reason, true);
                },
                Map.of());
    }

    @Override
    public AccessGrant reinstate(PatientId patient, long expectedVersion) {
        return change(
                AuditActions.ACCESS_REINSTATE,
                patient,
                expectedVersion,
                PortalEvent.Type.ACCESS_REINSTATED,
                false,
                (current, profile) -> {
                    if (current.status() == GrantStatus.ACTIVE) {
                        throw new PolicyViolationException("access.already-active", "Access is already active");
                    }
                    LoginIdentity identity = identityFor(profile, current.method());
                    return copy(current, identity, current.smsNotifications(), GrantStatus.ACTIVE, null, true);
                },
                Map.of());
    }

    private interface Change {
        AccessGrant apply(AccessGrant current, PatientProfile profile);
    }

    private AccessGrant change(
            String action,
            PatientId patient,
            long expectedVersion,
            PortalEvent.Type eventType,
            boolean endSessions,
            Change change,
            Map<String, String> details) {
        Objects.requireNonNull(patient, "patient");
        return execute(action, patient, null, unit -> {
            requirePermission();
            AccessGrant current = ctx.stores()
                    .grants()
                    .find(institution, patient)
                    .orElseThrow(() -> new NotFoundException("No portal access grant for this patient"));
            if (current.version() != expectedVersion) {
                throw new ConflictException(
                        "The grant changed since version " + expectedVersion + " (now " + current.version() + ")");
            }
            PatientProfile profile = profile(patient);
            AccessGrant updated = change.apply(current, profile);
            ctx.stores().grants().update(updated);
            if (endSessions) {
                ctx.sessions().endSessions(institution, patient);
            }
            success(action, patient, null, details);
            event(unit, eventType, patient, null);
            return updated;
        });
    }

    /**
     * The next version of a grant. A change that ends sessions moves the session epoch to the new version, so a session
     * a login writes while the change is still uncommitted is refused once it commits (issue 12); switching SMS keeps
     * the epoch, and the sessions with it.
     */
    private AccessGrant copy(
            AccessGrant g,
            LoginIdentity identity,
            boolean sms,
            GrantStatus status,
            @org.jspecify.annotations.Nullable String reason,
            boolean endsSessions) {
        long version = g.version() + 1;
        return new AccessGrant(
                g.institution(),
                g.patient(),
                identity,
                sms,
                status,
                reason,
                version,
                g.createdAt(),
                ctx.now(),
                staff.id(),
                endsSessions ? version : g.sessionEpoch());
    }

    private void requirePermission() {
        if (!staff.can(StaffPermission.GRANT_ACCESS)) {
            throw new AccessDeniedException("Granting portal access needs the GRANT_ACCESS permission");
        }
    }

    private PatientProfile profile(PatientId patient) {
        return ctx.directory()
                .find(institution, patient)
                .orElseThrow(() -> new NotFoundException("No such patient in this institution"));
    }

    /** The identity a method needs, from the record; every identifier present, valid, and the phone SMS-capable. */
    static LoginIdentity identityFor(PatientProfile profile, AccessMethod method) {
        if (profile.phone() == null) {
            throw new ValidationException("phone", "is missing from the patient record");
        }
        if (!profile.phone().canReceiveSms()) {
            throw new ValidationException("phone", "cannot receive SMS (not a mobile number)");
        }
        return switch (method) {
            case EMAIL_AND_PHONE -> {
                if (profile.email() == null) {
                    throw new ValidationException("email", "is missing from the patient record");
                }
                yield LoginIdentity.emailAndPhone(profile.email(), profile.phone());
            }
            case TAJ_AND_PHONE -> {
                if (profile.taj() == null) {
                    throw new ValidationException("taj", "is missing from the patient record");
                }
                yield LoginIdentity.tajAndPhone(profile.taj(), profile.phone());
            }
        };
    }
}
