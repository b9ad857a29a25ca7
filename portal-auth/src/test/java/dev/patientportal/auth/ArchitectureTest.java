package dev.patientportal.auth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** portal-auth's tiers: what hosts implement ({@code spi}) never reaches into the implementation. */
@AnalyzeClasses(packages = "dev.patientportal.auth", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule spiUsesNoInternals = noClasses()
            .that()
            .resideInAPackage("dev.patientportal.auth.spi..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.patientportal.auth.internal..");
}
