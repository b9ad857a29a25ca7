package dev.patientportal.jpa.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryOutcomeTest {
    @ParameterizedTest
    @ValueSource(strings = {"bounce:anna@example.hu", "sms to +36201234567", "reason with spaces", "ő"})
    @DisplayName("a reason that could carry an address or free text is refused before it reaches the outbox table")
    void reasonsAreCodesOnly(String reason) {
        assertThatThrownBy(() -> DeliveryOutcome.failedPermanently(reason))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"smtp:550", "notify:SMS=INVALID_NUMBER", "push:unregistered", "EMAIL/SMS"})
    @DisplayName("short PHI-free codes are kept as they are")
    void codesPass(String reason) {
        assertThat(DeliveryOutcome.failedPermanently(reason).reason()).isEqualTo(reason);
    }
}
