package dev.patientportal.testkit.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The package tiers every module of the SDK keeps, as ArchUnit rules. {@code dev.patientportal.<module>} is the API,
 * {@code ...spi} what hosts implement, {@code ...internal} everything else, with no compatibility promise. Each
 * module's build checks its own main classes:
 *
 * <pre>{@code
 * PortalArchitecture.tiers().check(PortalArchitecture.mainClassesOf("dev.patientportal.auth"));
 * }</pre>
 *
 * <p>A host can hold its own code to the same promise: {@code internalsStayInside()} fails when a class outside a
 * module of ours touches that module's {@code internal} packages. portal-core keeps a copy of
 * {@link #spiUsesNoInternals()} and {@link #coreDependsOnNoOtherModule()} in its own tests, since it cannot depend on
 * this module (which depends on it).
 */
public final class PortalArchitecture {
    private static final String ROOT = "dev.patientportal";
    private static final Pattern MODULE = Pattern.compile(Pattern.quote(ROOT) + "\\.([^.]+)(\\..*)?");
    private static final Pattern INTERNAL = Pattern.compile(Pattern.quote(ROOT) + "\\.([^.]+)\\.internal(\\..*)?");

    private PortalArchitecture() {}

    /**
     * All three tier rules at once: {@link #spiUsesNoInternals()}, {@link #internalsStayInside()} and
     * {@link #coreDependsOnNoOtherModule()}. Each of them passes on classes it does not apply to, so every module
     * checks the same set.
     *
     * @return the composite rule
     */
    public static ArchRule tiers() {
        return CompositeArchRule.of(spiUsesNoInternals())
                .and(internalsStayInside())
                .and(coreDependsOnNoOtherModule());
    }

    /**
     * No class in an {@code ..spi..} package depends on a class in an {@code ..internal..} package: what a host
     * implements never leans on what may change without notice. An SPI's built-in default lives beside the interface
     * (package-private, behind a static factory) or in the API tier.
     *
     * @return the rule
     */
    public static ArchRule spiUsesNoInternals() {
        return noClasses()
                .that()
                .resideInAPackage("..spi..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..internal..")
                .allowEmptyShould(true)
                .as("no class in an ..spi.. package should depend on a class in an ..internal.. package");
    }

    /**
     * Only a module's own classes touch its {@code internal} packages: a class may depend on
     * {@code dev.patientportal.<module>.internal..} only if it resides in {@code dev.patientportal.<module>..}. Holds
     * for host code too, which resides in no module of ours.
     *
     * @return the rule
     */
    public static ArchRule internalsStayInside() {
        return classes()
                .should(new ArchCondition<JavaClass>("touch only their own module's internal packages") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        @Nullable String own = moduleOf(item.getPackageName());
                        for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                            String target = dependency
                                    .getTargetClass()
                                    .getBaseComponentType()
                                    .getPackageName();
                            Matcher internal = INTERNAL.matcher(target);
                            if (internal.matches() && !internal.group(1).equals(own)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .allowEmptyShould(true)
                .as("classes should depend on dev.patientportal.<module>.internal only from inside that module");
    }

    /**
     * portal-core depends on no other module of ours: nothing in {@code dev.patientportal.core..} uses a class of
     * {@code dev.patientportal..} outside it, so the dependencies point toward core.
     *
     * @return the rule
     */
    public static ArchRule coreDependsOnNoOtherModule() {
        return noClasses()
                .that()
                .resideInAPackage(ROOT + ".core..")
                .should()
                .dependOnClassesThat(resideInAPackage(ROOT + "..").and(resideOutsideOfPackage(ROOT + ".core..")))
                .allowEmptyShould(true)
                .as("no class in dev.patientportal.core.. should depend on another module of dev.patientportal");
    }

    /**
     * Imports the main classes (not the tests) under a package, from the class path of the calling test.
     *
     * @param rootPackage for example {@code "dev.patientportal.auth"}
     * @return the classes, with their dependencies resolved as far as the class path allows
     */
    public static JavaClasses mainClassesOf(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    private static @Nullable String moduleOf(String packageName) {
        Matcher module = MODULE.matcher(packageName);
        return module.matches() ? module.group(1) : null;
    }
}
