package dev.patientportal.examples.clinic;

import dev.patientportal.core.AccessAdministration;
import dev.patientportal.core.AccessGrant;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.Document;
import dev.patientportal.core.DocumentFilter;
import dev.patientportal.core.DocumentId;
import dev.patientportal.core.DocumentState;
import dev.patientportal.core.DocumentType;
import dev.patientportal.core.DocumentUpload;
import dev.patientportal.core.GrantStatus;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.Staff;
import dev.patientportal.core.ValidationException;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The clinic's side, server-rendered: the demo staff sign-in, the patient list, and the patient card with its
 * "Patient Portal" tab (grant, SMS on or off, change the method, revoke, reinstate) and "Documents" tab (upload, a
 * visibility toggle, withdraw). Every action calls the portal's Java API as the signed-in member of staff; forms carry
 * a per-session CSRF token. A real host has its own screens and authentication.
 */
@Controller
public class ClinicPages {
    static final List<String> DOCUMENT_TYPES = List.of("LAB_RESULT", "DISCHARGE", "PRESCRIPTION", "IMAGING");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Europe/Budapest"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PatientPortal portal;
    private final InMemoryPatientDirectory patients;
    private final DemoData data;

    /**
     * Creates the pages.
     *
     * @param portal the portal
     * @param patients the clinic's records
     * @param data the demo's patients
     */
    public ClinicPages(PatientPortal portal, InMemoryPatientDirectory patients, DemoData data) {
        this.portal = portal;
        this.patients = patients;
        this.data = data;
    }

    /**
     * The demo's start page.
     *
     * @param request the request
     * @param response the response
     * @return the page
     */
    @GetMapping("/")
    public ResponseEntity<String> home(HttpServletRequest request, HttpServletResponse response) {
        String lang = Html.lang(request, response);
        String body = "<h1>" + t(lang, "clinic") + "</h1><p>" + t(lang, "home.intro") + "</p><ul class=\"cards\">"
                + "<li><a id=\"go-clinic\" href=\"/clinic/patients\">" + t(lang, "home.clinic") + "</a></li>"
                + "<li><a id=\"go-portal\" href=\"/portal/index.html\">" + t(lang, "home.portal") + "</a></li>"
                + "<li><a id=\"go-inbox\" href=\"/dev/inbox\">" + t(lang, "home.inbox") + "</a></li></ul>"
                + "<p>" + t(lang, "login.hint") + "</p>";
        return html(Html.page(lang, Texts.get(lang, "clinic"), "/", Texts.get(lang, "clinic"), body));
    }

    /**
     * The sign-in form.
     *
     * @param error set after a wrong login
     * @param request the request
     * @param response the response
     * @return the page
     */
    @GetMapping("/clinic/login")
    public ResponseEntity<String> loginForm(
            @RequestParam(required = false) @Nullable String error,
            HttpServletRequest request,
            HttpServletResponse response) {
        String lang = Html.lang(request, response);
        String body = "<h1>" + t(lang, "login.title") + "</h1>"
                + (error != null
                        ? "<p class=\"error\" role=\"alert\" id=\"login-error\">" + t(lang, "login.wrong") + "</p>"
                        : "")
                + "<p>" + t(lang, "login.hint") + "</p>"
                + "<form method=\"post\" action=\"/clinic/login\" class=\"stack\" id=\"staff-login\">"
                + "<label for=\"user\">" + t(lang, "login.user") + "</label>"
                + "<input id=\"user\" name=\"user\" autocomplete=\"username\" required>"
                + "<label for=\"password\">" + t(lang, "login.password") + "</label>"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\""
                + " required>"
                + "<button type=\"submit\" id=\"staff-login-submit\">" + t(lang, "login.submit") + "</button></form>";
        return html(Html.page(lang, Texts.get(lang, "login.title"), "/clinic/login", brand(lang), body));
    }

    /**
     * Signs the demo staff member in.
     *
     * @param user the user name
     * @param password the password
     * @param request the request
     * @return to the patient list, or back to the form
     */
    @PostMapping("/clinic/login")
    public ResponseEntity<String> login(
            @RequestParam(defaultValue = "") String user,
            @RequestParam(defaultValue = "") String password,
            HttpServletRequest request) {
        boolean ok = MessageDigest.isEqual(
                        user.getBytes(StandardCharsets.UTF_8), DemoStaff.USER.getBytes(StandardCharsets.UTF_8))
                && MessageDigest.isEqual(
                        password.getBytes(StandardCharsets.UTF_8), DemoStaff.PASSWORD.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            return redirect("/clinic/login?error=1");
        }
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(DemoStaff.ATTRIBUTE, "desk-demo");
        byte[] token = new byte[24];
        RANDOM.nextBytes(token);
        session.setAttribute(
                DemoStaff.CSRF, Base64.getUrlEncoder().withoutPadding().encodeToString(token));
        return redirect("/clinic/patients");
    }

    /**
     * Signs out.
     *
     * @param request the request
     * @return to the sign-in form
     */
    @PostMapping("/clinic/logout")
    public ResponseEntity<String> logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return redirect("/clinic/login");
    }

    /**
     * The patient list.
     *
     * @param request the request
     * @param response the response
     * @return the page
     */
    @GetMapping({"/clinic", "/clinic/patients"})
    public ResponseEntity<String> patientList(HttpServletRequest request, HttpServletResponse response) {
        Optional<Staff> staff = DemoStaff.of(request);
        if (staff.isEmpty()) {
            return redirect("/clinic/login");
        }
        String lang = Html.lang(request, response);
        AccessAdministration admin = portal.administration(staff.get());
        StringBuilder b = new StringBuilder("<h1>" + t(lang, "patients") + "</h1>")
                .append("<table class=\"list\" id=\"patients\"><thead><tr><th scope=\"col\">")
                .append(t(lang, "name"))
                .append("</th><th scope=\"col\">")
                .append(t(lang, "birthDate"))
                .append("</th><th scope=\"col\">")
                .append(t(lang, "portalAccess"))
                .append("</th></tr></thead><tbody>");
        for (PatientId id : data.patientIds()) {
            PatientProfile p = patients.find(ClinicWeb.CLINIC, id).orElseThrow();
            Optional<AccessGrant> grant = admin.find(id);
            b.append("<tr><td><a href=\"/clinic/patients/")
                    .append(Html.esc(id.value()))
                    .append("\" id=\"patient-")
                    .append(Html.esc(id.value()))
                    .append("\">")
                    .append(Html.esc(p.givenName() + " " + p.familyName()))
                    .append("</a></td><td>")
                    .append(Html.esc(p.birthDate()))
                    .append("</td><td>")
                    .append(grant.map(g -> t(lang, "status." + g.status()) + " · " + t(lang, "method." + g.method()))
                            .orElse(t(lang, "status.NONE")))
                    .append("</td></tr>");
        }
        b.append("</tbody></table>");
        return html(Html.page(
                lang,
                Texts.get(lang, "patients"),
                "/clinic/patients",
                brand(lang) + logoutForm(lang, request),
                b.toString()));
    }

    /**
     * A patient card.
     *
     * @param id the patient
     * @param tab {@code portal} or {@code documents}
     * @param ok set after a successful action
     * @param error the portal's reason after a refused action
     * @param request the request
     * @param response the response
     * @return the page
     */
    @GetMapping("/clinic/patients/{id}")
    public ResponseEntity<String> card(
            @PathVariable String id,
            @RequestParam(defaultValue = "portal") String tab,
            @RequestParam(required = false) @Nullable String ok,
            @RequestParam(required = false) @Nullable String error,
            HttpServletRequest request,
            HttpServletResponse response) {
        Optional<Staff> staff = DemoStaff.of(request);
        if (staff.isEmpty()) {
            return redirect("/clinic/login");
        }
        String lang = Html.lang(request, response);
        PatientId patient = PatientId.of(id);
        Optional<PatientProfile> found = patients.find(ClinicWeb.CLINIC, patient);
        if (found.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .contentType(MediaType.TEXT_HTML)
                    .body(Html.page(lang, "404", "/clinic/patients", brand(lang), "<h1>404</h1>"));
        }
        PatientProfile p = found.get();
        String csrf = csrf(request);
        String base = "/clinic/patients/" + enc(id);
        boolean docs = "documents".equals(tab);
        StringBuilder b = new StringBuilder();
        b.append("<p><a href=\"/clinic/patients\">← ")
                .append(t(lang, "back"))
                .append("</a></p><h1 id=\"patient-name\">")
                .append(Html.esc(p.givenName() + " " + p.familyName()))
                .append("</h1><dl class=\"facts\">");
        fact(b, t(lang, "birthDate"), p.birthDate());
        fact(b, t(lang, "email"), p.email() == null ? "—" : p.email().value());
        fact(b, t(lang, "phone"), p.phone() == null ? "—" : p.phone().e164());
        fact(b, t(lang, "taj"), p.taj() == null ? "—" : p.taj().digits());
        fact(b, t(lang, "address"), p.address());
        b.append("</dl><nav class=\"tabs\" aria-label=\"")
                .append(t(lang, "tab.portal"))
                .append(" / ")
                .append(t(lang, "tab.documents"))
                .append("\"><a id=\"tab-portal\" href=\"")
                .append(base)
                .append("?tab=portal\"")
                .append(docs ? "" : " aria-current=\"page\"")
                .append(">")
                .append(t(lang, "tab.portal"))
                .append("</a><a id=\"tab-documents\" href=\"")
                .append(base)
                .append("?tab=documents\"")
                .append(docs ? " aria-current=\"page\"" : "")
                .append(">")
                .append(t(lang, "tab.documents"))
                .append("</a></nav><section class=\"panel\">");
        if (ok != null) {
            b.append("<p class=\"ok\" role=\"status\" id=\"flash-ok\">")
                    .append(t(lang, "done"))
                    .append("</p>");
        }
        if (error != null) {
            b.append("<p class=\"error\" role=\"alert\" id=\"flash-error\">")
                    .append(t(lang, "error"))
                    .append(" ")
                    .append(Html.esc(error))
                    .append("</p>");
        }
        if (docs) {
            documentsTab(b, lang, staff.get(), patient, base, csrf);
        } else {
            portalTab(b, lang, staff.get(), patient, base, csrf);
        }
        b.append("</section>");
        return html(Html.page(
                lang,
                p.givenName() + " " + p.familyName(),
                base + "?tab=" + (docs ? "documents" : "portal"),
                brand(lang) + logoutForm(lang, request),
                b.toString()));
    }

    private void portalTab(StringBuilder b, String lang, Staff staff, PatientId patient, String base, String csrf) {
        Optional<AccessGrant> found = portal.administration(staff).find(patient);
        b.append("<h2>").append(t(lang, "tab.portal")).append("</h2>");
        if (found.isEmpty()) {
            b.append("<p id=\"grant-status\" data-status=\"NONE\">")
                    .append(t(lang, "status.NONE"))
                    .append("</p>")
                    .append("<form method=\"post\" action=\"")
                    .append(base)
                    .append("/grant\" class=\"stack\" id=\"grant-form\">")
                    .append(hidden(csrf))
                    .append("<fieldset><legend>")
                    .append(t(lang, "method"))
                    .append("</legend>");
            for (AccessMethod m : AccessMethod.values()) {
                b.append("<div class=\"choice\"><input type=\"radio\" name=\"method\" id=\"method-")
                        .append(m)
                        .append("\" value=\"")
                        .append(m)
                        .append("\"")
                        .append(m == AccessMethod.EMAIL_AND_PHONE ? " checked" : "")
                        .append("><label for=\"method-")
                        .append(m)
                        .append("\">")
                        .append(t(lang, "method." + m))
                        .append("</label></div>");
            }
            b.append("</fieldset><div class=\"choice\"><input type=\"checkbox\" name=\"sms\" id=\"grant-sms\""
                            + " value=\"true\"><label for=\"grant-sms\">")
                    .append(t(lang, "sms"))
                    .append("</label></div><button type=\"submit\" id=\"grant-submit\">")
                    .append(t(lang, "grant"))
                    .append("</button></form>");
            return;
        }
        AccessGrant g = found.get();
        b.append("<dl class=\"facts\" id=\"grant-state\">");
        b.append("<dt>")
                .append(t(lang, "status"))
                .append("</dt><dd id=\"grant-status\" data-status=\"")
                .append(g.status())
                .append("\">")
                .append(t(lang, "status." + g.status()))
                .append("</dd><dt>")
                .append(t(lang, "method"))
                .append("</dt><dd id=\"grant-method\" data-method=\"")
                .append(g.method())
                .append("\">")
                .append(t(lang, "method." + g.method()))
                .append("</dd><dt>")
                .append(t(lang, "sms"))
                .append("</dt><dd id=\"grant-sms-state\" data-sms=\"")
                .append(g.smsNotifications())
                .append("\">")
                .append(t(lang, g.smsNotifications() ? "on" : "off"))
                .append("</dd></dl>");
        String version = "<input type=\"hidden\" name=\"version\" value=\"" + g.version() + "\">";
        if (g.status() == GrantStatus.ACTIVE) {
            b.append("<div class=\"actions\"><form method=\"post\" action=\"")
                    .append(base)
                    .append("/sms\">")
                    .append(hidden(csrf))
                    .append(version)
                    .append("<input type=\"hidden\" name=\"enabled\" value=\"")
                    .append(!g.smsNotifications())
                    .append("\"><button type=\"submit\" id=\"sms-toggle\">")
                    .append(t(lang, g.smsNotifications() ? "sms.turnOff" : "sms.turnOn"))
                    .append("</button></form>");
            b.append("<form method=\"post\" action=\"")
                    .append(base)
                    .append("/method\" class=\"inline\">")
                    .append(hidden(csrf))
                    .append(version)
                    .append("<label for=\"new-method\">")
                    .append(t(lang, "method"))
                    .append("</label><select id=\"new-method\" name=\"method\">");
            for (AccessMethod m : AccessMethod.values()) {
                b.append("<option value=\"")
                        .append(m)
                        .append("\"")
                        .append(m == g.method() ? "" : " selected")
                        .append(">")
                        .append(t(lang, "method." + m))
                        .append("</option>");
            }
            b.append("</select><button type=\"submit\" id=\"method-submit\">")
                    .append(t(lang, "changeMethod"))
                    .append("</button></form>");
            b.append("<form method=\"post\" action=\"")
                    .append(base)
                    .append("/revoke\" class=\"inline\">")
                    .append(hidden(csrf))
                    .append(version)
                    .append("<label for=\"reason\">")
                    .append(t(lang, "reason"))
                    .append("</label><input id=\"reason\" name=\"reason\" required maxlength=\"500\">"
                            + "<button type=\"submit\" class=\"danger\" id=\"revoke-submit\">")
                    .append(t(lang, "revoke"))
                    .append("</button></form></div>");
        } else {
            b.append("<form method=\"post\" action=\"")
                    .append(base)
                    .append("/reinstate\">")
                    .append(hidden(csrf))
                    .append(version)
                    .append("<button type=\"submit\" id=\"reinstate-submit\">")
                    .append(t(lang, "reinstate"))
                    .append("</button></form>");
        }
    }

    private void documentsTab(StringBuilder b, String lang, Staff staff, PatientId patient, String base, String csrf) {
        b.append("<h2>").append(t(lang, "upload")).append("</h2>");
        b.append("<form method=\"post\" action=\"")
                .append(base)
                .append("/documents?_csrf=")
                .append(enc(csrf))
                .append("\" enctype=\"multipart/form-data\" class=\"stack\" id=\"upload-form\">")
                .append("<label for=\"file\">")
                .append(t(lang, "file"))
                .append("</label><input type=\"file\" id=\"file\" name=\"file\" required"
                        + " accept=\".pdf,.png,.jpg,.jpeg,.txt\">")
                .append("<label for=\"doc-type\">")
                .append(t(lang, "docType"))
                .append("</label><select id=\"doc-type\" name=\"type\">");
        for (String type : DOCUMENT_TYPES) {
            b.append("<option value=\"")
                    .append(type)
                    .append("\">")
                    .append(t(lang, "type." + type))
                    .append("</option>");
        }
        b.append("</select><div class=\"choice\"><input type=\"checkbox\" id=\"doc-access\" name=\"access\""
                        + " value=\"true\" checked><label for=\"doc-access\">")
                .append(t(lang, "patientAccess"))
                .append("</label></div><div class=\"choice\"><input type=\"checkbox\" id=\"doc-notify\""
                        + " name=\"notify\" value=\"true\" checked><label for=\"doc-notify\">")
                .append(t(lang, "notify"))
                .append("</label></div><button type=\"submit\" id=\"upload-submit\">")
                .append(t(lang, "publish"))
                .append("</button></form>");
        b.append("<h2>").append(t(lang, "tab.documents")).append("</h2>");
        List<Document> documents = portal.documents(staff)
                .list(patient, DocumentFilter.firstPage().withLimit(DocumentFilter.MAX_LIMIT))
                .items();
        if (documents.isEmpty()) {
            b.append("<p>").append(t(lang, "noDocuments")).append("</p>");
            return;
        }
        b.append("<div class=\"scroll\"><table class=\"list\" id=\"documents\"><thead><tr><th scope=\"col\">")
                .append(t(lang, "fileName"))
                .append("</th><th scope=\"col\">")
                .append(t(lang, "docType"))
                .append("</th><th scope=\"col\">")
                .append(t(lang, "state"))
                .append("</th><th scope=\"col\">")
                .append(t(lang, "created"))
                .append("</th><th scope=\"col\">")
                .append(t(lang, "actions"))
                .append("</th></tr></thead><tbody>");
        for (Document d : documents) {
            String docBase = base + "/documents/" + enc(d.id().value());
            String version = "<input type=\"hidden\" name=\"version\" value=\"" + d.version() + "\">";
            b.append("<tr data-doc-id=\"")
                    .append(Html.esc(d.id().value()))
                    .append("\" data-file=\"")
                    .append(Html.esc(d.fileName()))
                    .append("\" data-state=\"")
                    .append(d.state())
                    .append("\"><td>")
                    .append(Html.esc(d.fileName()))
                    .append("</td><td>")
                    .append(t(lang, "type." + d.type().value()))
                    .append("</td><td>")
                    .append(t(lang, "state." + d.state()))
                    .append("</td><td>")
                    .append(TIME.format(d.createdAt()))
                    .append("</td><td class=\"actions\">");
            if (d.state() != DocumentState.WITHDRAWN) {
                boolean visible = d.state() == DocumentState.VISIBLE;
                b.append("<form method=\"post\" action=\"")
                        .append(docBase)
                        .append("/visibility\">")
                        .append(hidden(csrf))
                        .append(version)
                        .append("<input type=\"hidden\" name=\"visible\" value=\"")
                        .append(!visible)
                        .append("\"><button type=\"submit\" class=\"visibility\">")
                        .append(t(lang, visible ? "hide" : "show"))
                        .append("</button></form><form method=\"post\" action=\"")
                        .append(docBase)
                        .append("/withdraw\">")
                        .append(hidden(csrf))
                        .append(version)
                        .append("<button type=\"submit\" class=\"danger withdraw\">")
                        .append(t(lang, "withdraw"))
                        .append("</button></form>");
            }
            b.append("</td></tr>");
        }
        b.append("</tbody></table></div>");
    }

    /**
     * Grants access.
     *
     * @param id the patient
     * @param method the login method
     * @param sms {@code true} for SMS notifications
     * @param request the request
     * @return back to the card
     */
    @PostMapping("/clinic/patients/{id}/grant")
    public ResponseEntity<String> grant(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String method,
            @RequestParam(defaultValue = "false") boolean sms,
            HttpServletRequest request) {
        return act(
                request,
                id,
                "portal",
                staff -> portal.administration(staff).grant(PatientId.of(id), method(method), sms));
    }

    /**
     * Switches SMS notifications.
     *
     * @param id the patient
     * @param enabled on or off
     * @param version the grant's version
     * @param request the request
     * @return back to the card
     */
    @PostMapping("/clinic/patients/{id}/sms")
    public ResponseEntity<String> sms(
            @PathVariable String id,
            @RequestParam boolean enabled,
            @RequestParam long version,
            HttpServletRequest request) {
        return act(
                request,
                id,
                "portal",
                staff -> portal.administration(staff).setSmsNotifications(PatientId.of(id), enabled, version));
    }

    /**
     * Changes the login method.
     *
     * @param id the patient
     * @param method the new method
     * @param version the grant's version
     * @param request the request
     * @return back to the card
     */
    @PostMapping("/clinic/patients/{id}/method")
    public ResponseEntity<String> changeMethod(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String method,
            @RequestParam long version,
            HttpServletRequest request) {
        return act(
                request,
                id,
                "portal",
                staff -> portal.administration(staff).changeMethod(PatientId.of(id), method(method), version));
    }

    /**
     * Revokes access.
     *
     * @param id the patient
     * @param reason staff's reason
     * @param version the grant's version
     * @param request the request
     * @return back to the card
     */
    @PostMapping("/clinic/patients/{id}/revoke")
    public ResponseEntity<String> revoke(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam long version,
            HttpServletRequest request) {
        return act(
                request, id, "portal", staff -> portal.administration(staff).revoke(PatientId.of(id), reason, version));
    }

    /**
     * Reinstates access.
     *
     * @param id the patient
     * @param version the grant's version
     * @param request the request
     * @return back to the card
     */
    @PostMapping("/clinic/patients/{id}/reinstate")
    public ResponseEntity<String> reinstate(
            @PathVariable String id, @RequestParam long version, HttpServletRequest request) {
        return act(request, id, "portal", staff -> portal.administration(staff).reinstate(PatientId.of(id), version));
    }

    /**
     * Publishes a document.
     *
     * @param id the patient
     * @param file the upload
     * @param type the document type
     * @param access patient access
     * @param notify notify the patient
     * @param request the request
     * @return back to the card
     */
    @PostMapping("/clinic/patients/{id}/documents")
    public ResponseEntity<String> upload(
            @PathVariable String id,
            @RequestParam("file") MultipartFile file,
            @RequestParam(defaultValue = "LAB_RESULT") String type,
            @RequestParam(defaultValue = "false") boolean access,
            @RequestParam(defaultValue = "false") boolean notify,
            HttpServletRequest request) {
        return act(request, id, "documents", staff -> {
            byte[] bytes;
            try {
                bytes = file.getBytes();
            } catch (IOException e) {
                throw new ValidationException("content", "could not be read");
            }
            String name = file.getOriginalFilename();
            return portal.documents(staff)
                    .publish(DocumentUpload.builder(PatientId.of(id), DocumentType.of(type))
                            .fileName(name == null || name.isBlank() ? "document" : name)
                            .declaredMediaType(file.getContentType())
                            .content(bytes)
                            .patientAccess(access)
                            .notifyPatient(notify && access)
                            .build());
        });
    }

    /**
     * Shows or hides a document.
     *
     * @param id the patient
     * @param documentId the document
     * @param visible patient access
     * @param version the document's version
     * @param request the request
     * @return back to the card
     */
    @PostMapping("/clinic/patients/{id}/documents/{documentId}/visibility")
    public ResponseEntity<String> visibility(
            @PathVariable String id,
            @PathVariable String documentId,
            @RequestParam boolean visible,
            @RequestParam long version,
            HttpServletRequest request) {
        return act(
                request,
                id,
                "documents",
                staff -> portal.documents(staff).setPatientAccess(DocumentId.of(documentId), visible, false, version));
    }

    /**
     * Withdraws a document.
     *
     * @param id the patient
     * @param documentId the document
     * @param version the document's version
     * @param request the request
     * @return back to the card
     */
    @PostMapping("/clinic/patients/{id}/documents/{documentId}/withdraw")
    public ResponseEntity<String> withdraw(
            @PathVariable String id,
            @PathVariable String documentId,
            @RequestParam long version,
            HttpServletRequest request) {
        return act(
                request,
                id,
                "documents",
                staff -> portal.documents(staff).withdraw(DocumentId.of(documentId), version));
    }

    /** Runs a staff action after the session and CSRF checks, then back to the card with its outcome. */
    private ResponseEntity<String> act(HttpServletRequest request, String id, String tab, Function<Staff, ?> action) {
        Optional<Staff> staff = DemoStaff.of(request);
        if (staff.isEmpty()) {
            return redirect("/clinic/login");
        }
        String sent = request.getParameter("_csrf");
        String expected = csrf(request);
        if (sent == null
                || !MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN)
                    .contentType(MediaType.TEXT_PLAIN)
                    .body("CSRF token missing or wrong");
        }
        String back = "/clinic/patients/" + enc(id) + "?tab=" + tab;
        try {
            Object unused = action.apply(staff.get());
            return redirect(back + "&ok=1");
        } catch (PortalException e) {
            // the portal's messages are fixed texts without personal data
            return redirect(back + "&error=" + enc(String.valueOf(e.getMessage())));
        }
    }

    private static AccessMethod method(String value) {
        try {
            return AccessMethod.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("method", "is not one of the allowed values");
        }
    }

    private static String csrf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object token = session == null ? null : session.getAttribute(DemoStaff.CSRF);
        return token instanceof String s ? s : "";
    }

    private static String hidden(String csrf) {
        return "<input type=\"hidden\" name=\"_csrf\" value=\"" + Html.esc(csrf) + "\">";
    }

    private static void fact(StringBuilder b, String label, @Nullable Object value) {
        b.append("<dt>")
                .append(label)
                .append("</dt><dd>")
                .append(Html.esc(value))
                .append("</dd>");
    }

    private static String brand(String lang) {
        return "<a href=\"/\">" + t(lang, "clinic") + "</a>";
    }

    private static String logoutForm(String lang, HttpServletRequest request) {
        return " <form method=\"post\" action=\"/clinic/logout\" class=\"inline\">" + hidden(csrf(request))
                + "<button type=\"submit\" class=\"link\" id=\"staff-logout\">" + t(lang, "logout")
                + "</button></form>";
    }

    private static String t(String lang, String key) {
        return Html.esc(Texts.get(lang, key));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ResponseEntity<String> html(String page) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .header("Cache-Control", "no-store")
                .body(page);
    }

    private static ResponseEntity<String> redirect(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER)
                .location(URI.create(location))
                .build();
    }
}
