package dev.patientportal.examples.clinic;

import dev.patientportal.auth.AuthSettings;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.ReservationPolicy;
import dev.patientportal.core.ServiceRules;
import dev.patientportal.core.ServiceTypeId;
import dev.patientportal.spring.boot.JpaPortalCustomizer;
import dev.patientportal.spring.web.spi.StaffResolver;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The demo clinic: a Spring Boot 4 host of the portal. Its patient records and booking system are the test kit's
 * in-memory ones, seeded by {@link DemoData}; its messages go to the {@link DevInbox} (profile {@code demo}, the
 * default); staff sign in with the demo login of {@link ClinicPages}. Start it with
 * {@code mvn -pl examples/clinic-web -am compile exec:java} and open the URL it prints.
 */
@SpringBootApplication
public class ClinicWeb {
    private static final Logger LOG = LoggerFactory.getLogger(ClinicWeb.class);

    /** The demo clinic's institution id, as {@code portal.institution.id} sets it. */
    public static final InstitutionId CLINIC = InstitutionId.of("demo-clinic");

    /** The general practitioner's consultation: self-bookable. */
    public static final ServiceTypeId GP = ServiceTypeId.of("GP");

    /** A blood test: self-bookable. */
    public static final ServiceTypeId LAB = ServiceTypeId.of("LAB");

    /** An ultrasound scan: booked by the front desk only, not in the portal. */
    public static final ServiceTypeId ULTRASOUND = ServiceTypeId.of("ULTRASOUND");

    /** For Spring. */
    public ClinicWeb() {}

    /**
     * Starts the demo.
     *
     * @param args Spring Boot's arguments, for example {@code --server.port=9090}
     */
    public static void main(String[] args) {
        SpringApplication.run(ClinicWeb.class, args);
    }

    /**
     * The clinic's patient records.
     *
     * @return an empty directory, which {@link DemoData} fills
     */
    @Bean
    public InMemoryPatientDirectory patients() {
        return new InMemoryPatientDirectory();
    }

    /**
     * The clinic's booking system.
     *
     * @return an empty calendar, which {@link DemoData} fills
     */
    @Bean
    public InMemoryScheduling scheduling() {
        return new InMemoryScheduling();
    }

    /**
     * The clinic's rules: ultrasound scans are booked at the desk only; the demo's login limits are loose enough for
     * a visitor who tries things (and the lockout comes after five wrong codes, to be seen).
     *
     * @return the customizer
     */
    @Bean
    public JpaPortalCustomizer demoPolicies() {
        return builder -> builder.reservationPolicy(ReservationPolicy.builder()
                        .bookingHorizon(Duration.ofDays(30))
                        .service(ULTRASOUND, new ServiceRules(false, Duration.ofHours(24), Duration.ofHours(24)))
                        .build())
                .authSettings(AuthSettings.builder()
                        .lockoutThreshold(5)
                        .resendCooldown(Duration.ofSeconds(10))
                        .sendsPerPhone(30, 100)
                        .sendsPerEmail(30, 100)
                        .sendsPerClientAddress(500, 2000)
                        .build());
    }

    /**
     * Maps the demo staff session to a member of staff, so that the portal's staff endpoints work too.
     *
     * @return the resolver
     */
    @Bean
    public StaffResolver staffResolver() {
        return DemoStaff::of;
    }

    /**
     * {@code /portal} opens the patient's portal.
     *
     * @return the configurer
     */
    @Bean
    public WebMvcConfigurer portalPages() {
        return new WebMvcConfigurer() {
            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addRedirectViewController("/portal", "/portal/index.html");
                registry.addRedirectViewController("/portal/", "/portal/index.html");
            }
        };
    }

    /**
     * Says where the demo runs, once it is ready.
     *
     * @return the listener
     */
    @Bean
    public ApplicationListener<ApplicationReadyEvent> announce() {
        return event -> {
            String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
            LOG.info("The demo clinic is running: open http://localhost:{}/", port);
        };
    }
}
