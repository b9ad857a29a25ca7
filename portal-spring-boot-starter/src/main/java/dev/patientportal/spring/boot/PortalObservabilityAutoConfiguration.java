package dev.patientportal.spring.boot;

import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.jpa.OutboxHealth;
import dev.patientportal.micrometer.OutboxMeters;
import dev.patientportal.micrometer.PortalMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics and health for the portal that {@link PortalAutoConfiguration} wires, each when its library is there:
 *
 * <ul>
 *   <li>With Micrometer, {@code portal-micrometer} and a {@link MeterRegistry} bean (Spring Boot's metrics
 *       auto-configuration makes one): the portal reports to {@link PortalMeters} (logins, codes, SMS segments and
 *       cost, deliveries; tags carry no personal data), and {@link OutboxMeters} binds the outbox gauges.
 *   <li>With Spring Boot's health support ({@code spring-boot-health}, which Actuator brings): the health indicator
 *       {@code portalOutbox}, DOWN when a notification is parked or the oldest due one has waited longer than
 *       {@code portal.health.outbox-max-due-age} (5 minutes by default); its details are counts and durations.
 * </ul>
 *
 * Every bean backs off when the host defines one of the same name or type.
 */
@AutoConfiguration(
        after = PortalAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(JpaPortal.class)
@ConditionalOnProperty(prefix = "portal", name = "enabled", havingValue = "true", matchIfMissing = true)
public class PortalObservabilityAutoConfiguration {
    /** For Spring. */
    public PortalObservabilityAutoConfiguration() {}

    /** The meters, with Micrometer and portal-micrometer on the class path and a registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MeterRegistry.class, PortalMeters.class})
    @ConditionalOnBean(MeterRegistry.class)
    public static class Metrics {
        /** For Spring. */
        public Metrics() {}

        /**
         * Reports the portal's events to the registry.
         *
         * @param registry the application's registry
         * @return the customizer that sets {@link JpaPortal.Builder#metrics}
         */
        @Bean
        @ConditionalOnMissingBean(name = "portalMetricsCustomizer")
        public JpaPortalCustomizer portalMetricsCustomizer(MeterRegistry registry) {
            PortalMeters meters = PortalMeters.create(registry);
            return builder -> builder.metrics(meters);
        }

        /**
         * The outbox gauges, bound by Spring Boot to the registry.
         *
         * @param portal the portal
         * @return the binder
         */
        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(JpaPortal.class)
        public OutboxMeters portalOutboxMeters(JpaPortal portal) {
            return OutboxMeters.of(portal.outbox());
        }
    }

    /** The outbox health indicator, with Spring Boot's health support on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnBean(JpaPortal.class)
    public static class Healths {
        /** For Spring. */
        public Healths() {}

        /**
         * The outbox's health: DOWN when a notification is parked or the oldest due one waits too long.
         *
         * @param portal the portal
         * @param properties the portal's properties
         * @return the indicator, named {@code portalOutbox}
         */
        @Bean
        @ConditionalOnMissingBean(name = "portalOutboxHealthIndicator")
        public HealthIndicator portalOutboxHealthIndicator(JpaPortal portal, PortalProperties properties) {
            return () -> {
                OutboxHealth h = portal.outbox().health(properties.getHealth().getOutboxMaxDueAge());
                Health.Builder b = h.isUp() ? Health.up() : Health.down();
                b.withDetail("pending", h.pending())
                        .withDetail("parked", h.parked())
                        .withDetail("oldestDueAge", h.oldestDueAge().toString())
                        .withDetail("maxOldestDueAge", h.maxOldestDueAge().toString());
                String reason = h.reason();
                if (reason != null) {
                    b.withDetail("reason", reason);
                }
                return b.build();
            };
        }
    }
}
