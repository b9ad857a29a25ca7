/**
 * The patient's portal over HTTP for a Spring Boot 4 host: {@link dev.patientportal.spring.web.PortalWebAutoConfiguration}
 * mounts Spring MVC controllers under {@code portal.web.base-path} (default {@code /portal/api}) when this module is on
 * the class path, next to the starter's beans. Configuration: {@link dev.patientportal.spring.web.PortalWebProperties}.
 * Staff endpoints turn on when the host gives a {@link dev.patientportal.spring.web.spi.StaffResolver}. See
 * {@code docs/web.md} and the API's OpenAPI document, {@code docs/openapi.yaml}.
 */
@NullMarked
package dev.patientportal.spring.web;

import org.jspecify.annotations.NullMarked;
