package org.hopcast.hopfield.separation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import java.util.function.Function;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;

import org.hopcast.hopfield.ManagedTest;
import org.hopcast.hopfield.Numeric;
import org.hopcast.hopfield.ops.Scalars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * alpha-entmax from the SIMD lanes ({@link EntmaxLanes}) against the float64 reference and against libtorch's
 * version ({@link AlphaEntmax#solve} with the surrogate built from libtorch's ops): values, supports, gradients
 * in the scores and in alpha, rows that do not fill a block of lanes, the split over threads, and bad rows.
 */
class EntmaxLanesTest extends ManagedTest {
    private final Random rnd = new Random(11);

    @AfterEach
    void backToTheDefault() {
        EntmaxKernel.use(EntmaxKernel.Source.LANES);
    }

    @Test
    void theLanesRunWhereTheBuildPromisesThem() {
        // surefire and the launcher resolve jdk.incubator.vector; on x86-64 the lanes must then be in use, or a
        // lost JVM option would silently bring back the slower search
        String arch = System.getProperty("os.arch");
        if (("amd64".equals(arch) || "x86_64".equals(arch)) && EntmaxKernel.vmUsesFma()) {
            assertTrue(EntmaxKernel.lanesAgree(), "alpha-entmax's lanes are not used on " + arch);
            assertTrue(EntmaxKernel.applies(m.zeros(new ai.djl.ndarray.types.Shape(3, 7)), m.create(1.5f)));
        }
        assertTrue(!EntmaxKernel.applies(m.zeros(new ai.djl.ndarray.types.Shape(3, 7), DataType.FLOAT64),
                m.create(1.5)), "float64 stays with libtorch's search");
        assertTrue(!EntmaxKernel.applies(m.zeros(new ai.djl.ndarray.types.Shape(3, 7)), m.create(new float[] {1.5f,
            1.6f, 1.7f}).reshape(3, 1)), "an alpha per row stays with libtorch's search");
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.01, 1.2, 1.5, 1.5744, 1.9, 2 - 1.0 / (1 << 20)})
    void valuesAndSupportsMatchTheFloat64Reference(double alpha) {
        // widths below, at and above a block of lanes, rows that leave a partial last block
        for (long[] shape : new long[][] {{3, 5, 14}, {1, 1, 7}, {4, 1}, {9, 2}, {2, 3, 33}, {1024, 14}}) {
            NDArray z = Numeric.gaussian(m, rnd, 3, shape);
            double[] reference = AlphaEntmax.bisect(z, alpha, 80).toDoubleArray();
            double[] lanes = AlphaEntmax.apply(z.toType(DataType.FLOAT32, false), m.create((float) alpha))
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            Numeric.assertClose(reference, lanes, 1e-5, "alpha " + alpha + ", shape " + java.util.Arrays.toString(shape));
            for (int i = 0; i < lanes.length; i++) {
                // the lanes keep entmax's exact zeros: off the support is 0, well inside it is not
                assertTrue(!(reference[i] == 0 && lanes[i] > 1e-6) && !(reference[i] > 1e-6 && lanes[i] == 0),
                        "support differs at " + i + ": " + reference[i] + " vs " + lanes[i]);
            }
        }
    }

    @Test
    void aRowsValueDependsOnTheRowAloneNotOnItsBlockOrThread() {
        // 9001 rows: split over 1, 2 and 3 threads into unequal parts; rows taken alone in blocks of their own
        NDArray z = Numeric.gaussian(m, rnd, 2, 9001, 14).toType(DataType.FLOAT32, false);
        float[] one = EntmaxKernel.forward(z, 1.4f, true, true, 1).p().toFloatArray();
        for (int threads : new int[] {2, 3}) {
            EntmaxKernel.Forward f = EntmaxKernel.forward(z, 1.4f, true, true, threads);
            org.junit.jupiter.api.Assertions.assertArrayEquals(one, f.p().toFloatArray(), threads + " threads");
        }
        for (int start : new int[] {0, 4093, 8999}) {
            NDArray part = z.get(start + ":" + Math.min(9001, start + 2));
            float[] alone = EntmaxKernel.forward(part, 1.4f, false, false, 1).p().toFloatArray();
            for (int i = 0; i < alone.length; i++) {
                assertEquals(alone[i], one[start * 14 + i], 0f, "row " + (start + i / 14));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.05, 1.5744, 1.95})
    void gradientsInScoresAndAlphaMatchLibtorchsVersion(double alpha) {
        NDArray z = Numeric.gaussian(m, rnd, 2, 6, 4, 14).toType(DataType.FLOAT32, false);
        NDArray c = Numeric.gaussian(m, rnd, 1, 6, 4, 14).toType(DataType.FLOAT32, false);
        float logit = (float) Math.log((alpha - 1) / (2 - alpha));
        double[][] lanes = gradients(EntmaxKernel.Source.LANES, z, c, logit);
        double[][] torch = gradients(EntmaxKernel.Source.LIBTORCH, z, c, logit);
        Numeric.assertClose(torch[0], lanes[0], 2e-5, "values at alpha " + alpha);
        Numeric.assertClose(torch[1], lanes[1], 2e-5, "gradient in the scores at alpha " + alpha);
        assertEquals(torch[2][0], lanes[2][0], 2e-5 * Math.max(1, Math.abs(torch[2][0])), "gradient in alpha");
    }

    /** Output, d(sum c p)/dz and d(sum c p)/d logit with alpha = 1 + sigmoid(logit). */
    private double[][] gradients(EntmaxKernel.Source source, NDArray z0, NDArray c, float logit) {
        EntmaxKernel.use(source);
        NDArray z = z0.duplicate();
        NDArray a = m.create(new float[] {logit});
        z.setRequiresGradient(true);
        a.setRequiresGradient(true);
        try (GradientCollector g = Engine.getInstance().newGradientCollector()) {
            NDArray p = AlphaEntmax.apply(z, Scalars.add(a.getNDArrayInternal().sigmoid(), 1));
            g.backward(p.mul(c).sum());
            return new double[][] {p.toType(DataType.FLOAT64, false).toDoubleArray(),
                z.getGradient().toType(DataType.FLOAT64, false).toDoubleArray(),
                a.getGradient().toType(DataType.FLOAT64, false).toDoubleArray()};
        }
    }

    @Test
    void nonFiniteRowsGiveNanAndLeaveTheOthersExact() {
        NDArray z = Numeric.gaussian(m, rnd, 3, 20, 14);
        double[] reference = AlphaEntmax.bisect(z, 1.6, 80).toDoubleArray();
        float[] values = z.toType(DataType.FLOAT32, false).toFloatArray();
        values[3 * 14 + 5] = Float.NaN; // a diverged model: row 3
        for (int j = 0; j < 14; j++) {
            values[9 * 14 + j] = Float.NEGATIVE_INFINITY; // a row masked out entirely: row 9
        }
        values[12 * 14 + 2] = Float.NEGATIVE_INFINITY; // one masked entry: row 12 is finite
        Function<EntmaxKernel.Source, float[]> run = source -> {
            EntmaxKernel.use(source);
            return AlphaEntmax.apply(m.create(values, z.getShape()), m.create(1.6f)).toFloatArray();
        };
        float[] lanes = run.apply(EntmaxKernel.Source.LANES);
        float[] torch = run.apply(EntmaxKernel.Source.LIBTORCH);
        for (int row = 0; row < 20; row++) {
            for (int j = 0; j < 14; j++) {
                int i = row * 14 + j;
                if (row == 3 || row == 9) {
                    assertTrue(Float.isNaN(lanes[i]) && Float.isNaN(torch[i]), "row " + row + " is NaN");
                } else if (row == 12) {
                    assertEquals(torch[i], lanes[i], 1e-5, "row 12 with a -inf entry");
                    if (j == 2) {
                        assertTrue(lanes[i] == 0 && torch[i] == 0, "the -inf entry is 0");
                    }
                } else {
                    assertEquals(reference[i], lanes[i], 1e-5, "row " + row);
                }
            }
        }
    }

    @Test
    void aJvmWithoutTheVectorModuleFallsBackToLibtorchsSearch() throws Exception {
        // what a user gets who starts the classes from an IDE without the launcher's JVM options
        assertLibtorchsSearchRunsWith();
    }

    @Test
    void theLanesGiveTheSameBitsInterpretedAsCompiled() throws Exception {
        // the JIT compiler replaces the Vector API's Java code by SIMD instructions at a moment of its choosing;
        // a training's numbers must not depend on that moment. Here: compiled (after many blocks) against a JVM
        // that never compiles (-Xint, the Vector API's fallback code throughout)
        NDArray many = Numeric.gaussian(m, rnd, 2, 20_000, 14).toType(DataType.FLOAT32, false);
        for (int i = 0; i < 5; i++) {
            EntmaxKernel.forward(many, 1.4f, true, true, 1);
        }
        float[] compiled = AlphaEntmax.apply(EntmaxInAnotherJvm.input(m), m.create(1.4f)).toFloatArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(compiled, inAnotherJvm(EntmaxKernel.Source.LANES,
                "--add-modules=jdk.incubator.vector", "-Xint").values());
    }

    @Test
    void anotherVectorWidthGivesTheSameBits() throws Exception {
        // one lane per row, and nothing crosses lanes: 16 lanes (an AVX-512 CPU) must give 8 lanes' bits; the
        // width this CPU lacks runs as the Vector API's Java code
        float[] here = AlphaEntmax.apply(EntmaxInAnotherJvm.input(m), m.create(1.4f)).toFloatArray();
        String other = EntmaxLanes.LANES == 16 ? "256" : "512";
        Child child = inAnotherJvm(EntmaxKernel.Source.LANES, "--add-modules=jdk.incubator.vector",
                "-D" + EntmaxKernel.WIDTH_PROPERTY + "=" + other);
        assertEquals(Integer.parseInt(other) / Float.SIZE, child.lanes());
        org.junit.jupiter.api.Assertions.assertArrayEquals(here, child.values());
    }

    @Test
    void withoutFusedMultiplyAddsInHardwareLibtorchsSearchRuns() throws Exception {
        // the lanes' Java fallback computes each fused multiply-add in extended arithmetic: 3,500x softmax
        assertLibtorchsSearchRunsWith("--add-modules=jdk.incubator.vector", "-XX:-UseFMA");
    }

    /** A JVM started with {@code options} uses libtorch's search, whose values are this JVM's lanes' to 1e-6. */
    private void assertLibtorchsSearchRunsWith(String... options) throws Exception {
        float[] lanes = AlphaEntmax.apply(EntmaxInAnotherJvm.input(m), m.create(1.4f)).toFloatArray();
        float[] other = inAnotherJvm(EntmaxKernel.Source.LIBTORCH, options).values();
        for (int i = 0; i < lanes.length; i++) {
            assertEquals(lanes[i], other[i], 1e-6, "entry " + i);
        }
    }

    @Test
    void anUnknownVectorWidthIsAnErrorThatNamesTheProperty() throws Exception {
        Process child = new ProcessBuilder(childCommand("--add-modules=jdk.incubator.vector",
                "-D" + EntmaxKernel.WIDTH_PROPERTY + "=300")).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(child.waitFor() != 0, out);
        assertTrue(out.contains(EntmaxKernel.WIDTH_PROPERTY + " must be preferred or 256 or 512, not '300'"), out);
    }

    /** What {@link EntmaxInAnotherJvm} printed: the lanes it used (0 with libtorch's search) and its values. */
    private record Child(int lanes, float[] values) {
    }

    /** {@link EntmaxInAnotherJvm}'s values from a JVM started with {@code options}, which must use {@code expected}. */
    private static Child inAnotherJvm(EntmaxKernel.Source expected, String... options) throws Exception {
        Process child = new ProcessBuilder(childCommand(options)).start();
        java.util.List<String> lines;
        try (var reader = child.inputReader()) {
            lines = reader.lines().toList();
        }
        String err = new String(child.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), err);
        String[] first = lines.get(0).split(" ");
        assertEquals(expected.label(), first[0], "where alpha-entmax ran with " + java.util.List.of(options));
        float[] values = new float[lines.size() - 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(Integer.parseInt(lines.get(i + 1)));
        }
        return new Child(first.length > 1 ? Integer.parseInt(first[1]) : 0, values);
    }

    /** The command that starts {@link EntmaxInAnotherJvm} with this JVM's classes and {@code options}. */
    private static java.util.List<String> childCommand(String... options) {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.util.List.of(options));
        command.addAll(java.util.List.of("-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                EntmaxInAnotherJvm.class.getName()));
        return command;
    }

    @Test
    void withoutGradientsOnlyTheValueIsComputed() {
        NDArray z = Numeric.gaussian(m, rnd, 2, 40, 7).toType(DataType.FLOAT32, false);
        EntmaxKernel.Forward f = EntmaxKernel.forward(z, 1.3f, false, false);
        assertTrue(f.s() == null && f.sumS() == null && f.t() == null);
        EntmaxKernel.Forward g = EntmaxKernel.forward(z, 1.3f, true, false);
        assertTrue(g.t() == null);
        // s = p^(2 - alpha) and its row sums, from the search's own d^(p-1)
        Numeric.assertClose(g.p().pow(0.7f).toType(DataType.FLOAT64, false).toDoubleArray(),
                g.s().toType(DataType.FLOAT64, false).toDoubleArray(), 1e-5, "s");
        Numeric.assertClose(g.s().sum(new int[] {-1}, true).toType(DataType.FLOAT64, false).toDoubleArray(),
                g.sumS().toType(DataType.FLOAT64, false).toDoubleArray(), 1e-5, "row sums of s");
        // t = p (1 - (alpha - 1) ln p), 0 where p is 0, from the search's own ln d
        EntmaxKernel.Forward h = EntmaxKernel.forward(z, 1.3f, true, true);
        double[] p = h.p().toType(DataType.FLOAT64, false).toDoubleArray();
        double[] t = h.t().toType(DataType.FLOAT64, false).toDoubleArray();
        for (int i = 0; i < p.length; i++) {
            double expected = p[i] == 0 ? 0 : p[i] * (1 - 0.3 * Math.log(p[i]));
            assertEquals(expected, t[i], 2e-6, "t at " + i);
        }
    }
}
