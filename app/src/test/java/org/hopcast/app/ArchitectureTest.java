package org.hopcast.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: app -> forecasting -> {hopfield, datasets}. Maven's module graph already stops
 * most wrong imports at compile time; these rules also catch what it cannot (JavaFX in the core, a core
 * module reaching into the app through a transitive path).
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.hopcast");
    }

    @Test
    void datasetsKnowsNothingOfModels() {
        noClasses().that().resideInAPackage("org.hopcast.datasets..").should().dependOnClassesThat()
                .resideInAnyPackage("org.hopcast.hopfield..", "org.hopcast.forecasting..", "org.hopcast.app..")
                .check(classes);
    }

    @Test
    void hopfieldKnowsNothingOfTimeSeries() {
        noClasses().that().resideInAPackage("org.hopcast.hopfield..").should().dependOnClassesThat()
                .resideInAnyPackage("org.hopcast.datasets..", "org.hopcast.forecasting..", "org.hopcast.app..")
                .check(classes);
    }

    @Test
    void forecastingNeverReachesTheAppOrJavaFx() {
        noClasses().that().resideInAPackage("org.hopcast.forecasting..").should().dependOnClassesThat()
                .resideInAnyPackage("org.hopcast.app..", "javafx..", "org.jfree.chart.fx..").check(classes);
    }

    @Test
    void noCoreModuleUsesJavaFx() {
        noClasses().that().resideInAnyPackage("org.hopcast.datasets..", "org.hopcast.hopfield..").should()
                .dependOnClassesThat().resideInAnyPackage("javafx..", "java.awt..", "javax.swing..").check(classes);
    }

    @Test
    void theDesktopAppHoldsNoMath() {
        // the GUI calls forecasting; tensors and engines belong there, never in a view
        noClasses().that().resideInAPackage("org.hopcast.app.gui..").should().dependOnClassesThat()
                .resideInAnyPackage("ai.djl..").check(classes);
    }
}
