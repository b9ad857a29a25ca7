package dev.patientportal.spring.web.spi;

import dev.patientportal.core.Staff;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Maps a request to the member of staff the host's own authentication established (Spring Security, a gateway, a
 * session of the host's application). Staff authentication is the host's: the portal never signs staff in. A bean of
 * this type turns the staff endpoints on ({@code portal.web.staff.enabled} turns them off again).
 *
 * <pre>{@code
 * @Bean
 * StaffResolver staff(ClinicUsers users) {
 *     return request -> users.fromPrincipal(request.getUserPrincipal())
 *             .map(u -> Staff.of(clinic, StaffId.of(u.id()), u.portalPermissions()));
 * }
 * }</pre>
 *
 * <p>Called on the request's thread, before every staff endpoint; it must be thread-safe. The host's authentication
 * also protects these endpoints against cross-site requests (its CSRF token or a bearer credential): the portal's own
 * CSRF check covers patient sessions only.
 */
@FunctionalInterface
public interface StaffResolver {
    /**
     * The member of staff making the request.
     *
     * @param request the request
     * @return the staff member, with the permissions the host maps from its roles; empty when the request is not
     *     authenticated as staff (the endpoint answers 401)
     */
    Optional<Staff> resolve(HttpServletRequest request);
}
