package dev.patientportal.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patientportal.spring.web.internal.UploadLimits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class UploadLimitsTest {
    private static final long POLICY = 20L * 1024 * 1024;

    @Test
    @DisplayName("Boot's default 1MB file limit is below a 20 MiB policy: the host is told which properties to raise")
    void bootDefaultsAreTooSmall() {
        assertThat(UploadLimits.check(new MockEnvironment(), POLICY))
                .hasValueSatisfying(w -> assertThat(w)
                        .contains("spring.servlet.multipart.max-file-size")
                        .contains("1048576 bytes")
                        .contains(POLICY + " bytes"));
    }

    @Test
    @DisplayName("limits at or above the policy, or unlimited (-1), need no warning; a smaller request limit does")
    void fittingLimits() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("spring.servlet.multipart.max-file-size", "20MB")
                .withProperty("spring.servlet.multipart.max-request-size", "-1");
        assertThat(UploadLimits.check(env, POLICY)).isEmpty();
        env.setProperty("spring.servlet.multipart.max-request-size", "5MB");
        assertThat(UploadLimits.check(env, POLICY))
                .hasValueSatisfying(w -> assertThat(w).contains("5242880 bytes"));
    }

    @Test
    @DisplayName("multipart turned off: uploads cannot work, and the host is told")
    void multipartOff() {
        MockEnvironment env = new MockEnvironment().withProperty("spring.servlet.multipart.enabled", "false");
        assertThat(UploadLimits.check(env, POLICY))
                .hasValueSatisfying(w -> assertThat(w).contains("enabled=false"));
    }
}
