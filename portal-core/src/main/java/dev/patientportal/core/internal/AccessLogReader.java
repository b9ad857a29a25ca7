package dev.patientportal.core.internal;

import dev.patientportal.core.AccessLogEntry;
import dev.patientportal.core.AccessLogFilter;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.Page;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.spi.AuditQuery;
import dev.patientportal.core.spi.StaffDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads one page of a patient's access log from the audit trail: staff reads, changes and publications about the
 * patient, and the patient's completed logins, newest first. Logins are told from the other steps of a login by a
 * detail, so a page is read in rounds until it is full.
 */
final class AccessLogReader {
    /**
     * The action of portal-auth's code verification ({@code LoginAuditActions.VERIFY}); core cannot see portal-auth,
     * and the code is stable across releases.
     */
    static final String LOGIN_VERIFY = "login.verify";
    /** The {@code result} detail of the verification that completed a login. */
    static final String LOGIN_COMPLETE = "login-complete";
    /** Shown for a clinic whose name the host's directory does not give. */
    static final String THE_CLINIC = "the clinic";
    /** Shown for the patient's own logins. */
    static final String YOU = "you";

    private static final Set<String> READS = Set.of(
            AuditActions.ACCESS_READ,
            AuditActions.DOCUMENT_STAFF_READ,
            AuditActions.AUDIT_QUERY,
            AuditActions.DATA_EXPORT);
    private static final Set<String> CHANGES = Set.of(
            AuditActions.ACCESS_GRANT,
            AuditActions.ACCESS_CHANGE_METHOD,
            AuditActions.ACCESS_SMS,
            AuditActions.ACCESS_REVOKE,
            AuditActions.ACCESS_REINSTATE,
            AuditActions.DOCUMENT_VISIBILITY,
            AuditActions.DOCUMENT_WITHDRAW);
    private static final Set<String> ACTIONS;
    private static final int MAX_ROUNDS = 10;

    static {
        Set<String> all = new HashSet<>(READS);
        all.addAll(CHANGES);
        all.add(AuditActions.DOCUMENT_PUBLISH);
        all.add(LOGIN_VERIFY);
        ACTIONS = Set.copyOf(all);
    }

    private final PortalContext ctx;
    private final InstitutionId institution;
    private final PatientId patient;
    private final boolean revealHidden;
    private final Map<String, AccessLogEntry.Accessor> accessors = new HashMap<>();
    private final Map<String, Boolean> visible = new HashMap<>();
    private AccessLogEntry.@Nullable Accessor clinic;

    /**
     * Creates a reader for one patient's log.
     *
     * @param revealHidden {@code false} for what the patient is shown: events about a document the patient cannot see
     *     now (no patient access, withdrawn) do not name it, and its publication and changes are left out, so the
     *     log does not tell the patient of a document the clinic kept from them; a staff read of it still appears, as
     *     a read of the record. {@code true} for the staff export, which lists every document anyway.
     */
    AccessLogReader(PortalContext ctx, InstitutionId institution, PatientId patient, boolean revealHidden) {
        this.ctx = ctx;
        this.institution = institution;
        this.patient = patient;
        this.revealHidden = revealHidden;
    }

    Page<AccessLogEntry> read(AccessLogFilter filter) {
        int want = filter.limit() + 1;
        int batch = Math.min(500, want * 2);
        AuditQuery.@Nullable Position position = Cursors.decodeAudit(filter.cursor());
        List<AccessLogEntry> entries = new ArrayList<>();
        List<AuditRecord> sources = new ArrayList<>();
        AuditRecord lastExamined = null;
        boolean exhausted = false;
        for (int round = 0; round < MAX_ROUNDS && entries.size() < want && !exhausted; round++) {
            AuditQuery query = new AuditQuery(
                    institution, patient, null, ACTIONS, AuditEvent.Outcome.SUCCESS, null, null, position, batch);
            List<AuditRecord> found = ctx.stores().auditTrail().query(query);
            for (AuditRecord r : found) {
                lastExamined = r;
                AccessLogEntry entry = query.matches(r) ? entry(r) : null;
                if (entry != null) {
                    entries.add(entry);
                    sources.add(r);
                    if (entries.size() == want) {
                        break;
                    }
                }
            }
            exhausted = found.size() < batch;
            if (lastExamined != null) {
                position = AuditQuery.Position.of(lastExamined);
            }
        }
        if (entries.size() > filter.limit()) {
            return new Page<>(entries.subList(0, filter.limit()), Cursors.after(sources.get(filter.limit() - 1)));
        }
        // Out of rounds with the page not full: continue after the last event looked at.
        String next = !exhausted && lastExamined != null ? Cursors.after(lastExamined) : null;
        return new Page<>(entries, next);
    }

    private @Nullable AccessLogEntry entry(AuditRecord r) {
        AuditEvent e = r.event();
        String action = e.action();
        if (action.equals(LOGIN_VERIFY)) {
            if (!LOGIN_COMPLETE.equals(e.details().get("result"))) {
                return null;
            }
            return new AccessLogEntry(
                    e.at(),
                    AccessLogEntry.Kind.LOGIN,
                    action,
                    new AccessLogEntry.Accessor(AccessLogEntry.Accessor.Type.PATIENT, YOU, null),
                    null,
                    ClientHints.of(e.clientAddress()));
        }
        if (e.actor().type() != Actor.Type.STAFF) {
            return null;
        }
        AccessLogEntry.Kind kind;
        if (READS.contains(action)) {
            kind = AccessLogEntry.Kind.READ;
        } else if (CHANGES.contains(action)) {
            kind = AccessLogEntry.Kind.CHANGE;
        } else if (action.equals(AuditActions.DOCUMENT_PUBLISH)) {
            kind = AccessLogEntry.Kind.DOCUMENT_PUBLISHED;
        } else {
            return null;
        }
        String target = action.startsWith("document.") ? e.targetId() : null;
        if (target != null && !revealHidden && !visibleToPatient(target)) {
            if (kind != AccessLogEntry.Kind.READ) {
                return null;
            }
            target = null;
        }
        return new AccessLogEntry(e.at(), kind, action, staff(e.actor().id()), target, null);
    }

    /** Whether the patient can see the document now, asked once per document and page. */
    private boolean visibleToPatient(String documentId) {
        return visible.computeIfAbsent(documentId, id -> {
            DocumentId parsed;
            try {
                parsed = DocumentId.of(id);
            } catch (PortalException e) {
                return false;
            }
            return ctx.stores()
                    .documents()
                    .find(institution, parsed)
                    .filter(d ->
                            d.state() == DocumentState.VISIBLE && d.patient().equals(patient))
                    .isPresent();
        });
    }

    /** What the patient is shown for a staff member, asked once per page. */
    private AccessLogEntry.Accessor staff(String staffId) {
        AccessLogEntry.Accessor known = accessors.get(staffId);
        if (known != null) {
            return known;
        }
        Optional<StaffDirectory.Listing> listing;
        try {
            listing = ctx.staffDirectory().find(institution, StaffId.of(staffId));
        } catch (PortalException e) {
            // An id the portal would not issue today (a malformed legacy one): show the clinic.
            listing = Optional.empty();
        }
        AccessLogEntry.Accessor accessor = listing.map(l -> new AccessLogEntry.Accessor(
                        AccessLogEntry.Accessor.Type.STAFF, shown(l), blankToNull(l.role())))
                .orElseGet(this::clinic);
        accessors.put(staffId, accessor);
        return accessor;
    }

    private AccessLogEntry.Accessor clinic() {
        AccessLogEntry.Accessor c = clinic;
        if (c == null) {
            String name = ctx.staffDirectory()
                    .institutionName(institution)
                    .filter(n -> !n.isBlank())
                    .orElse(THE_CLINIC);
            c = new AccessLogEntry.Accessor(AccessLogEntry.Accessor.Type.CLINIC, name, null);
            clinic = c;
        }
        return c;
    }

    private static String shown(StaffDirectory.Listing l) {
        String name = blankToNull(l.displayName());
        if (name != null) {
            return name;
        }
        String role = blankToNull(l.role());
        return role == null ? THE_CLINIC : role;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
