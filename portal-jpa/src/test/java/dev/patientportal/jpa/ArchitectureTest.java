package dev.patientportal.jpa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * portal-jpa's own rules: its main code never uses the testkit, its API and SPI expose no internal type, and it depends
 * on Jakarta Persistence, not on a provider (Flyway only behind {@code PortalMigrations}). The package tiers every module
 * keeps (no other module's internals, no SPI leaning on an internal) are checked by {@code architecture.TiersTest}.
 */
@AnalyzeClasses(packages = "dev.patientportal.jpa", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noTestkit = noClasses()
            .that()
            .resideInAPackage("dev.patientportal.jpa..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.patientportal.testkit..");

    @ArchTest
    static final ArchRule noProviderTypes = noClasses()
            .that()
            .resideInAPackage("dev.patientportal.jpa..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.hibernate..", "org.springframework..");

    @ArchTest
    static final ArchRule flywayOnlyInTheMigrator = noClasses()
            .that()
            .resideInAPackage("dev.patientportal.jpa..")
            .and()
            .doNotHaveSimpleName("FlywayMigrator")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.flywaydb..");

    @ArchTest
    static final ArchRule postgresDriverOnlyInTheListener = noClasses()
            .that()
            .resideInAPackage("dev.patientportal.jpa..")
            .and()
            .doNotHaveSimpleName("PostgresWakeUpListener")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.postgresql..");

    @ArchTest
    static final ArchRule apiSignaturesExposeNoInternals = methods()
            .that()
            .arePublic()
            .and()
            .areDeclaredInClassesThat()
            .resideInAnyPackage("dev.patientportal.jpa", "dev.patientportal.jpa.spi")
            .should()
            .haveRawReturnType(com.tngtech.archunit.base.DescribedPredicate.describe(
                    "a non-internal type",
                    (com.tngtech.archunit.core.domain.JavaClass c) ->
                            !c.getPackageName().contains(".internal")));
}
