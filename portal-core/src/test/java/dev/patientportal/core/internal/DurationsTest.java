package dev.patientportal.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    @DisplayName("a period is said as configured: minutes stay minutes, whole days are days")
    void describe() {
        assertThat(Durations.describe(Duration.ofMinutes(30))).isEqualTo("30 minutes");
        assertThat(Durations.describe(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(Durations.describe(Duration.ofMinutes(90))).isEqualTo("1 hour 30 minutes");
        assertThat(Durations.describe(Duration.ofHours(24))).isEqualTo("1 day");
        assertThat(Durations.describe(Duration.ofHours(26))).isEqualTo("1 day 2 hours");
        assertThat(Durations.describe(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(Durations.describe(Duration.ofSeconds(3_601))).isEqualTo("1 hour 1 second");
        assertThat(Durations.describe(Duration.ofMillis(500))).isEqualTo("0 minutes");
        assertThat(Durations.describe(Duration.ZERO)).isEqualTo("0 minutes");
    }
}
