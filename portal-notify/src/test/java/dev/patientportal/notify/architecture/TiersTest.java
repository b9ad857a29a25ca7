package dev.patientportal.notify.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.patientportal.notify.architecture.fixture.internal.Hidden;
import dev.patientportal.notify.architecture.fixture.spi.BadSpi;
import dev.patientportal.testkit.architecture.PortalArchitecture;
import org.junit.jupiter.api.Test;

/** portal-notify's main classes keep the SDK's package tiers, and the check catches an SPI that names an internal. */
class TiersTest {
    @Test
    void mainClassesKeepTheTiers() {
        PortalArchitecture.tiers().check(PortalArchitecture.mainClassesOf("dev.patientportal.notify"));
    }

    @Test
    void anSpiThatUsesAnInternalClassFailsTheCheck() {
        EvaluationResult result =
                PortalArchitecture.tiers().evaluate(new ClassFileImporter().importClasses(BadSpi.class, Hidden.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line ->
                        assertThat(line).contains(BadSpi.class.getName()).contains(Hidden.class.getName()));
    }
}
