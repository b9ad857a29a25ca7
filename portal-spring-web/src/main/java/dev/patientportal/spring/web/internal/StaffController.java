package dev.patientportal.spring.web.internal;

import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.Staff;
import dev.patientportal.core.ValidationException;
import dev.patientportal.spring.web.spi.StaffResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The staff endpoints: access grants (grant, change the method, SMS on or off, revoke, reinstate) and documents
 * (publish as multipart, list, change visibility, withdraw). Mounted only when the host gives a {@link StaffResolver};
 * the staff member's permissions decide the rest (403 without the one an operation needs).
 */
@RestController
@RequestMapping(path = "${portal.web.base-path:/portal/api}/staff", produces = MediaType.APPLICATION_JSON_VALUE)
public class StaffController {
    private final PatientPortal portal;
    private final StaffResolver resolver;
    private final String basePath;

    /**
     * Creates the controller.
     *
     * @param portal the portal
     * @param resolver the host's mapping of a request to a member of staff
     * @param basePath the API's base path
     */
    public StaffController(PatientPortal portal, StaffResolver resolver, String basePath) {
        this.portal = portal;
        this.resolver = resolver;
        this.basePath = basePath;
    }

    private static PatientId patient(String value) {
        return Inputs.named("patientId", () -> PatientId.of(value));
    }

    private static DocumentId document(String value) {
        return Inputs.named("documentId", () -> DocumentId.of(value));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private Staff staff(HttpServletRequest request) {
        return resolver.resolve(request)
                .orElseThrow(() -> new AuthenticationException(AuthenticationException.Reason.INVALID_SESSION));
    }

    @GetMapping("/patients/{patientId}/grant")
    Json.GrantBody grant(@PathVariable String patientId, HttpServletRequest request) {
        return portal.administration(staff(request))
                .find(patient(patientId))
                .map(Json.GrantBody::of)
                .orElseThrow(() -> new NotFoundException("no access grant"));
    }

    @PostMapping(path = "/patients/{patientId}/grant", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Json.GrantBody> newGrant(
            @PathVariable String patientId, @RequestBody Json.NewGrant body, HttpServletRequest request) {
        AccessGrant g = portal.administration(staff(request))
                .grant(
                        patient(patientId),
                        Inputs.oneOf(AccessMethod.class, "method", body.method()),
                        Boolean.TRUE.equals(body.smsNotifications()));
        return ResponseEntity.created(URI.create(request.getRequestURI())).body(Json.GrantBody.of(g));
    }

    @PutMapping(path = "/patients/{patientId}/grant/method", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.GrantBody changeMethod(
            @PathVariable String patientId, @RequestBody Json.MethodChange body, HttpServletRequest request) {
        return Json.GrantBody.of(portal.administration(staff(request))
                .changeMethod(
                        patient(patientId),
                        Inputs.oneOf(AccessMethod.class, "method", body.method()),
                        Inputs.version(body.version())));
    }

    @PutMapping(path = "/patients/{patientId}/grant/sms", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.GrantBody sms(@PathVariable String patientId, @RequestBody Json.SmsChange body, HttpServletRequest request) {
        return Json.GrantBody.of(portal.administration(staff(request))
                .setSmsNotifications(
                        patient(patientId), Inputs.flag("enabled", body.enabled()), Inputs.version(body.version())));
    }

    @PostMapping(path = "/patients/{patientId}/grant/revoke", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.GrantBody revoke(
            @PathVariable String patientId, @RequestBody Json.Revocation body, HttpServletRequest request) {
        return Json.GrantBody.of(portal.administration(staff(request))
                .revoke(patient(patientId), Inputs.required("reason", body.reason()), Inputs.version(body.version())));
    }

    @PostMapping(path = "/patients/{patientId}/grant/reinstate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.GrantBody reinstate(
            @PathVariable String patientId, @RequestBody Json.Versioned body, HttpServletRequest request) {
        return Json.GrantBody.of(
                portal.administration(staff(request)).reinstate(patient(patientId), Inputs.version(body.version())));
    }

    @GetMapping("/patients/{patientId}/documents")
    Json.PageBody<Json.StaffDocumentBody> documents(
            @PathVariable String patientId,
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit,
            HttpServletRequest request) {
        DocumentFilter filter = new DocumentFilter(
                type == null ? null : Inputs.named("type", () -> DocumentType.of(type)),
                cursor,
                limit == null ? DocumentFilter.DEFAULT_LIMIT : limit);
        return Json.PageBody.of(
                portal.documents(staff(request)).list(patient(patientId), filter), Json.StaffDocumentBody::of);
    }

    @PostMapping(path = "/patients/{patientId}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Json.StaffDocumentBody> publish(
            @PathVariable String patientId,
            @RequestPart(name = "file", required = false) @Nullable MultipartFile file,
            @RequestParam(name = "type", required = false) @Nullable String type,
            @RequestParam(name = "patientAccess", defaultValue = "false") boolean patientAccess,
            @RequestParam(name = "notifyPatient", defaultValue = "false") boolean notifyPatient,
            HttpServletRequest request) {
        Staff staff = staff(request);
        if (file == null || file.isEmpty()) {
            throw new ValidationException("file", "is required");
        }
        String fileName = file.getOriginalFilename();
        Document d = portal.documents(staff)
                .publish(DocumentUpload.builder(
                                patient(patientId),
                                Inputs.named("type", () -> DocumentType.of(Inputs.required("type", type))))
                        .fileName(Inputs.required("fileName", fileName))
                        .declaredMediaType(file.getContentType())
                        .content(file::getInputStream)
                        .patientAccess(patientAccess)
                        .notifyPatient(notifyPatient)
                        .build());
        return ResponseEntity.created(
                        URI.create(request.getContextPath() + basePath + "/staff/documents/" + encode(d.id().value())))
                .body(Json.StaffDocumentBody.of(d));
    }

    @GetMapping("/documents/{documentId}")
    Json.StaffDocumentBody document(@PathVariable String documentId, HttpServletRequest request) {
        return Json.StaffDocumentBody.of(portal.documents(staff(request)).find(document(documentId)));
    }

    @PutMapping(path = "/documents/{documentId}/visibility", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.StaffDocumentBody visibility(
            @PathVariable String documentId, @RequestBody Json.Visibility body, HttpServletRequest request) {
        return Json.StaffDocumentBody.of(portal.documents(staff(request))
                .setPatientAccess(
                        document(documentId),
                        Inputs.flag("patientAccess", body.patientAccess()),
                        Boolean.TRUE.equals(body.notifyPatient()),
                        Inputs.version(body.version())));
    }

    @PostMapping(path = "/documents/{documentId}/withdraw", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.StaffDocumentBody withdraw(
            @PathVariable String documentId, @RequestBody Json.Versioned body, HttpServletRequest request) {
        return Json.StaffDocumentBody.of(
                portal.documents(staff(request)).withdraw(document(documentId), Inputs.version(body.version())));
    }
}
