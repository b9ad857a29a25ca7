package dev.patientportal.examples.clinic;

import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The demo's staff sign-in: a session attribute holding the staff id, set by the demo login form. A real host uses
 * its own authentication (Spring Security, a gateway) and maps its roles to {@link StaffPermission}s.
 */
public final class DemoStaff {
    /** The session attribute that holds the signed-in staff id. */
    public static final String ATTRIBUTE = "demo.staff";

    /** The session attribute that holds the staff forms' CSRF token. */
    public static final String CSRF = "demo.csrf";

    /** The demo login's user name. */
    public static final String USER = "demo";

    /** The demo login's password. */
    public static final String PASSWORD = "demo";

    private DemoStaff() {}

    /**
     * The member of staff signed in on the request's session.
     *
     * @param request the request
     * @return the staff member with every permission, or empty
     */
    public static Optional<Staff> of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        Object id = session.getAttribute(ATTRIBUTE);
        if (!(id instanceof String staffId)) {
            return Optional.empty();
        }
        return Optional.of(new Staff(ClinicWeb.CLINIC, StaffId.of(staffId), EnumSet.allOf(StaffPermission.class)));
    }
}
