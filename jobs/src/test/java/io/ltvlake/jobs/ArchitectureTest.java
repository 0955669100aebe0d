package io.ltvlake.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.ltvlake.common.job.Job;
import java.util.Optional;

/**
 * The layout of DESIGN §2 as rules: dependencies run gold → silver → bronze → common (delivery
 * and the CLI on top), no package takes part in a loop, and a mart reads other marts only
 * through their Tables, never through their jobs or transforms; what several marts compute alike
 * lives in silver or in gold/shared, which knows no mart. Production classes only: a test may
 * build fixtures from another mart.
 */
@AnalyzeClasses(packages = "io.ltvlake", importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

    /**
     * Leaves out the test classes of other modules: in a reactor build (mvn verify) common's tests
     * arrive as its test jar, which {@link ImportOption.DoNotIncludeTests} does not recognise.
     */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }


    private static final String GOLD = "io.ltvlake.jobs.gold.";
    /** The folder in gold that is not a mart: what several marts compute alike. */
    private static final String SHARED = "shared";

    @ArchTest
    static final ArchRule noPackageLoops = slices().matching("io.ltvlake.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule lowerLayersNeverImportHigherOnes = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("common").definedBy("io.ltvlake.common..")
            .layer("bronze").definedBy("io.ltvlake.jobs.bronze..")
            .layer("silver").definedBy("io.ltvlake.jobs.silver..")
            .layer("gold").definedBy("io.ltvlake.jobs.gold..")
            .layer("delivery").definedBy("io.ltvlake.jobs.delivery..")
            .layer("pipeline and CLI").definedBy("io.ltvlake.jobs", "io.ltvlake.jobs.cli..")
            .whereLayer("pipeline and CLI").mayNotBeAccessedByAnyLayer()
            .whereLayer("delivery").mayOnlyBeAccessedByLayers("pipeline and CLI")
            .whereLayer("gold").mayOnlyBeAccessedByLayers("delivery", "pipeline and CLI")
            .whereLayer("silver").mayOnlyBeAccessedByLayers("gold", "delivery", "pipeline and CLI")
            .whereLayer("bronze").mayOnlyBeAccessedByLayers("silver", "gold", "delivery", "pipeline and CLI")
            .whereLayer("common").mayNotAccessAnyLayer();

    @ArchTest
    static final ArchRule aMartNeverUsesAnotherMartsJobOrTransforms = classes().that().resideInAPackage("io.ltvlake.jobs.gold..")
            .should(new ArchCondition<JavaClass>("use no other mart's job or transforms (read its Tables instead)") {
                @Override
                public void check(JavaClass martClass, ConditionEvents events) {
                    Optional<String> mart = martOf(martClass);
                    for (Dependency dependency : martClass.getDirectDependenciesFromSelf()) {
                        JavaClass target = dependency.getTargetClass();
                        Optional<String> targetMart = martOf(target);
                        boolean jobOrTransforms = target.isAssignableTo(Job.class) || target.getSimpleName().endsWith("Transforms");
                        if (targetMart.isPresent() && !targetMart.equals(mart) && jobOrTransforms) {
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                        }
                    }
                }
            });

    @ArchTest
    static final ArchRule sharedGoldCodeKnowsNoMart = classes().that().resideInAPackage(GOLD + SHARED + "..")
            .should(new ArchCondition<JavaClass>("depend on no mart") {
                @Override
                public void check(JavaClass sharedClass, ConditionEvents events) {
                    for (Dependency dependency : sharedClass.getDirectDependenciesFromSelf()) {
                        if (martOf(dependency.getTargetClass()).isPresent()) {
                            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                        }
                    }
                }
            });

    /** The mart folder a class lives in ({@code deals} for io.ltvlake.jobs.gold.deals.DealsJob), if any; gold/shared is none. */
    static Optional<String> martOf(JavaClass javaClass) {
        String name = javaClass.getPackageName();
        if (!name.startsWith(GOLD)) {
            return Optional.empty();
        }
        String rest = name.substring(GOLD.length());
        int dot = rest.indexOf('.');
        String folder = dot < 0 ? rest : rest.substring(0, dot);
        return folder.equals(SHARED) ? Optional.empty() : Optional.of(folder);
    }
}
