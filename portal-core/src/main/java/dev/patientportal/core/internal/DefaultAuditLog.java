package dev.patientportal.core.internal;

import dev.patientportal.core.AccessDeniedException;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditFilter;
import dev.patientportal.core.AuditLog;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.Page;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.spi.AuditQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Staff's audit queries; see {@link AuditLog}. */
public final class DefaultAuditLog extends Operations implements AuditLog {
    private final Staff staff;

    /** Binds the facade to a staff member. */
    public DefaultAuditLog(PortalContext ctx, Staff staff) {
        super(ctx, staff.institution(), Actor.staff(staff.id()), null);
        this.staff = staff;
    }

    @Override
    public Page<AuditRecord> events(AuditFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return execute(AuditActions.AUDIT_QUERY, filter.patient(), null, unit -> {
            if (!staff.can(StaffPermission.VIEW_AUDIT)) {
                throw new AccessDeniedException("Reading the audit trail needs the VIEW_AUDIT permission");
            }
            AuditQuery query = new AuditQuery(
                    institution,
                    filter.patient(),
                    filter.actor(),
                    filter.actions(),
                    filter.outcome(),
                    filter.from(),
                    filter.to(),
                    Cursors.decodeAudit(filter.cursor()),
                    filter.limit() + 1);
            // The store is trusted to filter; this keeps another institution's events out even when it does not.
            List<AuditRecord> found = ctx.stores().auditTrail().query(query).stream()
                    .filter(query::matches)
                    .limit(filter.limit() + 1L)
                    .toList();
            Page<AuditRecord> page = page(found, filter.limit());
            success(
                    AuditActions.AUDIT_QUERY,
                    filter.patient(),
                    null,
                    Map.of("count", Integer.toString(page.items().size()), "filters", conditions(filter)));
            return page;
        });
    }

    static Page<AuditRecord> page(List<AuditRecord> oneMore, int limit) {
        if (oneMore.size() <= limit) {
            return new Page<>(oneMore, null);
        }
        List<AuditRecord> items = oneMore.subList(0, limit);
        return new Page<>(items, Cursors.after(items.get(limit - 1)));
    }

    /** Which conditions the query had, by name only: the values (a patient id) are in the event's own fields. */
    private static String conditions(AuditFilter f) {
        List<String> names = new ArrayList<>();
        if (f.patient() != null) {
            names.add("patient");
        }
        if (f.actor() != null) {
            names.add("actor");
        }
        if (!f.actions().isEmpty()) {
            names.add("action");
        }
        if (f.outcome() != null) {
            names.add("outcome");
        }
        if (f.from() != null) {
            names.add("from");
        }
        if (f.to() != null) {
            names.add("to");
        }
        if (f.cursor() != null) {
            names.add("cursor");
        }
        return names.isEmpty() ? "none" : String.join(",", names);
    }
}
