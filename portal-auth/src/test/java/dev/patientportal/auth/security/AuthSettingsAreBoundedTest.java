package dev.patientportal.auth.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patientportal.auth.AuthSettings;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * NIST SP 800-63B rev 4 and ASVS 6.5.4/6.5.5: settings can be tightened but never loosened past the bounds (codes of
 * 6 to 10 digits valid at most 10 minutes, at most 100 consecutive failures, AAL2 session timeouts), and every problem
 * is named at once.
 */
class AuthSettingsAreBoundedTest {
    @Test
    @DisplayName("the defaults are the documented ones")
    void defaults() {
        AuthSettings s = AuthSettings.defaults();
        assertThat(s.codeLength()).isEqualTo(6);
        assertThat(s.codeValidity()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxAttemptsPerChallenge()).isEqualTo(5);
        assertThat(s.lockoutThreshold()).isEqualTo(10);
        assertThat(s.lockoutBaseDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.lockoutMaxDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(s.resendCooldown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.sessionAbsoluteTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(s.sendsPerPhone()).isEqualTo(new AuthSettings.SendLimit(5, 10));
    }

    @Test
    @DisplayName("every out-of-bounds setting is named in one failure")
    void everyProblemNamed() {
        assertThatThrownBy(() -> AuthSettings.builder()
                        .codeLength(5)
                        .codeValidity(Duration.ofMinutes(11))
                        .maxAttemptsPerChallenge(0)
                        .lockoutThreshold(101)
                        .lockoutBackoff(Duration.ZERO, Duration.ofDays(2))
                        .sendsPerPhone(0, 0)
                        .sendsPerEmail(10, 5)
                        .sessionIdleTimeout(Duration.ofMinutes(61))
                        .sessionAbsoluteTimeout(Duration.ofHours(25))
                        .defaultPhoneRegion("hu")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("codeLength")
                .hasMessageContaining("codeValidity")
                .hasMessageContaining("maxAttemptsPerChallenge")
                .hasMessageContaining("lockoutThreshold")
                .hasMessageContaining("lockoutBaseDelay")
                .hasMessageContaining("lockoutMaxDelay")
                .hasMessageContaining("sendsPerPhone per hour")
                .hasMessageContaining("sendsPerEmail per day")
                .hasMessageContaining("sessionIdleTimeout")
                .hasMessageContaining("sessionAbsoluteTimeout")
                .hasMessageContaining("defaultPhoneRegion");
    }

    @Test
    @DisplayName("the bounds themselves are accepted")
    void boundsAccepted() {
        AuthSettings s = AuthSettings.builder()
                .codeLength(10)
                .codeValidity(Duration.ofMinutes(10))
                .challengeLifetime(Duration.ofHours(1))
                .lockoutThreshold(100)
                .sessionIdleTimeout(Duration.ofHours(1))
                .sessionAbsoluteTimeout(Duration.ofHours(24))
                .build();
        assertThat(s.codeLength()).isEqualTo(10);
        assertThat(s.toBuilder().build().toString()).isEqualTo(s.toString());
    }

    @Test
    @DisplayName("the absolute timeout cannot be shorter than the idle one, nor the challenge than its code")
    void relations() {
        assertThatThrownBy(() -> AuthSettings.builder()
                        .sessionIdleTimeout(Duration.ofMinutes(40))
                        .sessionAbsoluteTimeout(Duration.ofMinutes(30))
                        .build())
                .hasMessageContaining("sessionAbsoluteTimeout");
        assertThatThrownBy(() -> AuthSettings.builder()
                        .codeValidity(Duration.ofMinutes(10))
                        .challengeLifetime(Duration.ofMinutes(5))
                        .build())
                .hasMessageContaining("challengeLifetime");
    }
}
