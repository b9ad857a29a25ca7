package dev.patientportal.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.patientportal.core.DocumentPolicy;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.Staff;
import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.spring.boot.PortalProperties;
import dev.patientportal.spring.web.internal.BodyLimitFilter;
import dev.patientportal.spring.web.internal.LoginController;
import dev.patientportal.spring.web.internal.OpenApiController;
import dev.patientportal.spring.web.internal.PatientController;
import dev.patientportal.spring.web.internal.ProblemResolver;
import dev.patientportal.spring.web.internal.StaffController;
import dev.patientportal.spring.web.spi.StaffResolver;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Which parts the auto-configuration mounts, by property and by the host's beans. */
class PortalWebAutoConfigurationTest {
    /** What the starter would have given: a portal, its login and settings. */
    @Configuration(proxyBeanMethods = false)
    static class Starter {
        @Bean
        JpaPortal jpaPortal() {
            return mock(JpaPortal.class);
        }

        @Bean
        PatientPortal patientPortal() {
            PatientPortal portal = mock(PatientPortal.class);
            when(portal.clock()).thenReturn(Clock.systemUTC());
            when(portal.documentPolicy()).thenReturn(DocumentPolicy.defaults());
            return portal;
        }

        @Bean
        PortalProperties portalProperties() {
            PortalProperties p = new PortalProperties();
            p.getInstitution().setId("clinic-1");
            return p;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WithStaff {
        @Bean
        StaffResolver staffResolver() {
            return request -> Optional.<Staff>empty();
        }
    }

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PortalWebAutoConfiguration.class))
            .withUserConfiguration(Starter.class);

    @Test
    @DisplayName("by default: login, patient, OpenAPI, problems and body limits; no staff endpoints without a resolver")
    void defaults() {
        web.run(c -> {
            assertThat(c).hasNotFailed();
            assertThat(c).hasSingleBean(LoginController.class);
            assertThat(c).hasSingleBean(PatientController.class);
            assertThat(c).hasSingleBean(OpenApiController.class);
            assertThat(c).hasSingleBean(ProblemResolver.class);
            assertThat(c).hasSingleBean(BodyLimitFilter.class);
            assertThat(c).doesNotHaveBean(StaffController.class);
            assertThat(c.getBean(PortalWebProperties.class).basePath()).isEqualTo("/portal/api");
            assertThat(c.getBean(PortalWebProperties.class).session().transport())
                    .isEqualTo(PortalWebProperties.Transport.COOKIE);
        });
    }

    @Test
    @DisplayName("a StaffResolver bean turns the staff endpoints on; portal.web.staff.enabled=false off again")
    void staff() {
        web.withUserConfiguration(WithStaff.class).run(c -> assertThat(c).hasSingleBean(StaffController.class));
        web.withUserConfiguration(WithStaff.class)
                .withPropertyValues("portal.web.staff.enabled=false")
                .run(c -> assertThat(c).doesNotHaveBean(StaffController.class));
    }

    @Test
    @DisplayName("each part turns off by property, and portal.web.enabled=false mounts nothing")
    void switches() {
        web.withPropertyValues(
                        "portal.web.login.enabled=false",
                        "portal.web.patient.enabled=false",
                        "portal.web.openapi.enabled=false")
                .run(c -> {
                    assertThat(c).doesNotHaveBean(LoginController.class);
                    assertThat(c).doesNotHaveBean(PatientController.class);
                    assertThat(c).doesNotHaveBean(OpenApiController.class);
                    assertThat(c).hasSingleBean(ProblemResolver.class);
                });
        web.withPropertyValues("portal.web.enabled=false").run(c -> {
            assertThat(c).doesNotHaveBean(ProblemResolver.class);
            assertThat(c).doesNotHaveBean(LoginController.class);
        });
    }

    @Test
    @DisplayName("nothing in an application without a servlet web server, or without the starter's portal")
    void onlyInAServletApplicationWithThePortal() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PortalWebAutoConfiguration.class))
                .withUserConfiguration(Starter.class)
                .run(c -> assertThat(c).doesNotHaveBean(LoginController.class));
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PortalWebAutoConfiguration.class))
                .run(c -> assertThat(c).doesNotHaveBean(LoginController.class));
    }

    @Test
    @DisplayName("a base path that ends with a slash or a tiny JSON limit stops the start, naming the property")
    void badSettings() {
        web.withPropertyValues("portal.web.base-path=/api/")
                .run(c -> assertThat(c)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("portal.web.base-path"));
        web.withPropertyValues("portal.web.max-json-body=10B")
                .run(c -> assertThat(c).hasFailed().getFailure().rootCause().hasMessageContaining("max-json-body"));
        web.withPropertyValues("portal.web.session.cookie-name=bad name")
                .run(c -> assertThat(c).hasFailed().getFailure().rootCause().hasMessageContaining("cookie-name"));
    }
}
