package dev.patientportal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How {@link AuthSettings.Builder} reports problems, copies settings and shows them. */
class AuthSettingsBuilderTest {
    @Test
    @DisplayName("two problems are reported together, each naming its setting, in the order of the settings")
    void twoProblemsTogether() {
        assertThatThrownBy(() -> AuthSettings.builder()
                        .defaultLocale(null)
                        .codeLength(11)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid AuthSettings: codeLength must be between 6 and 10 (was 11); defaultLocale is"
                        + " required");
    }

    @Test
    @DisplayName("a missing setting and a setting out of a bound that another sets are reported together")
    void missingAndRelatedTogether() {
        assertThatThrownBy(() -> AuthSettings.builder()
                        .codeValidity(null)
                        .lockoutBackoff(Duration.ofHours(2), Duration.ofMinutes(90))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Invalid AuthSettings: codeValidity is required; lockoutBaseDelay must be between PT1S and"
                        + " PT1H (was PT2H); lockoutMaxDelay must be between PT2H and PT24H (was PT1H30M)");
    }

    @Test
    @DisplayName("a send limit reports its hourly and daily problems together")
    void sendLimitProblemsTogether() {
        assertThatThrownBy(
                        () -> AuthSettings.builder().sendsPerInstitution(0, -1).build())
                .hasMessage("Invalid AuthSettings: sendsPerInstitution per hour must be between 1 and 10000000"
                        + " (was 0); sendsPerInstitution per day must be at least the hourly limit (was -1)");
    }

    @Test
    @DisplayName("toBuilder keeps every setting, a builder changes nothing it built, and equal settings are equal")
    void toBuilderCopies() {
        AuthSettings.Builder builder =
                AuthSettings.builder().codeLength(8).sendsPerPhone(3, 6).defaultLocale(Locale.ENGLISH);
        AuthSettings first = builder.build();
        builder.codeLength(9);
        AuthSettings changed = first.toBuilder().lockoutThreshold(5).build();

        assertThat(first.codeLength()).isEqualTo(8);
        assertThat(first.lockoutThreshold()).isEqualTo(10);
        assertThat(changed.codeLength()).isEqualTo(8);
        assertThat(changed.sendsPerPhone()).isEqualTo(new AuthSettings.SendLimit(3, 6));
        assertThat(changed.defaultLocale()).isEqualTo(Locale.ENGLISH);
        assertThat(changed.lockoutThreshold()).isEqualTo(5);
        assertThat(builder.build().codeLength()).isEqualTo(9);
        assertThat(first.toBuilder().build())
                .isEqualTo(first)
                .hasSameHashCodeAs(first)
                .isNotEqualTo(changed);
    }

    @Test
    @DisplayName("toString names every setting with its value, in the order of the table")
    void toStringListsEverySetting() {
        assertThat(AuthSettings.defaults())
                .hasToString("AuthSettings[codeLength=6, codeValidity=PT5M,"
                        + " challengeLifetime=PT15M, maxAttemptsPerChallenge=5, maxResendsPerChallenge=3, resendCooldown=PT1M,"
                        + " lockoutThreshold=10, lockoutBaseDelay=PT30S, lockoutMaxDelay=PT1H,"
                        + " sendsPerPhone=SendLimit[perHour=5, perDay=10], sendsPerEmail=SendLimit[perHour=5, perDay=10],"
                        + " sendsPerClientAddress=SendLimit[perHour=20, perDay=100],"
                        + " sendsPerInstitution=SendLimit[perHour=1000, perDay=10000], sessionIdleTimeout=PT30M,"
                        + " sessionAbsoluteTimeout=PT12H, defaultPhoneRegion=HU, defaultLocale=hu]");
    }
}
