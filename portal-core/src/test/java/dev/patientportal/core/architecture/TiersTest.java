package dev.patientportal.core.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.patientportal.core.architecture.fixture.internal.Hidden;
import dev.patientportal.core.architecture.fixture.spi.BadSpi;
import org.junit.jupiter.api.Test;

/**
 * portal-core keeps the SDK's package tiers. The rules copy portal-testkit's {@code PortalArchitecture}: core cannot
 * use the testkit, not even in test scope, since the testkit depends on core and the reactor would have a cycle. The
 * third shared rule (nothing outside a module touches its internals) follows for core from the second. The testkit's
 * own {@code TiersTest} runs the shared rules over core's classes as well, so the copy cannot drift unnoticed.
 */
class TiersTest {
    static final ArchRule SPI_USES_NO_INTERNALS = noClasses()
            .that()
            .resideInAPackage("..spi..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..internal..")
            .allowEmptyShould(true);

    static final ArchRule CORE_DEPENDS_ON_NO_OTHER_MODULE = noClasses()
            .that()
            .resideInAPackage("dev.patientportal.core..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage("dev.patientportal..").and(resideOutsideOfPackage("dev.patientportal.core..")))
            .allowEmptyShould(true);

    static final ArchRule TIERS = CompositeArchRule.of(SPI_USES_NO_INTERNALS).and(CORE_DEPENDS_ON_NO_OTHER_MODULE);

    @Test
    void mainClassesKeepTheTiers() {
        TIERS.check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.patientportal.core"));
    }

    @Test
    void anSpiThatUsesAnInternalClassFailsTheCheck() {
        EvaluationResult result = TIERS.evaluate(new ClassFileImporter().importClasses(BadSpi.class, Hidden.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line ->
                        assertThat(line).contains(BadSpi.class.getName()).contains(Hidden.class.getName()));
    }
}
