package dev.patientportal.core.internal;

import dev.patientportal.core.AuditRecord;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.AuditQuery;
import dev.patientportal.core.spi.DocumentQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Encodes keyset positions as opaque, URL-safe cursors. */
public final class Cursors {
    private Cursors() {}

    /** The cursor that continues after a document. */
    public static String after(Document last) {
        String raw = last.createdAt().toString() + "|" + last.id().value();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor; a malformed one is a validation error on {@code cursor}. */
    public static DocumentQuery.@Nullable Position decode(@Nullable String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            if (cursor.length() > 400) {
                throw new IllegalArgumentException("too long");
            }
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new DocumentQuery.Position(
                    Instant.parse(raw.substring(0, bar)), DocumentId.of(raw.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException | PortalException e) {
            throw new ValidationException("cursor", "is not a cursor this portal issued");
        }
    }

    /** The cursor that continues after an audit event; tagged, so that a document cursor is not taken for one. */
    public static String after(AuditRecord last) {
        String raw = "audit|" + last.event().at() + "|" + last.sequence();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes an audit cursor; a malformed one is a validation error on {@code cursor}. */
    public static AuditQuery.@Nullable Position decodeAudit(@Nullable String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            if (cursor.length() > 200) {
                throw new IllegalArgumentException("too long");
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || !parts[0].equals("audit")) {
                throw new IllegalArgumentException("not an audit cursor");
            }
            return new AuditQuery.Position(Instant.parse(parts[1]), Long.parseLong(parts[2]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ValidationException("cursor", "is not a cursor this portal issued");
        }
    }
}
