package org.hopcast.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

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

    /** NDArray methods that take a Number: DJL backs the number with a buffer the garbage collector may free. */
    private static final java.util.List<String> NUMBER_OPS = java.util.List.of("add", "addi", "sub", "subi", "mul",
            "muli", "div", "divi", "pow", "powi", "maximum", "minimum", "mod", "modi");

    @Test
    void arithmeticWithNumbersGoesThroughScalars() {
        // autograd keeps the number's tensor for the backward pass; org.hopcast.hopfield.ops.Scalars explains why
        noClasses().that().resideInAPackage("org.hopcast..").should(new com.tngtech.archunit.lang.ArchCondition<>(
                "call an NDArray arithmetic method with a Number") {
            @Override
            public void check(com.tngtech.archunit.core.domain.JavaClass c,
                    com.tngtech.archunit.lang.ConditionEvents events) {
                for (var call : c.getMethodCallsFromSelf()) {
                    var target = call.getTarget();
                    boolean ndarray = target.getOwner().isAssignableTo("ai.djl.ndarray.NDArray");
                    var params = target.getRawParameterTypes();
                    if (ndarray && NUMBER_OPS.contains(target.getName()) && params.size() == 1
                            && params.get(0).isEquivalentTo(Number.class)) {
                        events.add(com.tngtech.archunit.lang.SimpleConditionEvent.satisfied(call,
                                call.getDescription()));
                    }
                }
            }
        }).check(classes);
    }

    @Test
    void matrixProductsNormsAndDropoutsGoThroughTheOpTrace() {
        // bench train's GEMM floor and breakdown see only what OpTrace runs (org.hopcast.hopfield.trace.OpTrace)
        noClasses().that().resideInAPackage("org.hopcast..")
                .and().doNotHaveFullyQualifiedName("org.hopcast.hopfield.trace.OpTrace")
                .and().doNotHaveFullyQualifiedName("org.hopcast.hopfield.trace.OpReplay")
                .and().doNotHaveFullyQualifiedName("org.hopcast.hopfield.ops.Rows")
                .and().doNotHaveFullyQualifiedName("org.hopcast.hopfield.ops.InvertedDropout") // OpTrace.dropout's body
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "a matrix product, linear map, layer norm or dropout of DJL",
                        call -> {
                            String owner = call.getTarget().getOwner().getFullName();
                            String name = call.getTarget().getName();
                            return (name.equals("matMul") && call.getTarget().getOwner().isAssignableTo(
                                    "ai.djl.ndarray.NDArray"))
                                    || (owner.equals("ai.djl.nn.core.Linear") && name.equals("linear"))
                                    || (owner.equals("ai.djl.nn.norm.LayerNorm") && name.equals("layerNorm"))
                                    || (owner.equals("ai.djl.nn.norm.Dropout") && name.equals("dropout"));
                        }))
                .check(classes);
    }

    @Test
    void libtorchIsSeededOnlyWhereDropoutsReplicaIsSeededToo() {
        // a seed that bypassed InvertedDropout.seed would leave the Java masks on the old stream (ADR 0016)
        noClasses().that().resideInAPackage("org.hopcast..")
                .and().doNotHaveFullyQualifiedName("org.hopcast.hopfield.ops.InvertedDropout")
                .should().callMethod(ai.djl.engine.Engine.class, "setRandomSeed", int.class)
                .check(classes);
    }

    @Test
    void onlyEntmaxLanesNamesTheIncubatingVectorApi() {
        // a JVM without --add-modules jdk.incubator.vector must still load every other class and fall back to
        // libtorch's alpha-entmax (ADR 0018)
        noClasses().that().resideInAPackage("org.hopcast..")
                .and().doNotHaveFullyQualifiedName("org.hopcast.hopfield.separation.EntmaxLanes")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .check(classes);
    }

    @Test
    void noPackageFormsACycle() {
        packagesAreFreeOfCycles().check(classes);
    }

    /** Every package of every module is its own slice: a cycle anywhere, also between sub-packages, fails. */
    static com.tngtech.archunit.lang.ArchRule packagesAreFreeOfCycles() {
        return slices().matching("org.hopcast.(**)").should().beFreeOfCycles();
    }

    /** The settings records of many fields: built by name (their builders), never by position elsewhere. */
    static final List<Class<?>> SETTINGS_RECORDS = List.of(org.hopcast.forecasting.model.StanHopConfig.class,
            org.hopcast.forecasting.run.TrainingConfig.class, org.hopcast.forecasting.run.DataSpec.class);

    static void settingsRecordsAreBuiltByName(JavaClasses in) {
        for (Class<?> r : SETTINGS_RECORDS) {
            noClasses().that().doNotBelongToAnyOf(r).should().callConstructorWhere(
                    com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                            com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                                    com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo(r))))
                    .because("a constructor of many settings called by position is how two of them get swapped; use "
                            + r.getSimpleName() + ".builder() or toBuilder()")
                    .allowEmptyShould(true).check(in);
        }
    }

    @Test
    void settingsRecordsAreBuiltByName() {
        settingsRecordsAreBuiltByName(classes);
    }

    @Test
    void thePositionalRuleFailsOnAPositionalCall() {
        JavaClasses positional = new ClassFileImporter().importPackages("org.hopcast.app.archfixture.positional");
        assertThrows(AssertionError.class, () -> settingsRecordsAreBuiltByName(positional));
    }

    @Test
    void theCycleRuleFailsOnACycle() {
        // two packages of the test sources that import each other, as root <-> run did before ADR 0010
        JavaClasses cyclic = new ClassFileImporter().importPackages("org.hopcast.app.archfixture");
        assertThrows(AssertionError.class, () -> packagesAreFreeOfCycles().check(cyclic));
    }

    /**
     * The layers of {@code forecasting}, lowest first (docs/decisions/0010-forecasting-layers.md draws them): a
     * layer uses only the layers below it.
     */
    static final List<List<String>> FORECASTING_LAYERS = List.of(List.of("model"), List.of("run"), List.of("train"),
            List.of("eval"), List.of("charts"), List.of("inspect", "quant", "outliers", "memory"), List.of("settings"),
            List.of("service"), List.of("study", "bench", "api"));

    @Test
    void forecastingIsLayered() {
        layers("org.hopcast.forecasting", FORECASTING_LAYERS).whereLayer("L" + (FORECASTING_LAYERS.size() - 1))
                .mayNotBeAccessedByAnyLayer().check(classes);
    }

    /**
     * The rule that each of {@code layers} (lowest first; packages under {@code root}, "" for the root package itself,
     * each with its sub-packages otherwise) is used only by the layers above it.
     */
    static com.tngtech.archunit.library.Architectures.LayeredArchitecture layers(String root,
            List<List<String>> layers) {
        var rule = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (int i = 0; i < layers.size(); i++) {
            String[] packages = layers.get(i).stream().map(p -> p.isEmpty() ? root : root + "." + p + "..")
                    .toArray(String[]::new);
            rule = rule.layer("L" + i).definedBy(packages);
        }
        for (int i = 0; i < layers.size() - 1; i++) {
            String[] above = java.util.stream.IntStream.range(i + 1, layers.size()).mapToObj(j -> "L" + j)
                    .toArray(String[]::new);
            rule = rule.whereLayer("L" + i).mayOnlyBeAccessedByLayers(above);
        }
        return rule;
    }

    /**
     * The packages of {@code hopfield}, lowest first: tensor helpers, kernels and the random generator ({@code ops});
     * separation functions and activation probes, side by side; the op trace, which knows both; the Hopfield layers
     * themselves in the module's root package.
     */
    static final List<List<String>> HOPFIELD_LAYERS = List.of(List.of("ops"), List.of("separation", "probe"),
            List.of("trace"), List.of(""));

    @Test
    void hopfieldIsLayered() {
        layers("org.hopcast.hopfield", HOPFIELD_LAYERS).check(classes);
        // the two packages of one layer do not reach each other either
        noClasses().that().resideInAPackage("org.hopcast.hopfield.separation..").should().dependOnClassesThat()
                .resideInAPackage("org.hopcast.hopfield.probe..").check(classes);
        noClasses().that().resideInAPackage("org.hopcast.hopfield.probe..").should().dependOnClassesThat()
                .resideInAPackage("org.hopcast.hopfield.separation..").check(classes);
    }

    /**
     * {@code forecasting.run} by concern, lowest first: its files (JSON with schemas, CSV, atomic writes, the run
     * error), the machine (build, threads, devices), then the run itself (directory, settings, history, checkpoints,
     * the trained model).
     */
    @Test
    void runIsLayered() {
        layers("org.hopcast.forecasting.run", List.of(List.of("files"), List.of("machine"), List.of("")))
                .check(classes.that(com.tngtech.archunit.core.domain.JavaClass.Predicates
                        .resideInAPackage("org.hopcast.forecasting.run..")));
    }

    @Test
    void forecastingHasNoClassesOutsideItsLayers() {
        // a class in the root package would sit beside every layer and could reach any of them
        noClasses().that().doNotHaveSimpleName("package-info").should().resideInAPackage("org.hopcast.forecasting")
                .check(classes);
    }

    /**
     * Value records of {@code hopfield} that forecasting's results carry (layer paths, per-layer statistics,
     * separation timings): values to print, no tensors. Everything else of {@code hopfield} and all of DJL stays behind
     * {@code forecasting}.
     */
    static final List<String> HOPFIELD_VALUES_THE_APP_MAY_READ = List.of("org.hopcast.hopfield.probe.LayerPath",
            "org.hopcast.hopfield.probe.LayerStatistics",
            "org.hopcast.hopfield.probe.ActivationRecorder$Summary", "org.hopcast.hopfield.separation.SeparationBenchmark$Row",
            "org.hopcast.hopfield.probe.HeadRecorder$Head");

    @Test
    void coreMessagesNameSettingsNotCommandLineOptions() throws java.io.IOException {
        // the core says what is wrong; the shell says which option or field fixes it (HopcastCli adds "--KEY")
        java.util.regex.Pattern flag = java.util.regex.Pattern.compile("\"[^\"\\n]*--[a-z][^\"\\n]*\"");
        List<String> found = new java.util.ArrayList<>();
        for (String module : List.of("datasets", "hopfield", "forecasting")) {
            java.nio.file.Path src = java.nio.file.Path.of("..", module, "src", "main", "java");
            try (var files = java.nio.file.Files.walk(src)) {
                for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = java.nio.file.Files.readString(f);
                    var m = flag.matcher(text);
                    while (m.find()) {
                        found.add(src.relativize(f) + ": " + m.group());
                    }
                }
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), found);
    }

    @Test
    void theAppReachesTensorsAndHopfieldLayersOnlyThroughForecasting() {
        noClasses().that().resideInAPackage("org.hopcast.app..").should().dependOnClassesThat(
                com.tngtech.archunit.base.DescribedPredicate.describe("are DJL's or hopfield's (but its result values)",
                        c -> c.getPackageName().startsWith("ai.djl")
                                || (c.getPackageName().startsWith("org.hopcast.hopfield")
                                        && !HOPFIELD_VALUES_THE_APP_MAY_READ.contains(c.getName()))))
                .check(classes);
    }
}
