package dev.patientportal.core.internal;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessLogEntry;
import dev.patientportal.core.AccessLogFilter;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuditEvent;
import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.ExportedDocument;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.NotificationRecord;
import dev.patientportal.core.Page;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientRecord;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.spi.AuditQuery;
import dev.patientportal.core.spi.DocumentQuery;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Collects a {@link PatientRecord} for a data export, inside the export's unit of work. Every part is read for the one
 * institution and patient and checked again after the store answered, so a store that ignored part of a query cannot
 * put another patient's data in the export; a patient's export holds only the documents {@link DocumentVisibility}
 * lets the patient see. The documents' bytes are opened later, when the record is written.
 */
final class RecordCollector {
    private static final int BATCH = 500;
    private static final Set<DocumentState> ALL_STATES = EnumSet.allOf(DocumentState.class);

    private final PortalContext ctx;
    private final InstitutionId institution;
    private final PatientId patient;
    private final PatientRecord.Scope scope;

    RecordCollector(PortalContext ctx, InstitutionId institution, PatientId patient, PatientRecord.Scope scope) {
        this.ctx = ctx;
        this.institution = institution;
        this.patient = patient;
        this.scope = scope;
    }

    PatientRecord collect() {
        Instant now = ctx.now();
        PatientProfile profile = ctx.directory()
                .find(institution, patient)
                .filter(p -> p.institution().equals(institution) && p.patient().equals(patient))
                .orElseThrow(() -> new NotFoundException("The patient record no longer exists"));
        @Nullable
        AccessGrant grant = ctx.stores()
                .grants()
                .find(institution, patient)
                .filter(g -> g.institution().equals(institution) && g.patient().equals(patient))
                .orElse(null);
        List<Reservation> own = ctx.scheduling().reservations(institution, patient).stream()
                .filter(r -> r.institution().equals(institution) && r.patient().equals(patient))
                .toList();
        List<Reservation> active = own.stream()
                .filter(r -> r.isActiveAt(now))
                .sorted(Comparator.comparing(Reservation::start))
                .toList();
        List<Reservation> history = own.stream()
                .filter(r -> !r.isActiveAt(now))
                .sorted(Comparator.comparing(Reservation::start).reversed())
                .toList();
        return new PatientRecord(
                scope,
                now,
                institution,
                patient,
                grant,
                profile,
                active,
                history,
                documents(),
                accessLog(),
                notifications());
    }

    /** Audit details of the export: counts only. */
    static Map<String, String> details(PatientRecord record) {
        return Map.of(
                "documents", Integer.toString(record.documents().size()),
                "reservations",
                        Integer.toString(
                                record.reservations().size() + record.history().size()),
                "accessLog", Integer.toString(record.accessLog().size()),
                "notifications", Integer.toString(record.notifications().size()));
    }

    private List<ExportedDocument> documents() {
        Set<DocumentState> states =
                scope == PatientRecord.Scope.PATIENT ? DocumentVisibility.PATIENT_STATES : ALL_STATES;
        Map<DocumentId, Document> found = new LinkedHashMap<>();
        DocumentQuery.@Nullable Position after = null;
        while (true) {
            List<Document> page =
                    ctx.stores().documents().list(new DocumentQuery(institution, patient, states, null, after, BATCH));
            for (Document d : page) {
                if (d.institution().equals(institution) && d.patient().equals(patient) && states.contains(d.state())) {
                    found.putIfAbsent(d.id(), d);
                }
            }
            if (page.size() < BATCH) {
                break;
            }
            Document last = page.get(page.size() - 1);
            after = new DocumentQuery.Position(last.createdAt(), last.id());
        }
        return found.values().stream()
                .sorted(Comparator.comparing(Document::createdAt)
                        .thenComparing(d -> d.id().value())
                        .reversed())
                .map(d -> new ExportedDocument(d, () -> open(d.id())))
                .toList();
    }

    private InputStream open(DocumentId id) {
        return ctx.transactions().inTransaction(() -> ctx.stores().content().read(institution, id));
    }

    private List<AccessLogEntry> accessLog() {
        AccessLogReader reader = new AccessLogReader(ctx, institution, patient, scope == PatientRecord.Scope.STAFF);
        List<AccessLogEntry> entries = new ArrayList<>();
        @Nullable String cursor = null;
        do {
            Page<AccessLogEntry> page = reader.read(new AccessLogFilter(cursor, AccessLogFilter.MAX_LIMIT));
            entries.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return entries;
    }

    private List<NotificationRecord> notifications() {
        List<NotificationRecord> found = new ArrayList<>();
        AuditQuery.@Nullable Position after = null;
        while (true) {
            AuditQuery query = new AuditQuery(institution, patient, null, Set.of(), null, null, null, after, BATCH);
            List<AuditRecord> page = ctx.stores().auditTrail().query(query);
            for (AuditRecord r : page) {
                AuditEvent e = r.event();
                if (query.matches(r) && e.action().startsWith(AuditActions.NOTIFICATION_PREFIX)) {
                    found.add(new NotificationRecord(
                            e.at(),
                            e.details().getOrDefault("notification", "unknown"),
                            channel(e),
                            e.outcome(),
                            e.action()));
                }
            }
            if (page.size() < BATCH) {
                break;
            }
            after = AuditQuery.Position.of(page.get(page.size() - 1));
        }
        return found;
    }

    /** The {@code channel} detail, else the channel the action names ({@code notification.sms.…}). */
    private static @Nullable String channel(AuditEvent e) {
        String named = e.details().get("channel");
        if (named != null) {
            return named;
        }
        String rest = e.action().substring(AuditActions.NOTIFICATION_PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot > 0) {
            String c = rest.substring(0, dot).toUpperCase(Locale.ROOT);
            if (c.equals("SMS") || c.equals("EMAIL") || c.equals("PUSH")) {
                return c;
            }
        }
        return null;
    }
}
