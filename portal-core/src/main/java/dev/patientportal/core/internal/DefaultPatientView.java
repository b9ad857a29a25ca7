package dev.patientportal.core.internal;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessLogEntry;
import dev.patientportal.core.AccessLogFilter;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentContent;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.Page;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientRecord;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.Slot;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.spi.DocumentQuery;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One patient's view; see {@link PatientView}. Every read is audited; every id is checked to be the patient's. This
 * class holds the session and grant check each call starts with, the profile, the documents and the access log; the
 * reservations are {@link PatientReservations}'.
 */
public final class DefaultPatientView extends Operations implements PatientView {
    private final PatientSession session;
    private final String token;
    private final PatientReservations reservations;

    private DefaultPatientView(PortalContext ctx, PatientSession session, String token, RequestContext request) {
        super(ctx, session.institution(), Actor.patient(session.patient()), request.clientAddress());
        this.session = session;
        this.token = token;
        this.reservations = new PatientReservations(ctx, session, request.clientAddress(), this);
    }

    /** Resolves the token and checks that the patient's grant is still active. */
    public static PatientView open(PortalContext ctx, String token, RequestContext request) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            throw new AuthenticationException(AuthenticationException.Reason.INVALID_SESSION);
        }
        PatientSession session = ctx.sessions()
                .resolve(token)
                .orElseThrow(() -> new AuthenticationException(AuthenticationException.Reason.INVALID_SESSION));
        activeGrant(ctx, session);
        return new DefaultPatientView(ctx, session, token, request);
    }

    /**
     * Every call checks again that the session is alive and the grant active, so a view a host keeps across requests
     * stops working at logout, expiry, revocation or a change of access method. The grant is read once per call: by a
     * resolver that {@linkplain dev.patientportal.core.spi.SessionResolver#checksActiveGrant checks it} (portal-auth's),
     * or else here.
     */
    @Override
    void beforeEach(Unit unit) {
        boolean same = ctx.sessions()
                .resolve(token)
                .filter(s -> s.sessionId().equals(session.sessionId())
                        && s.patient().equals(session.patient())
                        && s.institution().equals(session.institution()))
                .isPresent();
        if (!same) {
            throw new AuthenticationException(AuthenticationException.Reason.INVALID_SESSION);
        }
        unit.grant = activeGrant(ctx, session);
    }

    /**
     * The patient's active grant, read in a unit of work of its own, or {@code null} when the resolver checked it
     * already.
     */
    private static @Nullable AccessGrant activeGrant(PortalContext ctx, PatientSession session) {
        if (ctx.sessions().checksActiveGrant()) {
            return null;
        }
        AccessGrant grant = ctx.transactions()
                .inTransaction(() -> ctx.stores()
                        .grants()
                        .find(session.institution(), session.patient())
                        .filter(AccessGrant::isActive)
                        .orElse(null));
        if (grant == null) {
            // Sessions end on revocation; this covers a session store that missed it. A session that outlived a
            // change of method is the resolver's to refuse: portal-auth binds each one to a grant version.
            ctx.transactions()
                    .useTransaction(() -> ctx.sessions().endSessions(session.institution(), session.patient()));
            throw new AuthenticationException(AuthenticationException.Reason.INVALID_SESSION);
        }
        return grant;
    }

    @Override
    public PatientSession session() {
        return session;
    }

    @Override
    public PatientProfile profile() {
        return execute(AuditActions.PATIENT_PROFILE_READ, session.patient(), null, unit -> {
            PatientProfile profile = ctx.directory()
                    .find(institution, session.patient())
                    .orElseThrow(() -> new NotFoundException("The patient record no longer exists"));
            success(AuditActions.PATIENT_PROFILE_READ, session.patient(), null, Map.of());
            return profile;
        });
    }

    @Override
    public Page<Document> documents(DocumentFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return execute(AuditActions.PATIENT_DOCUMENTS_LIST, session.patient(), null, unit -> {
            DocumentQuery query = DocumentVisibility.query(
                    session, filter.type(), Cursors.decode(filter.cursor()), filter.limit() + 1);
            List<Document> found = ctx.stores().documents().list(query).stream()
                    .filter(d -> DocumentVisibility.isVisibleTo(session, d))
                    .filter(d -> filter.type() == null || d.type().equals(filter.type()))
                    .toList();
            Page<Document> page = DefaultDocumentAdministration.page(found, filter.limit());
            success(
                    AuditActions.PATIENT_DOCUMENTS_LIST,
                    session.patient(),
                    null,
                    Map.of("count", Integer.toString(page.items().size())));
            return page;
        });
    }

    @Override
    public long countDocuments(@Nullable DocumentType type) {
        return execute(AuditActions.PATIENT_DOCUMENTS_COUNT, session.patient(), null, unit -> {
            long count = ctx.stores().documents().count(DocumentVisibility.query(session, type, null, 1));
            success(
                    AuditActions.PATIENT_DOCUMENTS_COUNT,
                    session.patient(),
                    null,
                    Map.of("count", Long.toString(count)));
            return count;
        });
    }

    @Override
    public Document document(DocumentId id) {
        Objects.requireNonNull(id, "id");
        return execute(AuditActions.PATIENT_DOCUMENT_OPEN, session.patient(), id.value(), unit -> {
            Document document = visible(id);
            success(AuditActions.PATIENT_DOCUMENT_OPEN, session.patient(), id.value(), Map.of("content", "false"));
            return document;
        });
    }

    @Override
    public DocumentContent openDocument(DocumentId id) {
        Objects.requireNonNull(id, "id");
        return execute(AuditActions.PATIENT_DOCUMENT_OPEN, session.patient(), id.value(), unit -> {
            Document document = visible(id);
            InputStream stream = ctx.stores().content().read(institution, id);
            success(AuditActions.PATIENT_DOCUMENT_OPEN, session.patient(), id.value(), Map.of("content", "true"));
            return new DocumentContent(document, stream);
        });
    }

    @Override
    public Page<AccessLogEntry> accessLog(AccessLogFilter filter) {
        Objects.requireNonNull(filter, "filter");
        return execute(AuditActions.PATIENT_ACCESS_LOG_READ, session.patient(), null, unit -> {
            Page<AccessLogEntry> page = new AccessLogReader(ctx, institution, session.patient(), false).read(filter);
            success(
                    AuditActions.PATIENT_ACCESS_LOG_READ,
                    session.patient(),
                    null,
                    Map.of("count", Integer.toString(page.items().size())));
            return page;
        });
    }

    @Override
    public PatientRecord export() {
        return DefaultDataExport.patientExport(this, session.patient());
    }

    @Override
    public List<Reservation> reservations() {
        return reservations.reservations();
    }

    @Override
    public List<Reservation> history() {
        return reservations.history();
    }

    @Override
    public List<Slot> availableSlots(SlotQuery query) {
        return reservations.availableSlots(query);
    }

    @Override
    public Reservation book(SlotId slotId, String idempotencyKey) {
        return reservations.book(slotId, idempotencyKey);
    }

    @Override
    public Reservation reschedule(ReservationId reservationId, SlotId slotId) {
        return reservations.reschedule(reservationId, slotId);
    }

    @Override
    public Reservation cancel(ReservationId reservationId) {
        return reservations.cancel(reservationId);
    }

    private Document visible(DocumentId id) {
        return ctx.stores()
                .documents()
                .find(institution, id)
                .filter(d -> DocumentVisibility.isVisibleTo(session, d))
                .orElseThrow(() -> new NotFoundException("No such document"));
    }
}
