package dev.patientportal.notify.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceRegistryAppNameTest {
    @Test
    @DisplayName("an app name is 1 to 128 letters, digits or . _ : -, for every registry and the settings alike")
    void appNames() {
        assertThat(DeviceRegistry.requireValidApp("clinic-app")).isEqualTo("clinic-app");
        assertThat(DeviceRegistry.requireValidApp("org.example:app_2")).isEqualTo("org.example:app_2");
        assertThat(DeviceRegistry.requireValidApp("a".repeat(128))).hasSize(128);
        for (String bad : new String[] {"", "a".repeat(129), "clinic app", "app/1", "ápp"}) {
            assertThatThrownBy(() -> DeviceRegistry.requireValidApp(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> DeviceRegistry.inMemory()
                        .tokens(
                                dev.patientportal.core.InstitutionId.of("c"),
                                dev.patientportal.core.PatientId.of("p"),
                                "no spaces"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
