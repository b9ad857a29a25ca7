package dev.patientportal.spring.web.internal;

import dev.patientportal.core.AccessDeniedException;

/** A cookie session's state-changing request without its CSRF token: 403. */
final class CsrfException extends AccessDeniedException {
    private static final long serialVersionUID = 1L;

    CsrfException() {
        super("missing or wrong " + WebSessions.CSRF_HEADER + " header");
    }
}
