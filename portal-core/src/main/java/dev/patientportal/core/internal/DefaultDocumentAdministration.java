package dev.patientportal.core.internal;

import dev.patientportal.core.AccessDeniedException;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.Actor;
import dev.patientportal.core.AuditActions;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentAdministration;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.NotificationIntent;
import dev.patientportal.core.Page;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PolicyViolationException;
import dev.patientportal.core.PortalEvent;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.DocumentQuery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Staff's document administration; see {@link DocumentAdministration}. */
public final class DefaultDocumentAdministration extends Operations implements DocumentAdministration {
    private final Staff staff;

    /** Binds the facade to a staff member. */
    public DefaultDocumentAdministration(PortalContext ctx, Staff staff) {
        super(ctx, staff.institution(), Actor.staff(staff.id()), null);
        this.staff = staff;
    }

    @Override
    public Document publish(DocumentUpload upload) {
        Objects.requireNonNull(upload, "upload");
        DocumentId id = DocumentId.random();
        return execute(AuditActions.DOCUMENT_PUBLISH, upload.patient(), id.value(), unit -> {
            requirePermission();
            // Every check runs before anything is written.
            if (upload.notifyPatient() && !upload.patientAccess()) {
                throw new ValidationException("notifyPatient", "needs patient access: the patient could not see it");
            }
            if (!ctx.documentPolicy().accepts(upload.type())) {
                throw new ValidationException("documentType", "is not one of the institution's document types");
            }
            String checkedName = FileNames.checkSafe(upload.fileName());
            byte[] content = readBounded(upload, ctx.documentPolicy().maxSizeBytes());
            MediaTypes.Checked checked = MediaTypes.check(
                    content,
                    checkedName,
                    upload.declaredMediaType(),
                    ctx.documentPolicy().allowedMediaTypes());
            String mediaType = checked.mediaType();
            String fileName = checked.fileName();
            if (ctx.directory().find(institution, upload.patient()).isEmpty()) {
                throw new NotFoundException("No such patient in this institution");
            }
            Instant now = ctx.now();
            DocumentState state = upload.patientAccess() ? DocumentState.VISIBLE : DocumentState.HIDDEN;
            Document document = new Document(
                    id,
                    institution,
                    upload.patient(),
                    upload.type(),
                    fileName,
                    mediaType,
                    content.length,
                    sha256(content),
                    state,
                    now,
                    staff.id(),
                    now,
                    1);
            ctx.stores().content().write(institution, id, new ByteArrayInputStream(content), content.length);
            ctx.stores().documents().insert(document);
            boolean notified = upload.notifyPatient() && notifyIfGranted(document);
            success(
                    AuditActions.DOCUMENT_PUBLISH,
                    upload.patient(),
                    id.value(),
                    Map.of(
                            "state",
                            state.name(),
                            "mediaType",
                            mediaType,
                            "sizeBytes",
                            Long.toString(content.length),
                            "notified",
                            Boolean.toString(notified)));
            event(unit, PortalEvent.Type.DOCUMENT_PUBLISHED, upload.patient(), id.value());
            return document;
        });
    }

    @Override
    public Document find(DocumentId id) {
        Objects.requireNonNull(id, "id");
        return execute(AuditActions.DOCUMENT_STAFF_READ, null, id.value(), unit -> {
            requirePermission();
            Document document = load(id);
            success(AuditActions.DOCUMENT_STAFF_READ, document.patient(), id.value(), Map.of());
            return document;
        });
    }

    @Override
    public Page<Document> list(PatientId patient, DocumentFilter filter) {
        Objects.requireNonNull(patient, "patient");
        Objects.requireNonNull(filter, "filter");
        return execute(AuditActions.DOCUMENT_STAFF_READ, patient, null, unit -> {
            requirePermission();
            DocumentQuery query = new DocumentQuery(
                    institution,
                    patient,
                    EnumSet.allOf(DocumentState.class),
                    filter.type(),
                    Cursors.decode(filter.cursor()),
                    filter.limit() + 1);
            List<Document> found = ctx.stores().documents().list(query).stream()
                    .filter(d -> DocumentVisibility.belongsTo(institution, d)
                            && d.patient().equals(patient))
                    .toList();
            success(
                    AuditActions.DOCUMENT_STAFF_READ,
                    patient,
                    null,
                    Map.of("count", Integer.toString(Math.min(found.size(), filter.limit()))));
            return page(found, filter.limit());
        });
    }

    @Override
    public Document setPatientAccess(DocumentId id, boolean visible, boolean notify, long expectedVersion) {
        Objects.requireNonNull(id, "id");
        return execute(AuditActions.DOCUMENT_VISIBILITY, null, id.value(), unit -> {
            requirePermission();
            if (notify && !visible) {
                throw new ValidationException("notifyPatient", "needs patient access: the patient could not see it");
            }
            Document current = loadForChange(id, expectedVersion);
            DocumentState target = visible ? DocumentState.VISIBLE : DocumentState.HIDDEN;
            boolean changed = current.state() != target;
            Document updated = changed ? current.withState(target, ctx.now()) : current;
            if (changed) {
                ctx.stores().documents().update(updated);
            }
            boolean becameVisible = current.state() == DocumentState.HIDDEN && target == DocumentState.VISIBLE;
            boolean notified = notify && becameVisible && notifyIfGranted(updated);
            success(
                    AuditActions.DOCUMENT_VISIBILITY,
                    current.patient(),
                    id.value(),
                    Map.of("state", target.name(), "notified", Boolean.toString(notified)));
            if (changed) {
                event(unit, PortalEvent.Type.DOCUMENT_VISIBILITY_CHANGED, current.patient(), id.value());
            }
            return updated;
        });
    }

    @Override
    public Document withdraw(DocumentId id, long expectedVersion) {
        Objects.requireNonNull(id, "id");
        return execute(AuditActions.DOCUMENT_WITHDRAW, null, id.value(), unit -> {
            requirePermission();
            Document current = loadForChange(id, expectedVersion);
            Document updated = current.withState(DocumentState.WITHDRAWN, ctx.now());
            ctx.stores().documents().update(updated);
            success(AuditActions.DOCUMENT_WITHDRAW, current.patient(), id.value(), Map.of());
            event(unit, PortalEvent.Type.DOCUMENT_WITHDRAWN, current.patient(), id.value());
            return updated;
        });
    }

    private Document loadForChange(DocumentId id, long expectedVersion) {
        Document current = load(id);
        if (current.state() == DocumentState.WITHDRAWN) {
            throw new PolicyViolationException("document.withdrawn", "The document is withdrawn");
        }
        if (current.version() != expectedVersion) {
            throw new ConflictException(
                    "The document changed since version " + expectedVersion + " (now " + current.version() + ")");
        }
        return current;
    }

    private Document load(DocumentId id) {
        return ctx.stores()
                .documents()
                .find(institution, id)
                .filter(d -> DocumentVisibility.belongsTo(institution, d))
                .orElseThrow(() -> new NotFoundException("No such document in this institution"));
    }

    /** Submits a notification when the patient has an active grant; returns whether it did. */
    private boolean notifyIfGranted(Document document) {
        Optional<AccessGrant> grant = ctx.stores().grants().find(institution, document.patient());
        if (grant.isEmpty() || !grant.get().isActive()) {
            return false;
        }
        ctx.notifier()
                .submit(new NotificationIntent(
                        UUID.randomUUID(),
                        NotificationIntent.Type.DOCUMENT_PUBLISHED,
                        institution,
                        document.patient(),
                        document.id().value(),
                        grant.get().smsNotifications(),
                        ctx.now(),
                        Map.of()));
        return true;
    }

    private void requirePermission() {
        if (!staff.can(StaffPermission.UPLOAD_DOCUMENTS)) {
            throw new AccessDeniedException("Publishing documents needs the UPLOAD_DOCUMENTS permission");
        }
    }

    static Page<Document> page(List<Document> oneMore, int limit) {
        if (oneMore.size() <= limit) {
            return new Page<>(oneMore, null);
        }
        List<Document> items = oneMore.subList(0, limit);
        return new Page<>(items, Cursors.after(items.get(limit - 1)));
    }

    /** Reads at most {@code max} bytes; one more means too large, and nothing has been stored yet. */
    private static byte[] readBounded(DocumentUpload upload, long max) {
        try (InputStream in = upload.content().open()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new ValidationException("content", "is larger than " + max + " bytes");
            }
            if (bytes.length == 0) {
                throw new ValidationException("content", "is empty");
            }
            return bytes;
        } catch (IOException e) {
            throw new ValidationException("content", "could not be read");
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
