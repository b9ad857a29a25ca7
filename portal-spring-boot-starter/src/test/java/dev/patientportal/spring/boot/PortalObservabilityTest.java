package dev.patientportal.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.auth.Challenge;
import dev.patientportal.auth.Factor;
import dev.patientportal.auth.PortalLogin;
import dev.patientportal.auth.TajAndPhone;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.AuthenticationException;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.PatientPortal;
import dev.patientportal.core.PatientProfile;
import dev.patientportal.core.RequestContext;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.micrometer.OutboxMeters;
import dev.patientportal.micrometer.PortalMeters;
import dev.patientportal.notify.DeliveryResult;
import dev.patientportal.notify.spi.SmsChannel;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.TestPatients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/**
 * Metrics and health: with Spring Boot's metrics auto-configuration, the portal reports to its registry and the outbox
 * gauges are bound; the outbox health indicator turns DOWN when a notification is parked; each backs off without its
 * library.
 */
class PortalObservabilityTest {
    private final List<String> smsSent = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class,
                    TransactionAutoConfiguration.class,
                    FlywayAutoConfiguration.class,
                    PortalAutoConfiguration.class,
                    PortalObservabilityAutoConfiguration.class))
            .withUserConfiguration(TestHost.Beans.class)
            .withBean(SmsChannel.class, () -> message -> {
                smsSent.add(message.text());
                return DeliveryResult.sent("sms-" + smsSent.size());
            })
            .withPropertyValues(TestHost.portalProperties())
            .withPropertyValues(
                    "spring.datasource.url=" + TestHost.h2Url(),
                    // Nothing listens there: an e-mail fails, and with one attempt it is parked at once.
                    "spring.mail.host=127.0.0.1",
                    "spring.mail.port=9",
                    "portal.dispatcher.max-attempts=1");

    private final ApplicationContextRunner withMetrics = runner.withConfiguration(AutoConfigurations.of(
            MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class));

    private static double count(MeterRegistry registry, String name) {
        return registry.find(name).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Assertions.fail("timed out");
            }
            Thread.sleep(20);
        }
    }

    @Test
    @DisplayName("with a registry: logins and codes are counted, the outbox gauges are bound, a parked e-mail turns"
            + " the health DOWN and the parked gauge to 1; no tag holds personal data")
    void metricsAndHealth() {
        withMetrics.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(OutboxMeters.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            HealthIndicator health = context.getBean("portalOutboxHealthIndicator", HealthIndicator.class);
            Health up = health.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("parked", 0L).containsEntry("pending", 0L);
            assertThat(registry.find(OutboxMeters.PENDING).gauge()).isNotNull();

            InMemoryPatientDirectory patients = context.getBean(InMemoryPatientDirectory.class);
            PatientProfile bela = patients.put(TestPatients.next(TestHost.CLINIC, PatientId.of("p-bela")));
            Staff desk = Staff.of(TestHost.CLINIC, StaffId.of("desk"), StaffPermission.GRANT_ACCESS);
            context.getBean(PatientPortal.class)
                    .administration(desk)
                    .grant(bela.patient(), AccessMethod.TAJ_AND_PHONE, false);

            PortalLogin login = context.getBean(PortalLogin.class);
            RequestContext request = new RequestContext("203.0.113.9", "test", Locale.ENGLISH);
            Challenge challenge = login.start(
                    new TajAndPhone(
                            TestHost.CLINIC, bela.taj().digits(), bela.phone().e164()),
                    request);
            await(() -> count(registry, PortalMeters.CODES_SENT) >= 1);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> login.verify(challenge, Factor.SMS, "000000", request))
                    .isInstanceOf(AuthenticationException.class);
            assertThat(count(registry, PortalMeters.LOGIN)).isGreaterThanOrEqualTo(1);

            // the welcome e-mail cannot be sent: parked after its one attempt
            JpaPortal portal = context.getBean(JpaPortal.class);
            await(() -> portal.outbox().parkedCount() == 1);
            Health down = health.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails()).containsEntry("parked", 1L).containsKey("reason");
            await(() -> registry.find(OutboxMeters.PARKED).gauge() != null
                    && registry.find(OutboxMeters.PARKED).gauge().value() == 1.0);

            for (Meter meter : registry.getMeters()) {
                String id = meter.getId().toString();
                assertThat(id)
                        .as("meter %s", id)
                        .doesNotContain(
                                "p-bela", bela.taj().digits(), bela.phone().e164(), bela.familyName());
            }
        });
    }

    @Test
    @DisplayName("without a registry no meters are wired, the health indicator still is; without Boot's health support"
            + " there is no indicator")
    void backsOff() {
        runner.run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(OutboxMeters.class)
                    .hasBean("portalOutboxHealthIndicator");
            assertThat(context).doesNotHaveBean("portalMetricsCustomizer");
        });
        withMetrics
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(OutboxMeters.class)
                            .doesNotHaveBean("portalOutboxHealthIndicator");
                });
        withMetrics.withClassLoader(new FilteredClassLoader(PortalMeters.class)).run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(OutboxMeters.class)
                    .doesNotHaveBean("portalMetricsCustomizer");
        });
    }

    @Test
    @DisplayName("a wrong health limit or audit retention stops the start, naming the property")
    void wrongSettings() {
        runner.withPropertyValues("portal.health.outbox-max-due-age=0s", "portal.audit-retention=P0D")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("portal.health.outbox-max-due-age")
                            .hasStackTraceContaining("portal.audit-retention");
                });
    }
}
