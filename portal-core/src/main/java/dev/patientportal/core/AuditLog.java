package dev.patientportal.core;

/**
 * The audit trail as staff with {@link StaffPermission#VIEW_AUDIT} query it: every event of their institution, by
 * patient, staff member, action, outcome and time, newest first, a page at a time. Obtained from
 * {@link PatientPortal#audit(Staff)}.
 *
 * <p>Every query is itself audited ({@link AuditActions#AUDIT_QUERY}, naming the patient when the query is about one,
 * so that it shows in that patient's access log). A refused query (no permission, a bad cursor) is audited as
 * {@code DENIED}. Stores whose {@link dev.patientportal.core.spi.PortalStores#auditTrail()} is unsupported fail with
 * {@link UnsupportedOperationException}, audited as {@code FAILED}.
 *
 * <pre>{@code
 * AuditLog log = portal.audit(dpo);
 * Page<AuditRecord> denied = log.events(AuditFilter.builder().outcome(AuditEvent.Outcome.DENIED).build());
 * }</pre>
 */
public interface AuditLog {
    /**
     * Lists one page of events, newest first.
     *
     * @param filter conditions, cursor and page size
     * @return the page; its cursor is stable while new events arrive
     * @throws AccessDeniedException without {@link StaffPermission#VIEW_AUDIT}
     * @throws ValidationException naming {@code cursor} when the cursor is malformed
     */
    Page<AuditRecord> events(AuditFilter filter);
}
