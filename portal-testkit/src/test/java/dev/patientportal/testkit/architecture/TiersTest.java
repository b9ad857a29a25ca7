package dev.patientportal.testkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.patientportal.core.architecturefixture.LeansOnTheTestkit;
import dev.patientportal.testkit.architecture.fixture.ReachesIntoCore;
import dev.patientportal.testkit.architecture.fixture.UsesItsOwnInternal;
import dev.patientportal.testkit.architecture.fixture.internal.Hidden;
import dev.patientportal.testkit.architecture.fixture.spi.BadSpi;
import java.util.ArrayList;
import java.util.List;
import org.example.clinic.HostReachingIntoCore;
import org.junit.jupiter.api.Test;

/** The shared tier rules: the testkit keeps them, core passes them too, and each rule reports what it forbids. */
class TiersTest {
    @Test
    void mainClassesKeepTheTiers() {
        PortalArchitecture.tiers().check(PortalArchitecture.mainClassesOf("dev.patientportal.testkit"));
    }

    @Test
    void coreKeepsTheSharedRulesNotOnlyItsOwnCopy() {
        PortalArchitecture.tiers().check(PortalArchitecture.mainClassesOf("dev.patientportal.core"));
    }

    @Test
    void anSpiThatUsesAnInternalClassFailsTheCheck() {
        assertReports(PortalArchitecture.spiUsesNoInternals(), BadSpi.class, Hidden.class);
        assertReports(PortalArchitecture.tiers(), BadSpi.class, Hidden.class);
    }

    @Test
    void aClassThatUsesAnotherModulesInternalsFailsTheCheck() {
        assertReports(PortalArchitecture.internalsStayInside(), ReachesIntoCore.class);
        assertReports(PortalArchitecture.tiers(), ReachesIntoCore.class);
    }

    @Test
    void hostCodeThatUsesAModulesInternalsFailsTheCheck() {
        assertReports(PortalArchitecture.internalsStayInside(), HostReachingIntoCore.class);
    }

    @Test
    void aModuleMayUseItsOwnInternals() {
        EvaluationResult result = PortalArchitecture.tiers()
                .evaluate(new ClassFileImporter().importClasses(UsesItsOwnInternal.class, Hidden.class));

        assertThat(result.hasViolation())
                .as(result.getFailureReport().toString())
                .isFalse();
    }

    @Test
    void coreThatDependsOnAnotherModuleFailsTheCheck() {
        assertReports(PortalArchitecture.coreDependsOnNoOtherModule(), LeansOnTheTestkit.class);
    }

    private static void assertReports(ArchRule rule, Class<?> offender, Class<?>... alsoImported) {
        List<Class<?>> imported = new ArrayList<>(List.of(alsoImported));
        imported.add(offender);
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(imported));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains(offender.getName()));
    }
}
