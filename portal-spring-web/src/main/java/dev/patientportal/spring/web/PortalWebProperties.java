package dev.patientportal.spring.web;

import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The web API's settings, {@code portal.web.*}. Every part can be turned off on its own.
 *
 * @param enabled whether the API is mounted at all
 * @param basePath where it is mounted, for example {@code /portal/api}; no trailing slash
 * @param session how sessions travel
 * @param login the login endpoints
 * @param patient the patient's endpoints (profile, reservations, documents, booking, devices)
 * @param staff the staff endpoints, which also need a {@link dev.patientportal.spring.web.spi.StaffResolver} bean
 * @param openapi serving the OpenAPI document at {@code <base-path>/openapi.yaml}
 * @param maxJsonBody the largest JSON request body; a longer one is refused with 413 before it is read
 */
@ConfigurationProperties("portal.web")
public record PortalWebProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("/portal/api") String basePath,
        @DefaultValue Session session,
        @DefaultValue Part login,
        @DefaultValue Part patient,
        @DefaultValue Part staff,
        @DefaultValue Part openapi,
        @DefaultValue("64KB") DataSize maxJsonBody) {

    /**
     * Checks the settings.
     *
     * @param enabled whether the API is mounted
     * @param basePath where it is mounted
     * @param session how sessions travel
     * @param login the login endpoints
     * @param patient the patient's endpoints
     * @param staff the staff endpoints
     * @param openapi the OpenAPI document
     * @param maxJsonBody the largest JSON body
     */
    public PortalWebProperties {
        Objects.requireNonNull(basePath, "portal.web.base-path");
        if (!basePath.startsWith("/") || basePath.length() < 2 || basePath.endsWith("/")) {
            throw new IllegalArgumentException("portal.web.base-path must start with / and not end with one, and name"
                    + " at least one segment of its own, for example /portal/api");
        }
        if (maxJsonBody.toBytes() < 1024) {
            throw new IllegalArgumentException("portal.web.max-json-body must be at least 1KB");
        }
    }

    /** How the patient's session travels between client and server. */
    public enum Transport {
        /** A cookie ({@code HttpOnly}, {@code Secure}, {@code SameSite=Strict}), with a CSRF token: the web page. */
        COOKIE,
        /** {@code Authorization: Bearer <token>}, the token in the login's answer: the mobile app. */
        BEARER,
        /** Both: the client asks for a bearer token at login, else it gets the cookie. */
        BOTH;

        /**
         * Whether this transport uses cookies.
         *
         * @return {@code true} for {@link #COOKIE} and {@link #BOTH}
         */
        public boolean cookies() {
            return this != BEARER;
        }

        /**
         * Whether this transport accepts bearer tokens.
         *
         * @return {@code true} for {@link #BEARER} and {@link #BOTH}
         */
        public boolean bearer() {
            return this != COOKIE;
        }
    }

    /**
     * How sessions travel.
     *
     * @param transport cookie (default), bearer, or both
     * @param cookieName the session cookie's name
     * @param cookieSecure whether the cookie is {@code Secure}; turn off only for plain http on localhost
     */
    public record Session(
            @DefaultValue("COOKIE") Transport transport,
            @DefaultValue("portal_session") String cookieName,
            @DefaultValue("true") boolean cookieSecure) {
        /**
         * Checks the settings.
         *
         * @param transport the transport
         * @param cookieName the cookie's name
         * @param cookieSecure whether the cookie is secure
         */
        public Session {
            Objects.requireNonNull(transport, "portal.web.session.transport");
            if (!cookieName.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException(
                        "portal.web.session.cookie-name must be 1 to 64 letters, digits, '_' or '-'");
            }
        }
    }

    /**
     * One part of the API.
     *
     * @param enabled whether it is mounted
     */
    public record Part(@DefaultValue("true") boolean enabled) {}
}
