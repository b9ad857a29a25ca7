package dev.patientportal.examples.tour;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module boundaries, checked over the main classes of every module at once (this example depends on all of them):
 * nothing outside a module touches its {@code .internal} packages, and an example is held to the same rule as a host.
 */
class ModuleBoundariesTest {
    static JavaClasses classes;

    @BeforeAll
    static void importEverything() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.patientportal");
    }

    @ParameterizedTest(name = "nothing outside portal-{0} touches dev.patientportal.{0}.internal")
    @ValueSource(strings = {"core", "auth", "notify", "jpa", "testkit"})
    void internalsStayInside(String module) {
        noClasses().that().resideOutsideOfPackage("dev.patientportal." + module + "..")
                .should().dependOnClassesThat().resideInAPackage("dev.patientportal." + module + ".internal..")
                .allowEmptyShould(true)
                .check(classes);
    }
}
