package dev.patientportal.spring.web;

import dev.patientportal.auth.PortalLogin;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.spring.boot.PortalAutoConfiguration;
import dev.patientportal.spring.boot.PortalProperties;
import dev.patientportal.spring.web.internal.BodyLimitFilter;
import dev.patientportal.spring.web.internal.LoginController;
import dev.patientportal.spring.web.internal.OpenApiController;
import dev.patientportal.spring.web.internal.PatientController;
import dev.patientportal.spring.web.internal.ProblemResolver;
import dev.patientportal.spring.web.internal.StaffController;
import dev.patientportal.spring.web.internal.UploadLimits;
import dev.patientportal.spring.web.internal.WebSessions;
import dev.patientportal.spring.web.spi.StaffResolver;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Mounts the portal's HTTP API under {@code portal.web.base-path} in a servlet web application that has the starter's
 * {@link JpaPortal}: login, the patient's endpoints, the OpenAPI document, and the staff endpoints when the host gives a
 * {@link StaffResolver}. Each part turns off with {@code portal.web.<part>.enabled=false}; {@code portal.web.enabled=false}
 * turns the whole API off. See {@code docs/web.md}.
 */
@AutoConfiguration(after = PortalAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(JpaPortal.class)
@ConditionalOnProperty(prefix = "portal.web", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(PortalWebProperties.class)
public class PortalWebAutoConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(PortalWebAutoConfiguration.class);

    /** Creates the configuration; Spring calls it. */
    public PortalWebAutoConfiguration() {}

    /**
     * The session handling: cookie or bearer, CSRF.
     *
     * @param portal the portal
     * @param properties the web settings
     * @return the session handling
     */
    @Bean
    public WebSessions portalWebSessions(PatientPortal portal, PortalWebProperties properties) {
        return new WebSessions(portal, properties);
    }

    /**
     * Problems for everything under the base path, and nothing else: the host's own error handling is untouched.
     *
     * @param properties the web settings
     * @return the resolver
     */
    @Bean
    public ProblemResolver portalProblemResolver(PortalWebProperties properties) {
        return new ProblemResolver(properties.basePath());
    }

    /**
     * The body limits, before anything reads a body.
     *
     * @param properties the web settings
     * @param portal the portal, whose document policy limits uploads
     * @param env the host's environment, for Boot's multipart limits
     * @return the filter, which Boot registers before the dispatcher
     */
    @Bean
    public BodyLimitFilter portalBodyLimitFilter(
            PortalWebProperties properties, PatientPortal portal, Environment env) {
        if (properties.staff().enabled()) {
            UploadLimits.check(env, portal.documentPolicy().maxSizeBytes()).ifPresent(LOG::warn);
        }
        return new BodyLimitFilter(
                properties.basePath(),
                properties.maxJsonBody().toBytes(),
                portal.documentPolicy().maxSizeBytes());
    }

    /**
     * Login: start, verify, resend, session, logout.
     *
     * @param jpaPortal the portal
     * @param portalProperties the starter's settings, for the institution
     * @param sessions the session handling
     * @return the controller
     */
    @Bean
    @ConditionalOnProperty(prefix = "portal.web.login", name = "enabled", havingValue = "true", matchIfMissing = true)
    public LoginController portalLoginController(
            JpaPortal jpaPortal, PortalProperties portalProperties, WebSessions sessions) {
        PortalLogin login = jpaPortal.login();
        return new LoginController(login, institution(portalProperties), sessions);
    }

    /**
     * The patient's endpoints.
     *
     * @param jpaPortal the portal
     * @param portalProperties the starter's settings, for the clinic's app
     * @param sessions the session handling
     * @return the controller
     */
    @Bean
    @ConditionalOnProperty(prefix = "portal.web.patient", name = "enabled", havingValue = "true", matchIfMissing = true)
    public PatientController portalPatientController(
            JpaPortal jpaPortal, PortalProperties portalProperties, WebSessions sessions) {
        return new PatientController(
                sessions,
                jpaPortal.devices(),
                portalProperties.getInstitution().getPushApp(),
                jpaPortal.transactions());
    }

    /**
     * The staff endpoints, when the host maps requests to staff.
     *
     * @param portal the portal
     * @param staff the host's mapping
     * @param properties the web settings
     * @return the controller
     */
    @Bean
    @ConditionalOnBean(StaffResolver.class)
    @ConditionalOnProperty(prefix = "portal.web.staff", name = "enabled", havingValue = "true", matchIfMissing = true)
    public StaffController portalStaffController(
            PatientPortal portal, StaffResolver staff, PortalWebProperties properties) {
        return new StaffController(portal, staff, properties.basePath());
    }

    /**
     * The OpenAPI document at {@code <base-path>/openapi.yaml}.
     *
     * @param properties the web settings
     * @return the controller
     */
    @Bean
    @ConditionalOnProperty(prefix = "portal.web.openapi", name = "enabled", havingValue = "true", matchIfMissing = true)
    public OpenApiController portalOpenApiController(PortalWebProperties properties) {
        return new OpenApiController(properties.basePath());
    }

    private static InstitutionId institution(PortalProperties properties) {
        return InstitutionId.of(
                Objects.requireNonNull(properties.getInstitution().getId(), "portal.institution.id is required"));
    }
}
