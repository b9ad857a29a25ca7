package dev.patientportal.tck;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The kit tests implementations through what a host sees: its contracts, and its own runs of them against the
 * in-memory defaults, use only the API and SPI packages of the other modules, never an {@code internal} one.
 */
class TckTiersTest {
    @Test
    @DisplayName(
            "no class of portal-tck, main or test, depends on an internal package (but the tier test and its bad fixture)")
    void noInternals() {
        JavaClasses tck = new ClassFileImporter().importPackages("dev.patientportal.tck");
        noClasses()
                .that()
                .resideInAPackage("dev.patientportal.tck..")
                .and()
                .resideOutsideOfPackage("dev.patientportal.tck.architecture..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.patientportal..internal..")
                .check(tck);
    }
}
