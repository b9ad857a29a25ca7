package dev.patientportal.spring.web.internal;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.EmailAndPhone;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.SessionGrant;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.auth.VerifyResult;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Login: start with either method, verify a factor, resend a code, read the session's CSRF token, log out. An identity
 * without access gets the same answers as one with it (the portal's decoy challenge).
 */
@RestController
@RequestMapping(path = "${portal.web.base-path:/portal/api}", produces = MediaType.APPLICATION_JSON_VALUE)
public class LoginController {
    private final PortalLogin login;
    private final InstitutionId institution;
    private final WebSessions sessions;

    /**
     * Creates the controller.
     *
     * @param login the login
     * @param institution the institution the portal serves
     * @param sessions the session handling
     */
    public LoginController(PortalLogin login, InstitutionId institution, WebSessions sessions) {
        this.login = login;
        this.institution = institution;
        this.sessions = sessions;
    }

    @PostMapping(path = "/login/email-phone", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.ChallengeBody startWithEmail(@RequestBody Json.EmailPhoneLogin body, HttpServletRequest request) {
        Challenge c = login.start(
                new EmailAndPhone(
                        institution, Inputs.required("email", body.email()), Inputs.required("phone", body.phone())),
                WebSessions.context(request));
        return Json.ChallengeBody.of(c);
    }

    @PostMapping(path = "/login/taj-phone", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.ChallengeBody startWithTaj(@RequestBody Json.TajPhoneLogin body, HttpServletRequest request) {
        Challenge c = login.start(
                new TajAndPhone(
                        institution, Inputs.required("taj", body.taj()), Inputs.required("phone", body.phone())),
                WebSessions.context(request));
        return Json.ChallengeBody.of(c);
    }

    @PostMapping(path = "/login/challenges/{challengeId}/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.VerifyBody verify(
            @PathVariable String challengeId,
            @RequestBody Json.Verify body,
            HttpServletRequest request,
            HttpServletResponse response) {
        Factor factor = Inputs.oneOf(Factor.class, "factor", body.factor());
        VerifyResult result = login.verify(institution, challengeId, factor, body.code(), WebSessions.context(request));
        Json.SessionBody session = null;
        if (result.session().isPresent()) {
            SessionGrant grant = result.session().get();
            if (sessions.bearerFor(body.transport())) {
                session = new Json.SessionBody(grant.token(), null, grant.idleExpiresAt(), grant.absoluteExpiresAt());
            } else {
                sessions.setCookie(request, response, grant);
                session = new Json.SessionBody(
                        null, WebSessions.csrfToken(grant.token()), grant.idleExpiresAt(), grant.absoluteExpiresAt());
            }
        }
        return Json.VerifyBody.of(result, session);
    }

    @PostMapping(path = "/login/challenges/{challengeId}/resend", consumes = MediaType.APPLICATION_JSON_VALUE)
    Json.ChallengeBody resend(
            @PathVariable String challengeId, @RequestBody Json.Resend body, HttpServletRequest request) {
        Factor factor = Inputs.oneOf(Factor.class, "factor", body.factor());
        return Json.ChallengeBody.of(login.resend(institution, challengeId, factor, WebSessions.context(request)));
    }

    @GetMapping("/session")
    Json.CurrentSession session(HttpServletRequest request) {
        PatientView view = sessions.patient(request);
        WebSessions.Presented presented = sessions.presented(request);
        view.session();
        return new Json.CurrentSession(presented.cookie() ? WebSessions.csrfToken(presented.token()) : null);
    }

    @PostMapping("/logout")
    ResponseEntity<Void> logout(HttpServletRequest request, HttpServletResponse response) {
        WebSessions.@Nullable Presented presented = null;
        try {
            presented = sessions.presented(request);
        } catch (dev.patientportal.core.AuthenticationException none) {
            // no session: logging out is idempotent
        }
        if (presented != null) {
            sessions.checkCsrf(request, presented);
            login.logout(presented.token(), WebSessions.context(request));
        }
        sessions.clearCookie(request, response);
        return ResponseEntity.noContent().build();
    }
}
