package dev.patientportal.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * portal-core uses no persistence API and no framework. The package tiers every module keeps are checked by
 * {@code architecture.TiersTest}.
 */
@AnalyzeClasses(packages = "dev.patientportal.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule coreUsesNoPersistenceOrFrameworks = noClasses()
            .that()
            .resideInAPackage("dev.patientportal.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("jakarta.persistence..", "org.hibernate..", "org.springframework..");
}
