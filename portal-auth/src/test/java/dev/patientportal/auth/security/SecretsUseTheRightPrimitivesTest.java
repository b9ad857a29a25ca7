package dev.patientportal.auth.security;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OWASP ASVS 11.2.4 (constant-time comparison; the bug "{@code String.equals} on codes") and 6.5.3 (codes from a
 * CSPRNG), checked on the bytecode of portal-auth's implementation, so that a later change cannot slip back to a
 * comparison that stops at the first differing byte or to a predictable generator.
 */
class SecretsUseTheRightPrimitivesTest {
    static JavaClasses auth;

    @BeforeAll
    static void importAuth() {
        auth = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.patientportal.auth");
    }

    @Test
    @DisplayName("code MACs and token hashes are compared with MessageDigest.isEqual, never Arrays.equals")
    void constantTimeComparison() {
        classes()
                .that()
                .haveSimpleName("OneTimeCodes")
                .or()
                .haveSimpleName("SessionKeeper")
                .should()
                .callMethod(MessageDigest.class, "isEqual", byte[].class, byte[].class)
                .check(auth);
        noClasses()
                .that()
                .resideInAPackage("dev.patientportal.auth.internal..")
                .should()
                .callMethod(Arrays.class, "equals", byte[].class, byte[].class)
                .because("Arrays.equals returns at the first differing byte; use MessageDigest.isEqual")
                .check(auth);
    }

    @Test
    @DisplayName("codes, ids and tokens come from SecureRandom; no predictable generator is used")
    void secureRandomOnly() {
        classes()
                .that()
                .haveSimpleName("Secrets")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(SecureRandom.class)
                .check(auth);
        noClasses()
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(Random.class, ThreadLocalRandom.class)
                .orShould()
                .callMethod(Math.class, "random")
                .check(auth);
    }
}
