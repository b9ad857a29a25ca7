package dev.patientportal.export.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessLogEntry;
import dev.patientportal.core.Document;
import dev.patientportal.core.LoginIdentity;
import dev.patientportal.core.NotificationRecord;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PatientRecord;
import dev.patientportal.core.Reservation;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The archive's JSON files, written with Jackson from plain maps: every value is a string, a number, a boolean or
 * {@code null}, and times are ISO-8601, so the files read the same in any JSON tool.
 */
final class JsonFiles {
    static final String GRANT = "grant.json";
    static final String PROFILE = "profile.json";
    static final String RESERVATIONS = "reservations.json";
    static final String DOCUMENTS = "documents.json";
    static final String ACCESS_LOG = "access-log.json";
    static final String NOTIFICATIONS = "notifications.json";
    static final String MANIFEST = "manifest.json";
    static final List<String> NAMES = List.of(GRANT, PROFILE, RESERVATIONS, DOCUMENTS, ACCESS_LOG, NOTIFICATIONS);
    /** The archive layout's version, in the manifest. */
    static final int FORMAT = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final PatientRecord record;
    private final List<ArchiveWriter.WrittenDocument> documents;

    JsonFiles(PatientRecord record, List<ArchiveWriter.WrittenDocument> documents) {
        this.record = record;
        this.documents = documents;
    }

    void write(String name, OutputStream out) throws IOException {
        Object value = switch (name) {
            case GRANT -> grant(record.grant());
            case PROFILE -> profile(record.profile());
            case RESERVATIONS -> reservations();
            case DOCUMENTS -> documents.stream().map(JsonFiles::document).toList();
            case ACCESS_LOG ->
                record.accessLog().stream().map(JsonFiles::access).toList();
            case NOTIFICATIONS ->
                record.notifications().stream().map(JsonFiles::notification).toList();
            default -> throw new IllegalArgumentException("No such file: " + name);
        };
        Map<String, @Nullable Object> file = new LinkedHashMap<>();
        file.put("patient", record.patient().value());
        file.put("institution", record.institution().value());
        file.put(name.substring(0, name.length() - ".json".length()), value);
        MAPPER.writeValue(out, file);
    }

    void manifest(List<String> files, boolean fhir, OutputStream out) throws IOException {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("scope", record.scope().name());
        m.put("exportedAt", record.exportedAt().toString());
        m.put("institution", record.institution().value());
        m.put("patient", record.patient().value());
        m.put("fhirBundle", fhir ? FhirBundle.PATH : null);
        m.put("files", files);
        MAPPER.writeValue(out, m);
    }

    private static @Nullable Map<String, @Nullable Object> grant(@Nullable AccessGrant g) {
        if (g == null) {
            return null;
        }
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        LoginIdentity id = g.identity();
        m.put("method", id.method().name());
        m.put("email", id.email() == null ? null : id.email().value());
        m.put("phone", id.phone().e164());
        m.put("taj", id.taj() == null ? null : id.taj().digits());
        m.put("smsNotifications", g.smsNotifications());
        m.put("status", g.status().name());
        m.put("revocationReason", g.revocationReason());
        m.put("version", g.version());
        m.put("createdAt", g.createdAt().toString());
        m.put("updatedAt", g.updatedAt().toString());
        m.put("updatedBy", g.updatedBy().value());
        return m;
    }

    private static Map<String, @Nullable Object> profile(PatientProfile p) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("givenName", p.givenName());
        m.put("familyName", p.familyName());
        m.put("birthDate", p.birthDate() == null ? null : p.birthDate().toString());
        m.put("email", p.email() == null ? null : p.email().value());
        m.put("phone", p.phone() == null ? null : p.phone().e164());
        m.put("taj", p.taj() == null ? null : p.taj().digits());
        m.put("address", p.address());
        m.put("locale", p.locale().toLanguageTag());
        return m;
    }

    private Map<String, Object> reservations() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "active",
                record.reservations().stream().map(JsonFiles::reservation).toList());
        m.put("history", record.history().stream().map(JsonFiles::reservation).toList());
        return m;
    }

    static Map<String, @Nullable Object> reservation(Reservation r) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("id", r.id().value());
        m.put("serviceType", r.serviceType().value());
        m.put("slot", r.slot().value());
        m.put("start", r.start().toString());
        m.put("end", r.end().toString());
        m.put("status", r.status().name());
        return m;
    }

    private static Map<String, @Nullable Object> document(ArchiveWriter.WrittenDocument w) {
        Document d = w.document().document();
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("id", d.id().value());
        m.put("type", d.type().value());
        m.put("fileName", d.fileName());
        m.put("mediaType", d.mediaType());
        m.put("sizeBytes", d.sizeBytes());
        m.put("sha256", d.sha256());
        m.put("state", d.state().name());
        m.put("createdAt", d.createdAt().toString());
        m.put("createdBy", d.createdBy().value());
        m.put("updatedAt", d.updatedAt().toString());
        m.put("version", d.version());
        m.put("file", w.path());
        m.put("fileSizeBytes", w.size());
        m.put("fileSha256", w.sha256());
        return m;
    }

    private static Map<String, @Nullable Object> access(AccessLogEntry e) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toString());
        m.put("kind", e.kind().name());
        m.put("action", e.action());
        m.put("accessorType", e.accessor().type().name());
        m.put("accessor", e.accessor().name());
        m.put("role", e.accessor().role());
        m.put("target", e.targetId());
        m.put("clientHint", e.clientHint());
        return m;
    }

    private static Map<String, @Nullable Object> notification(NotificationRecord n) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("at", n.at().toString());
        m.put("type", n.type());
        m.put("channel", n.channel());
        m.put("outcome", n.outcome().name());
        m.put("action", n.action());
        return m;
    }
}
