package dev.patientportal.spring.web.internal;

import dev.patientportal.core.AccessDeniedException;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.ConflictException;
import dev.patientportal.core.NotFoundException;
import dev.patientportal.core.PolicyViolationException;
import dev.patientportal.core.PortalException;
import dev.patientportal.core.TemporaryFailureException;
import dev.patientportal.core.ValidationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * RFC 9457 problems: one status per exception kind, a fixed {@code type}, {@code title} and {@code detail} per kind,
 * and the machine-readable members a client acts on ({@code field}, {@code rule}, {@code reason},
 * {@code attemptsLeft}, {@code retryAfterSeconds}). A problem carries no exception's message but a validation's
 * reason and a policy violation's message, both fixed texts of the library; never an id or anything the patient typed:
 * a foreign id and one that does not exist answer the same bytes.
 */
final class Problems {
    static final String TYPE_PREFIX = "urn:patient-portal:problem:";

    private Problems() {}

    /** A problem's members and headers, before it becomes a response. */
    record Problem(HttpStatus status, Map<String, Object> body, HttpHeaders headers) {}

    static Problem of(HttpStatus status, String kind, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + kind);
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        return new Problem(status, body, new HttpHeaders());
    }

    static Problem validation(String field, String detail) {
        Problem p = of(HttpStatus.BAD_REQUEST, "validation", "Invalid input", detail);
        p.body().put("field", field);
        return p;
    }

    /**
     * The problem of one of the portal's exceptions.
     *
     * @param e the exception
     * @return its problem
     */
    static Problem of(PortalException e) {
        if (e instanceof ValidationException v) {
            return validation(v.field(), "The field " + v.field() + " " + reason(v) + ".");
        }
        if (e instanceof AuthenticationException a) {
            return authentication(a);
        }
        if (e instanceof CsrfException) {
            Problem p = of(
                    HttpStatus.FORBIDDEN,
                    "csrf",
                    "CSRF token missing or wrong",
                    "A state-changing request of a cookie session needs the session's " + WebSessions.CSRF_HEADER
                            + " header.");
            return p;
        }
        if (e instanceof AccessDeniedException) {
            return of(
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "Forbidden",
                    "The staff member lacks the permission this needs.");
        }
        if (e instanceof NotFoundException) {
            return notFound();
        }
        if (e instanceof ConflictException) {
            return of(
                    HttpStatus.CONFLICT,
                    "conflict",
                    "Conflict",
                    "The resource changed or the slot was taken meanwhile; reload and try again.");
        }
        if (e instanceof PolicyViolationException pv) {
            Problem p = of(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "policy",
                    "Not allowed by the clinic's rules",
                    String.valueOf(pv.getMessage()));
            p.body().put("rule", pv.rule());
            return p;
        }
        if (e instanceof TemporaryFailureException) {
            return of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Temporarily unavailable",
                    "A system the portal depends on did not answer; try again shortly.");
        }
        return internal();
    }

    static Problem notFound() {
        return of(HttpStatus.NOT_FOUND, "not-found", "Not found", "There is nothing here for this session.");
    }

    static Problem internal() {
        return of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "The portal failed; it has been logged.");
    }

    private static Problem authentication(AuthenticationException a) {
        Problem p;
        AuthenticationException.Reason reason = a.reason();
        if (reason == AuthenticationException.Reason.LOCKED && a.retryAfter() == null) {
            // a challenge that used up its attempts: waiting does not help, only a new login does
            reason = AuthenticationException.Reason.EXPIRED;
        }
        switch (reason) {
            case LOCKED, RATE_LIMITED -> {
                p = of(
                        HttpStatus.TOO_MANY_REQUESTS,
                        a.reason() == AuthenticationException.Reason.LOCKED ? "locked" : "rate-limited",
                        a.reason() == AuthenticationException.Reason.LOCKED ? "Locked for now" : "Too many requests",
                        "Wait before trying again; Retry-After says how long.");
                Duration wait = a.retryAfter();
                long seconds = wait == null ? 60 : Math.max(1, (wait.toMillis() + 999) / 1000);
                p.headers().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                p.body().put("retryAfterSeconds", seconds);
            }
            case INVALID_SESSION ->
                p = of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Not signed in", "Sign in to the portal first.");
            case WRONG_CODE -> {
                p = of(HttpStatus.UNAUTHORIZED, "wrong-code", "Wrong code", "The code is not right.");
                p.body().put("attemptsLeft", Math.max(0, a.attemptsLeft()));
            }
            default ->
                p = of(
                        HttpStatus.UNAUTHORIZED,
                        "login-expired",
                        "Start the login again",
                        "The login has expired, was used already, or is unknown.");
        }
        p.body().put("reason", a.reason().name());
        if (p.status() == HttpStatus.UNAUTHORIZED) {
            // RFC 9110: a 401 names a scheme; the same for every 401, so that it tells nothing apart
            p.headers().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"patient-portal\"");
        }
        return p;
    }

    private static String reason(ValidationException v) {
        // the message is "Invalid <field>: <reason>"; the reason is a fixed text of the library, never the input
        String m = String.valueOf(v.getMessage());
        int colon = m.indexOf(": ");
        return colon < 0 ? "is not valid" : m.substring(colon + 2);
    }

    static String json(Problem p) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : p.body().entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Number) {
                b.append(v);
            } else {
                b.append('"')
                        .append(v.toString().replace("\\", "\\\\").replace("\"", "\\\""))
                        .append('"');
            }
        }
        return b.append('}').toString();
    }
}
