package io.driftline.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.apache.flink.api.common.functions.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module rules of the repository, checked on the compiled main classes of every module (this
 * module's test classpath holds them all): drift-core and events stay free of Flink, no module's
 * packages form a cycle, Flink functions live in operators, and only the launcher (and these tests)
 * may use the launcher.
 */
class ArchitectureTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        // the fixtures other modules publish in test-jars are tests too
                        .withImportOption(location -> !location.contains("-tests.jar"))
                        .importPackages("io.driftline");
    }

    @Test
    void theCoreAndTheContractsHaveNoFlink() {
        ArchRule rule =
                noClasses()
                        .that()
                        .resideInAnyPackage("io.driftline.core..", "io.driftline.events..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(
                                "org.apache.flink..", "org.apache.kafka..", "com.mongodb..");
        rule.check(main);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "io.driftline.core.(*)..",
                "io.driftline.operators.(*)..",
                "io.driftline.connectors.(*)..",
                "io.driftline.jobs.(*)..",
                "io.driftline.trainer.(*)..",
                "io.driftline.stack.(*).."
            })
    void noModuleHasPackageCycles(String module) {
        slices().matching(module).should().beFreeOfCycles().check(main);
    }

    @Test
    void flinkFunctionsLiveInOperators() {
        classes()
                .that()
                .haveSimpleNameEndingWith("Function")
                .and()
                .areNotInterfaces()
                .should()
                .resideInAPackage("io.driftline.operators..")
                .check(main);
        classes()
                .that()
                .implement(Function.class)
                .and()
                .areNotAnonymousClasses()
                .and()
                .doNotImplement(org.apache.flink.api.java.functions.KeySelector.class)
                .should()
                .resideInAPackage("io.driftline.operators..")
                .because("a job wires functions; it does not define them (key selectors aside)")
                .check(main);
    }

    @Test
    void onlyTheLauncherUsesTheLauncher() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.driftline.stack..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.driftline.stack..")
                .check(main);
    }
}
