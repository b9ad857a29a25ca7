package dev.patientportal.spring.web.internal;

import dev.patientportal.auth.SessionGrant;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PatientView;
import dev.patientportal.core.RequestContext;
import dev.patientportal.spring.web.PortalWebProperties;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

/**
 * Where a request's session token comes from (the cookie or {@code Authorization: Bearer}), the CSRF check of cookie
 * sessions, the session cookie itself, and the {@link RequestContext} of a request.
 *
 * <p>The CSRF token of a cookie session is {@code base64url(SHA-256("portal-csrf:" + token))}: bound to the session,
 * needing no server state, and useless without the cookie; the session token cannot be computed back from it. A
 * state-changing request with the cookie must carry it in {@value #CSRF_HEADER}.
 */
public final class WebSessions {
    /** The header that carries the CSRF token of a cookie session. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final List<String> LANGUAGES = List.of("es", "hu", "en");

    private final PatientPortal portal;
    private final PortalWebProperties.Session settings;
    private final String cookiePath;
    private final Clock clock;

    /**
     * Creates the session handling.
     *
     * @param portal the portal
     * @param properties the web settings
     */
    public WebSessions(PatientPortal portal, PortalWebProperties properties) {
        this.portal = portal;
        this.settings = properties.session();
        this.cookiePath = properties.basePath();
        this.clock = portal.clock();
    }

    /** A request's session: its token, and whether it came as a cookie. */
    record Presented(String token, boolean cookie) {}

    /**
     * The patient's view for the request's session, after the CSRF check of a cookie session.
     *
     * @param request the request
     * @return the view
     * @throws AuthenticationException {@code INVALID_SESSION} without a usable session
     * @throws CsrfException when a cookie session's state-changing request lacks its CSRF token
     */
    PatientView patient(HttpServletRequest request) {
        Presented presented = presented(request);
        checkCsrf(request, presented);
        return portal.patient(presented.token(), context(request));
    }

    /**
     * The session the request presents, not yet checked against the store.
     *
     * @param request the request
     * @return the token and where it came from
     * @throws AuthenticationException {@code INVALID_SESSION} when there is none
     */
    Presented presented(HttpServletRequest request) {
        if (settings.transport().bearer()) {
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String token = authorization.substring(7).strip();
                if (!token.isEmpty()) {
                    return new Presented(token, false);
                }
            }
        }
        if (settings.transport().cookies()) {
            String token = cookie(request);
            if (token != null) {
                return new Presented(token, true);
            }
        }
        throw new AuthenticationException(AuthenticationException.Reason.INVALID_SESSION);
    }

    /**
     * Refuses a state-changing request of a cookie session without the session's CSRF token.
     *
     * @param request the request
     * @param presented its session
     */
    void checkCsrf(HttpServletRequest request, Presented presented) {
        if (!presented.cookie() || SAFE_METHODS.contains(request.getMethod())) {
            return;
        }
        String sent = request.getHeader(CSRF_HEADER);
        byte[] expected = csrfToken(presented.token()).getBytes(StandardCharsets.US_ASCII);
        if (sent == null || !MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.US_ASCII))) {
            throw new CsrfException();
        }
    }

    /**
     * The CSRF token of a session.
     *
     * @param token the session token
     * @return its CSRF token
     */
    static String csrfToken(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("portal-csrf:" + token).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Whether a login should answer with a bearer token rather than set the cookie.
     *
     * @param requested what the client asked for, {@code "bearer"} or {@code "cookie"}, or {@code null}
     * @return {@code true} for a bearer token
     */
    boolean bearerFor(@Nullable String requested) {
        return switch (settings.transport()) {
            case BEARER -> true;
            case COOKIE -> false;
            case BOTH -> "bearer".equalsIgnoreCase(requested);
        };
    }

    /**
     * Sets the session cookie for a new session, until its absolute expiry, on the API's path in this application.
     *
     * @param request the request, for the application's context path
     * @param response the response
     * @param session the session
     */
    void setCookie(HttpServletRequest request, HttpServletResponse response, SessionGrant session) {
        Duration maxAge = Duration.between(clock.instant(), session.absoluteExpiresAt());
        response.addHeader(
                HttpHeaders.SET_COOKIE, cookie(request, session.token(), maxAge.isNegative() ? Duration.ZERO : maxAge));
    }

    /**
     * The portal's time.
     *
     * @return now, on the portal's clock
     */
    java.time.Instant now() {
        return clock.instant();
    }

    /**
     * Clears the session cookie.
     *
     * @param request the request, for the application's context path
     * @param response the response
     */
    void clearCookie(HttpServletRequest request, HttpServletResponse response) {
        if (settings.transport().cookies()) {
            response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, "", Duration.ZERO));
        }
    }

    private String cookie(HttpServletRequest request, String value, Duration maxAge) {
        return ResponseCookie.from(settings.cookieName(), value)
                .httpOnly(true)
                .secure(settings.cookieSecure())
                .sameSite("Strict")
                .path(request.getContextPath() + cookiePath)
                .maxAge(maxAge)
                .build()
                .toString();
    }

    private @Nullable String cookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie c : cookies) {
            if (settings.cookieName().equals(c.getName()) && !c.getValue().isEmpty()) {
                return c.getValue();
            }
        }
        return null;
    }

    /**
     * What the portal knows of a request: the client's address, its user agent, and the first of the portal's
     * languages (es, hu, en) that {@code Accept-Language} names, for the messages it sends.
     *
     * @param request the request
     * @return the context
     */
    static RequestContext context(HttpServletRequest request) {
        return new RequestContext(request.getRemoteAddr(), request.getHeader(HttpHeaders.USER_AGENT), locale(request));
    }

    private static @Nullable Locale locale(HttpServletRequest request) {
        if (request.getHeader(HttpHeaders.ACCEPT_LANGUAGE) == null) {
            return null;
        }
        for (Locale l : java.util.Collections.list(request.getLocales())) {
            if (LANGUAGES.contains(l.getLanguage())) {
                return new Locale(l.getLanguage());
            }
        }
        return null;
    }
}
