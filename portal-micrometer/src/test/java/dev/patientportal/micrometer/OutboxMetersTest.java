package dev.patientportal.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.CodeKeyring;
import dev.patientportal.auth.ServerKey;
import dev.patientportal.core.AccessMethod;
import dev.patientportal.core.InstitutionId;
import dev.patientportal.core.PatientId;
import dev.patientportal.core.Staff;
import dev.patientportal.core.StaffId;
import dev.patientportal.core.StaffPermission;
import dev.patientportal.jpa.JpaPortal;
import dev.patientportal.notify.InstitutionSettings;
import dev.patientportal.testkit.InMemoryPatientDirectory;
import dev.patientportal.testkit.InMemoryScheduling;
import dev.patientportal.testkit.MutableClock;
import dev.patientportal.testkit.TestPatients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The outbox gauges keep a reading for their staleness, read again after it, and turn NaN when the outbox cannot be
 * read.
 */
class OutboxMetersTest {
    private static final InstitutionId CLINIC = InstitutionId.of("clinic-om");

    @Test
    void aReadingServesForItsStaleness_andAnUnreadableOutboxIsNaN() throws Exception {
        try (Db.Schema schema = Db.H2.open()) {
            InMemoryPatientDirectory patients = new InMemoryPatientDirectory();
            patients.put(TestPatients.next(CLINIC, PatientId.of("p-1")));
            patients.put(TestPatients.next(CLINIC, PatientId.of("p-2")));
            MutableClock clock = MutableClock.at(Instant.parse("2026-10-20T08:00:00Z"));
            Channels channels = new Channels();
            JpaPortal portal = JpaPortal.builder()
                    .dataSource(schema.dataSource)
                    .patientDirectory(patients)
                    .scheduling(new InMemoryScheduling())
                    .institution(
                            CLINIC,
                            InstitutionSettings.builder("Klinika", URI.create("https://portal.example.org"))
                                    .zone(ZoneId.of("Europe/Budapest"))
                                    .build())
                    .email(channels)
                    .sms(channels)
                    .keys(CodeKeyring.of(ServerKey.random("k1")))
                    .singleNode()
                    .clock(clock)
                    .deferStart()
                    .build();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            AtomicLong nanos = new AtomicLong();
            new OutboxMeters(portal.outbox(), Duration.ofSeconds(10), nanos::get).bindTo(registry);
            Staff staff = Staff.of(CLINIC, StaffId.of("desk"), StaffPermission.GRANT_ACCESS);
            try {
                assertThatThrownBy(() -> OutboxMeters.of(portal.outbox(), Duration.ofSeconds(-1)))
                        .isInstanceOf(IllegalArgumentException.class);
                portal.portal().administration(staff).grant(PatientId.of("p-1"), AccessMethod.TAJ_AND_PHONE, false);
                clock.advance(Duration.ofSeconds(42));
                assertThat(registry.get(OutboxMeters.PENDING).gauge().value()).isEqualTo(1);
                assertThat(registry.get(OutboxMeters.OLDEST_DUE_AGE).timeGauge().value(TimeUnit.SECONDS))
                        .isEqualTo(42);
                assertThat(registry.get(OutboxMeters.PENDING).gauge().getId().getBaseUnit())
                        .isEqualTo("messages");

                portal.portal().administration(staff).grant(PatientId.of("p-2"), AccessMethod.TAJ_AND_PHONE, false);
                nanos.addAndGet(Duration.ofSeconds(10).toNanos() - 1);
                assertThat(registry.get(OutboxMeters.PENDING).gauge().value())
                        .as("within the staleness: the cached reading")
                        .isEqualTo(1);
                nanos.incrementAndGet();
                assertThat(registry.get(OutboxMeters.PENDING).gauge().value())
                        .as("after it: read again")
                        .isEqualTo(2);
            } finally {
                portal.close();
            }
            nanos.addAndGet(Duration.ofSeconds(10).toNanos());
            assertThat(registry.get(OutboxMeters.PENDING).gauge().value()).isNaN();
            assertThat(registry.get(OutboxMeters.PARKED).gauge().value()).isNaN();
            assertThat(registry.get(OutboxMeters.OLDEST_DUE_AGE).timeGauge().value(TimeUnit.SECONDS))
                    .isNaN();
        }
    }
}
