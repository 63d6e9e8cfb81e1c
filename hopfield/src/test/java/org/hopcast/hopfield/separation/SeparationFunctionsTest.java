package org.hopcast.hopfield.separation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;

import org.hopcast.hopfield.ManagedTest;
import org.hopcast.hopfield.Numeric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Known values and identities of the separation functions. */
class SeparationFunctionsTest extends ManagedTest {
    private final Random rnd = new Random(7);

    @Test
    void sparsemaxKnownValue() {
        NDArray p = new Sparsemax().apply(m.create(new double[] {1, 0.5, 0}));
        Numeric.assertClose(new double[] {0.75, 0.25, 0}, p.toDoubleArray(), 1e-12, "sparsemax");
    }

    @Test
    void sparsemaxOfFloat32KeepsItsType() {
        NDArray p = new Sparsemax().apply(m.create(new float[] {1, 0.5f, 0}));
        assertEquals(DataType.FLOAT32, p.getDataType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "sparsemax", "entmax15"})
    void rowsSumToOneForAnyRank(String name) {
        SeparationFunction f = Separation.parse(name).function();
        NDArray z = Numeric.gaussian(m, rnd, 2, 2, 3, 4, 9);
        NDArray p = f.apply(z);
        assertEquals(z.getShape(), p.getShape());
        Numeric.assertClose(ones(24), p.sum(new int[] {-1}).toDoubleArray(), 1e-12, name + " row sums");
        assertTrue(p.gte(0).all().getBoolean(), name + " is non-negative");
    }

    @Test
    void alphaEntmaxRowsSumToOneWithAnAlphaPerRow() {
        NDArray z = Numeric.gaussian(m, rnd, 2, 4, 6, 9);
        NDArray alpha = m.create(new double[] {1.1, 1.3, 1.5, 1.7, 1.9, 1.99}).reshape(1, 6, 1);
        NDArray p = AlphaEntmax.apply(z, alpha);
        Numeric.assertClose(ones(24), p.sum(new int[] {-1}).toDoubleArray(), 1e-12, "alpha-entmax row sums");
    }

    @Test
    void aNanRowOfAlphaEntmaxStaysNanWhileTheOtherRowsAreExact() {
        // a diverged model feeds NaN scores: the search must neither throw nor cut the other rows short
        for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            NDArray z = Numeric.gaussian(m, rnd, 3, 64, 14);
            NDArray reference = AlphaEntmax.bisect(z, 1.6, 80);
            NDArray poisoned = z.toType(type, true);
            poisoned.set(new ai.djl.ndarray.index.NDIndex("5, :"), Double.NaN);
            double[] p = AlphaEntmax.apply(poisoned, m.create(1.6).toType(type, false)).toType(DataType.FLOAT64, false)
                    .toDoubleArray();
            double[] r = reference.toDoubleArray();
            for (int i = 0; i < p.length; i++) {
                if (i / 14 == 5) {
                    assertTrue(Double.isNaN(p[i]), "row 5 is NaN");
                } else {
                    assertEquals(r[i], p[i], 1e-5, type + " entry " + i);
                }
            }
            NDArray allNan = poisoned.mul(m.create(Double.NaN).toType(type, false));
            assertTrue(AlphaEntmax.apply(allNan, m.create(1.6).toType(type, false)).isNaN().all().getBoolean());
        }
    }

    @Test
    void softmax1RowsSumToLessThanOneAndMatchTheExtendedSoftmax() {
        NDArray z = Numeric.gaussian(m, rnd, 2, 5, 7);
        NDArray p = new Softmax1().apply(z);
        double[] sums = p.sum(new int[] {-1}).toDoubleArray();
        for (double s : sums) {
            assertTrue(s < 1 && s > 0, "row sum " + s);
        }
        // softmax over [0, z] with the first entry dropped
        NDArray extended = m.zeros(new ai.djl.ndarray.types.Shape(5, 1), DataType.FLOAT64).concat(z, -1);
        NDArray reference = extended.softmax(-1).get(":, 1:");
        Numeric.assertClose(reference.toDoubleArray(), p.toDoubleArray(), 1e-14, "softmax_1");
    }

    @Test
    void softmax1HasNoOverflowAtPlusMinusThousand() {
        NDArray z = m.create(new double[] {1000, 1000, -1000, -1000, -1000, -1000}).reshape(3, 2);
        z.setRequiresGradient(true);
        NDArray p;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            p = new Softmax1().apply(z);
            gc.backward(p.mul(m.create(new double[] {1, 2, 3, 4, 5, 6}).reshape(3, 2)).sum());
        }
        Numeric.assertClose(new double[] {0.5, 0.5, 0, 0, 0, 0}, p.toDoubleArray(), 1e-12, "softmax_1 extremes");
        for (double g : z.getGradient().toDoubleArray()) {
            assertTrue(Double.isFinite(g), "gradient " + g);
        }
        float[] f32 = new Softmax1().apply(m.create(new float[] {1000, -1000, 1000})).toFloatArray();
        for (float v : f32) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void alphaEntmaxApproachesSoftmaxAsAlphaGoesToOne() {
        NDArray z = Numeric.gaussian(m, rnd, 1, 4, 8);
        double previous = Double.POSITIVE_INFINITY;
        for (double alpha : new double[] {1.1, 1.01, 1.001}) {
            NDArray p = AlphaEntmax.apply(z, m.create(alpha));
            double err = p.sub(z.softmax(-1)).abs().max().getDouble();
            assertTrue(err < previous, "error shrinks: " + err + " at alpha " + alpha);
            previous = err;
        }
        assertTrue(previous < 2e-3, "alpha 1.001 is within 2e-3 of softmax: " + previous);
    }

    @Test
    void alphaEntmaxEqualsSparsemaxAtTwoAndEntmax15AtOnePointFive() {
        NDArray z = Numeric.gaussian(m, rnd, 1.5, 6, 11);
        Numeric.assertClose(new Sparsemax().apply(z).toDoubleArray(),
                AlphaEntmax.apply(z, m.create(2.0)).toDoubleArray(), 1e-5, "alpha 2 vs sparsemax");
        Numeric.assertClose(new Sparsemax().apply(z).toDoubleArray(), new AlphaEntmax(2.0).apply(z).toDoubleArray(),
                1e-15, "fixed alpha 2");
        Numeric.assertClose(new Entmax15().apply(z).toDoubleArray(),
                AlphaEntmax.apply(z, m.create(1.5)).toDoubleArray(), 1e-12, "alpha 1.5 vs entmax15");
    }

    @Test
    void entmax15MatchesItsDefinition() {
        // entmax15(z) = [z/2 - tau]_+^2 with sum 1: check against bisection in float64
        NDArray z = Numeric.gaussian(m, rnd, 2, 5, 13);
        Numeric.assertClose(AlphaEntmax.bisect(z, 1.5, 80).toDoubleArray(), new Entmax15().apply(z).toDoubleArray(),
                1e-12, "entmax15");
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.01, 1.05, 1.12, 1.27, 1.5, 1.73, 1.95, 1.99})
    void newtonMatchesFiftyStepBisection(double alpha) {
        // many rows, so the first-order finish of the search meets entries at the edge of the support;
        // 14 and 7 wide as the time and series associations
        for (long width : new long[] {14, 7}) {
            NDArray z = Numeric.gaussian(m, rnd, 3, 1024, width);
            NDArray reference = AlphaEntmax.bisect(z, alpha, 80);
            Numeric.assertClose(reference.toDoubleArray(), AlphaEntmax.apply(z, m.create(alpha)).toDoubleArray(),
                    1e-10, "float64 at alpha " + alpha);
            NDArray p32 = AlphaEntmax.apply(z.toType(DataType.FLOAT32, false), m.create((float) alpha));
            Numeric.assertClose(reference.toDoubleArray(), p32.toType(DataType.FLOAT64, false).toDoubleArray(), 1e-5,
                    "float32 at alpha " + alpha);
        }
    }

    @Test
    void clippedSoftmaxReachesExactZerosAndStaysInTheUnitInterval() {
        NDArray z = m.create(new double[] {5, 0, -5, 1, 1, 1}).reshape(2, 3);
        NDArray p = Separation.parse("clipped-softmax").function().apply(z);
        double[] v = p.toDoubleArray();
        for (double x : v) {
            assertTrue(x >= 0 && x <= 1);
        }
        assertEquals(0.0, v[2]); // (1.2 * 4.5e-5) - 0.1 < 0 -> clipped
        assertEquals(1.2 / 3 - 0.1, v[3], 1e-12);
        NDArray p1 = Separation.parse("clipped-softmax_1").function().apply(z);
        assertTrue(p1.get(1).sum().getDouble() < p.get(1).sum().getDouble());
    }

    @Test
    void namesRoundTripAndUnknownNamesAreExplained() {
        for (String name : Separation.names()) {
            Separation s = Separation.parse(name);
            assertEquals(name, s.name());
            assertTrue(!s.description().isBlank());
            if (!s.learnsAlpha()) {
                assertTrue(s.function().name().endsWith(s.base().label().replace("clipped-", "")));
            }
        }
        assertTrue(Separation.names().containsAll(List.of("softmax", "softmax_1", "sparsemax", "entmax15",
                "alpha-entmax", "clipped-softmax", "clipped-softmax_1", "gated-softmax", "gated-softmax_1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Separation.parse("relu"));
        assertTrue(e.getMessage().contains("softmax_1"));
        // the rule of every labelled choice: case, blanks and '-' against '_' do not matter; the name is canonical
        assertEquals("softmax_1", Separation.parse(" SOFTMAX-1").name());
        assertEquals("gated-softmax_1", Separation.parse("Gated_Softmax-1").name());
        assertEquals("alpha-entmax", Separation.parse("alpha_entmax").name());
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, 1);
        return o;
    }
}
