package dev.patientportal.spring.web.internal;

import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentContent;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientSession;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.Reservation;
import dev.patientportal.core.ReservationId;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.core.SlotId;
import dev.patientportal.core.SlotQuery;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import dev.patientportal.core.spi.TransactionRunner;
import dev.patientportal.notify.spi.DeviceRegistry;
import dev.patientportal.notify.spi.PushToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The patient's endpoints: profile, active reservations and history, documents and their download, free slots,
 * booking, rescheduling, cancelling, and the devices of the clinic's app. Every one acts for the session's patient
 * only: another patient's id answers 404, exactly as an id that does not exist.
 */
@RestController
@RequestMapping(path = "${portal.web.base-path:/portal/api}", produces = MediaType.APPLICATION_JSON_VALUE)
public class PatientController {
    private static final Logger LOG = LoggerFactory.getLogger(PatientController.class);
    /** The longest window of free slots one request may ask for. */
    static final Duration MAX_SLOT_WINDOW = Duration.ofDays(62);

    private final WebSessions sessions;
    private final DeviceRegistry devices;
    private final @Nullable String pushApp;
    private final TransactionRunner transactions;

    /**
     * Creates the controller.
     *
     * @param sessions the session handling
     * @param devices where push tokens are registered
     * @param pushApp the clinic's app whose devices get push messages, or {@code null} when it has none
     * @param transactions the portal's units of work
     */
    public PatientController(
            WebSessions sessions, DeviceRegistry devices, @Nullable String pushApp, TransactionRunner transactions) {
        this.sessions = sessions;
        this.devices = devices;
        this.pushApp = pushApp;
        this.transactions = transactions;
    }

    @GetMapping("/me")
    Json.ProfileBody profile(HttpServletRequest request) {
        return Json.ProfileBody.of(sessions.patient(request).profile());
    }

    @GetMapping("/reservations")
    List<Json.ReservationBody> reservations(HttpServletRequest request) {
        return sessions.patient(request).reservations().stream()
                .map(Json.ReservationBody::of)
                .toList();
    }

    @GetMapping("/history")
    List<Json.ReservationBody> history(HttpServletRequest request) {
        return sessions.patient(request).history().stream()
                .map(Json.ReservationBody::of)
                .toList();
    }

    @GetMapping("/documents")
    Json.PageBody<Json.DocumentBody> documents(
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit,
            HttpServletRequest request) {
        DocumentFilter filter = new DocumentFilter(
                type == null ? null : Inputs.named("type", () -> DocumentType.of(type)),
                cursor,
                limit == null ? DocumentFilter.firstPage().limit() : limit);
        return Json.PageBody.of(sessions.patient(request).documents(filter), Json.DocumentBody::of);
    }

    @GetMapping("/documents/{documentId}")
    Json.DocumentBody document(@PathVariable String documentId, HttpServletRequest request) {
        return Json.DocumentBody.of(sessions.patient(request).document(documentId(documentId)));
    }

    /**
     * Streams a document's content: as an attachment with its stored media type, never sniffed, never cached.
     *
     * @param documentId the document
     * @param request the request
     * @param response where the content goes
     * @throws IOException when the client goes away
     */
    @GetMapping(path = "/documents/{documentId}/content", produces = MediaType.ALL_VALUE)
    void download(@PathVariable String documentId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        PatientView view = sessions.patient(request);
        try (DocumentContent content = view.openDocument(documentId(documentId))) {
            Document d = content.document();
            response.setContentType(d.mediaType());
            response.setContentLengthLong(d.sizeBytes());
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment(d.fileName()));
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.setHeader(HttpHeaders.ETAG, "\"" + d.sha256() + "\"");
            try (InputStream in = content.stream()) {
                OutputStream out = response.getOutputStream();
                in.transferTo(out);
                out.flush();
            } catch (IOException e) {
                if (!response.isCommitted()) {
                    // nothing sent yet: a problem instead of an attachment that would hold it
                    response.reset();
                    throw new TemporaryFailureException("the document's content could not be read", e);
                }
                // the client went away, or the store failed mid-way: the response is cut short; nothing to answer
                LOG.debug(
                        "portal API: a download ended early ({})", e.getClass().getSimpleName());
            }
        }
    }

    @GetMapping("/slots")
    List<Json.SlotBody> slots(
            @RequestParam(required = false) @Nullable String serviceType,
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable Integer limit,
            HttpServletRequest request) {
        PatientView view = sessions.patient(request);
        Instant start = from == null ? sessions.now() : instant("from", from);
        Instant end = to == null ? start.plus(Duration.ofDays(14)) : instant("to", to);
        if (Duration.between(start, end).compareTo(MAX_SLOT_WINDOW) > 0) {
            throw new ValidationException("to", "is more than 62 days after from");
        }
        ServiceTypeId service =
                serviceType == null ? null : Inputs.named("serviceType", () -> ServiceTypeId.of(serviceType));
        SlotQuery query = limit == null ? SlotQuery.of(service, start, end) : new SlotQuery(service, start, end, limit);
        return view.availableSlots(query).stream().map(Json.SlotBody::of).toList();
    }

    @PostMapping(path = "/reservations", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Json.ReservationBody> book(
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey,
            @RequestBody Json.SlotChoice body,
            HttpServletRequest request) {
        PatientView view = sessions.patient(request);
        String slot = Inputs.required("slotId", body.slotId());
        Reservation r = view.book(
                Inputs.named("slotId", () -> SlotId.of(slot)), Inputs.required("Idempotency-Key", idempotencyKey));
        // no Location: a reservation has no resource of its own; it is in GET /reservations
        return ResponseEntity.status(201).body(Json.ReservationBody.of(r));
    }

    @PostMapping(path = "/reservations/{reservationId}/reschedule", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.ReservationBody reschedule(
            @PathVariable String reservationId, @RequestBody Json.SlotChoice body, HttpServletRequest request) {
        PatientView view = sessions.patient(request);
        String slot = Inputs.required("slotId", body.slotId());
        return Json.ReservationBody.of(
                view.reschedule(reservationId(reservationId), Inputs.named("slotId", () -> SlotId.of(slot))));
    }

    @DeleteMapping("/reservations/{reservationId}")
    Json.ReservationBody cancel(@PathVariable String reservationId, HttpServletRequest request) {
        return Json.ReservationBody.of(sessions.patient(request).cancel(reservationId(reservationId)));
    }

    @PostMapping(path = "/devices", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> registerDevice(@RequestBody Json.Device body, HttpServletRequest request) {
        PatientSession session = sessions.patient(request).session();
        String typed = Inputs.required("token", body.token());
        PushToken token = Inputs.named("token", () -> PushToken.of(typed));
        String app = app();
        transactions.useTransaction(() -> devices.register(session.institution(), session.patient(), app, token));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/devices/unregister", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> unregisterDevice(@RequestBody Json.Device body, HttpServletRequest request) {
        PatientSession session = sessions.patient(request).session();
        String typed = Inputs.required("token", body.token());
        PushToken token = Inputs.named("token", () -> PushToken.of(typed));
        String app = app();
        transactions.useTransaction(() -> devices.remove(session.institution(), session.patient(), app, token));
        return ResponseEntity.noContent().build();
    }

    private String app() {
        if (pushApp == null) {
            throw new NotFoundException("the clinic has no app (portal.institution.push-app)");
        }
        return pushApp;
    }

    /** {@code attachment} with an ASCII fallback and the RFC 6266 / RFC 8187 {@code filename*} in UTF-8. */
    static String attachment(String fileName) {
        StringBuilder ascii = new StringBuilder(fileName.length());
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? c : '_');
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encode(fileName);
    }

    private static String encode(String value) {
        // RFC 8187 attr-char: URLEncoder's form encoding, with %20 for space and the few it leaves that are not allowed
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A");
    }

    private static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "is not an ISO-8601 instant, for example 2026-12-01T09:00:00Z");
        }
    }

    private static DocumentId documentId(String value) {
        return Inputs.named("documentId", () -> DocumentId.of(value));
    }

    private static ReservationId reservationId(String value) {
        return Inputs.named("reservationId", () -> ReservationId.of(value));
    }
}
