package dev.patientportal.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** portal-core depends on no other module of ours, and its API and SPI do not lean on its internals' types. */
@AnalyzeClasses(packages = "dev.patientportal.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule coreDependsOnNoOtherModule = noClasses().that().resideInAPackage("dev.patientportal.core..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.patientportal.auth..", "dev.patientportal.notify..",
                    "dev.patientportal.jpa..", "dev.patientportal.testkit..");

    @ArchTest
    static final ArchRule spiDoesNotUseInternals = noClasses().that().resideInAPackage("dev.patientportal.core.spi..")
            .should().dependOnClassesThat().resideInAPackage("dev.patientportal.core.internal..");

    @ArchTest
    static final ArchRule coreUsesNoPersistenceOrFrameworks = noClasses().that()
            .resideInAPackage("dev.patientportal.core..").should().dependOnClassesThat()
            .resideInAnyPackage("jakarta.persistence..", "org.hibernate..", "org.springframework..");
}
