package org.hopcast.forecasting.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

/** The quantizer on known tensors. */
class FakeQuantTest {
    @Test
    void weightsAreSymmetricPerTensor() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new double[] {-1, 0.5, 0.25, 0, 0.003});
            double s = 1.0 / 127;
            double[] q = FakeQuant.weight(w, QuantScheme.W8A8).toDoubleArray();
            assertEquals(-1, q[0], 1e-12); // the extreme is exact
            assertEquals(64 * s, q[1], 1e-12); // 63.5 rounds half to even? torch.round: half to even -> 64
            assertEquals(Math.rint(0.25 / s) * s, q[2], 1e-12);
            assertEquals(0, q[3], 0); // zero is exactly representable
            assertEquals(0, q[4], 0); // below half a step -> 0
            for (int i = 0; i < q.length; i++) {
                assertTrue(Math.abs(q[i] - w.toDoubleArray()[i]) <= s / 2 + 1e-12);
            }
            assertArrayEquals(new double[] {0, 0}, FakeQuant.weight(m.zeros(new Shape(2)), QuantScheme.W8A8)
                    .toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray());
        }
    }

    @Test
    void activationGridHasScaleZeroPointAndExactZero() {
        FakeQuant.ActivationGrid g = FakeQuant.ActivationGrid.of(-1, 3, 8);
        assertEquals(4.0 / 255, g.scale(), 1e-15);
        assertEquals(64, g.zeroPoint()); // round(1 / (4/255)) = round(63.75)
        assertEquals(0.0, g.apply(0.0), 0); // 0 maps to the zero point exactly
        for (double x = -1; x <= 3; x += 0.0137) {
            assertTrue(Math.abs(g.apply(x) - x) <= g.scale() / 2 + 1e-12, "round trip at " + x);
        }
        assertEquals(g.scale() * (255 - 64), g.apply(100), 1e-12); // clipped at the top
        assertEquals(-g.scale() * 64, g.apply(-100), 1e-12); // and the bottom
        FakeQuant.ActivationGrid positive = FakeQuant.ActivationGrid.of(2, 5, 8);
        assertEquals(0, positive.zeroPoint()); // the range is widened to contain 0
        assertEquals(5.0 / 255, positive.scale(), 1e-15);
        try (NDManager m = NDManager.newBaseManager()) {
            double[] arr = g.apply(m.create(new double[] {-1, 0, 1.5, 3, 7})).toDoubleArray();
            for (int i = 0; i < arr.length; i++) {
                assertEquals(g.apply(new double[] {-1, 0, 1.5, 3, 7}[i]), arr[i], 1e-12);
            }
        }
    }

    @Test
    void activationsGiveTheTextbookFloats() {
        // s (clamp(round(x / s) + z, 0, L) - z), written out in float32, against the grid's shorter form, for every
        // bit width, values inside and far outside the range (round(x / s) past 2^24, where adding z is inexact):
        // equal values (delta 0; the short form may give -0.0 where the long one gives 0.0, which compare equal)
        try (NDManager m = NDManager.newBaseManager()) {
            java.util.Random rnd = new java.util.Random(5);
            float[] xs = new float[4000];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) (i % 10 == 0 ? rnd.nextGaussian() * 1e9 : rnd.nextGaussian() * 3);
            }
            NDArray x = m.create(xs);
            for (int bits : new int[] {4, 6, 8, 16}) {
                FakeQuant.ActivationGrid g = FakeQuant.ActivationGrid.of(-1.3, 4.1, bits);
                float s = (float) g.scale();
                float z = (float) g.zeroPoint();
                float[] expected = new float[xs.length];
                for (int i = 0; i < xs.length; i++) {
                    float q = Math.min(g.levels(), Math.max(0, (float) Math.rint(xs[i] / s) + z));
                    expected[i] = (q - z) * s;
                }
                float[] actual = g.apply(x).toFloatArray();
                for (int i = 0; i < xs.length; i++) {
                    assertEquals(expected[i], actual[i], 0f, bits + " bits at " + xs[i]);
                }
            }
        }
    }

    @Test
    void calibrationUsesAnEmaAndFreezes() {
        try (NDManager m = NDManager.newBaseManager(); FakeQuantizer q = new FakeQuantizer(m, QuantScheme.W8A8)) {
            assertThrows(IllegalStateException.class, q::freeze);
            NDArray a = m.create(new double[] {-1, 1});
            NDArray b = m.create(new double[] {-3, 3});
            assertEquals(a, q.site("s", a)); // estimation passes values through
            q.site("s", b);
            Map<String, double[]> r = q.ranges();
            assertArrayEquals(new double[] {-1.2, 1.2}, r.get("s"), 1e-12); // 0.9 * first + 0.1 * second
            q.freeze();
            double[] out = q.site("s", m.create(new double[] {-100, 0.5, 100})).toDoubleArray();
            assertArrayEquals(new double[] {-1.2, 1.2}, q.ranges().get("s"), 1e-12); // frozen
            FakeQuant.ActivationGrid g = FakeQuant.ActivationGrid.of(-1.2, 1.2, 8);
            assertEquals(g.apply(-100), out[0], 1e-12);
            assertEquals(g.apply(0.5), out[1], 1e-12);
            assertEquals(g.apply(100), out[2], 1e-12);
            assertTrue(out[2] < 1.3);
        }
    }

    @Test
    void everyBitWidthKeepsZeroExactAndErrorsWithinHalfAStep() {
        java.util.Random rnd = new java.util.Random(3);
        double[] values = new double[400];
        for (int i = 0; i < values.length; i++) {
            values[i] = rnd.nextGaussian() * (i % 7 == 0 ? 3 : 0.5);
        }
        values[5] = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (int bits : QuantScheme.SWEEP_BITS) {
                QuantScheme scheme = new QuantScheme(bits, bits, false);
                double maxAbs = java.util.Arrays.stream(values).map(Math::abs).max().orElseThrow();
                double step = maxAbs / scheme.weightMax();
                double[] q = FakeQuant.weight(m.create(values), scheme).toDoubleArray();
                java.util.Set<Double> levels = new java.util.TreeSet<>();
                for (int i = 0; i < values.length; i++) {
                    assertTrue(Math.abs(q[i] - values[i]) <= step / 2 + 1e-9, bits + " bits at " + i);
                    levels.add(Math.rint(q[i] / step));
                }
                assertEquals(0, q[5], 0, "zero is exact at " + bits + " bits");
                assertTrue(levels.size() <= 1 << bits, bits + " bits use at most 2^bits levels: " + levels.size());
                assertTrue(levels.stream().allMatch(l -> l >= -scheme.weightMax() - 1 && l <= scheme.weightMax()));

                FakeQuant.ActivationGrid g = FakeQuant.ActivationGrid.of(-1.5, 4.5, bits);
                assertEquals(6.0 / ((1 << bits) - 1), g.scale(), 1e-15);
                assertEquals(0.0, g.apply(0.0), 0, "an activation of 0 is exact at " + bits + " bits");
                for (double x = -1.5; x <= 4.5; x += 0.01) {
                    assertTrue(Math.abs(g.apply(x) - x) <= g.scale() / 2 + 1e-12, bits + " bits at " + x);
                }
            }
        }
    }

    @Test
    void fewerBitsGiveLargerErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(new Shape(64, 32));
            double previous = 0;
            for (int bits : QuantScheme.SWEEP_BITS) { // 8, 6, 4
                double err = meanSquared(FakeQuant.weight(w, new QuantScheme(bits, 8, false)).sub(w));
                assertTrue(err > previous * 4, bits + " bits: " + err + " after " + previous);
                previous = err;
            }
        }
    }

    @Test
    void perChannelWeightsGiveEachRowItsOwnScale() {
        try (NDManager m = NDManager.newBaseManager()) {
            // row 0 is small, row 1 holds a large weight: per tensor row 0 collapses to 0 at 4 bits
            NDArray w = m.create(new float[] {0.01f, -0.02f, 0.03f, 0.0f, 2f, -1f}, new Shape(3, 2));
            QuantScheme perTensor = new QuantScheme(4, 8, false);
            QuantScheme perChannel = new QuantScheme(4, 8, true);
            float[] t = FakeQuant.weight(w, perTensor).toFloatArray();
            float[] c = FakeQuant.weight(w, perChannel).toFloatArray();
            assertEquals(0f, t[0], 0f);
            assertEquals(0f, t[1], 0f);
            assertEquals(0.01f, c[0], 0.02f / 7 / 2 + 1e-6); // row 0 scale max|row| / 7
            assertEquals(-0.02f, c[1], 1e-6f); // the row's extreme is exact
            assertEquals(0f, c[3], 0f); // zero stays exact
            assertEquals(2f, c[4], 1e-6f);
            assertArrayEquals(new float[] {0, 0}, FakeQuant.weight(m.zeros(new Shape(1, 2)), perChannel).toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> QuantScheme.parse("w1a8", false));
            assertThrows(IllegalArgumentException.class, () -> QuantScheme.parse("8bit", false));
            assertEquals("w4a8-per-channel", QuantScheme.parse("W4A8", true).name());
            assertEquals(9, QuantScheme.parseList("sweep", false).size());
            assertEquals(QuantScheme.W8A8, QuantScheme.parseList("sweep", false).get(0));
        }
    }

    @Test
    void aPlantedOutlierChannelHurtsFourBitActivationsFarMoreThanEight() {
        java.util.Random rnd = new java.util.Random(11);
        int rows = 256;
        int channels = 16;
        float[] clean = new float[rows * channels];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = (float) rnd.nextGaussian();
        }
        float[] spiked = clean.clone();
        for (int r = 0; r < rows; r++) {
            spiked[r * channels + 3] = 60f + (float) rnd.nextGaussian(); // one outlier channel, as in the paper
        }
        try (NDManager m = NDManager.newBaseManager()) {
            double[] err = new double[2];
            double[] errClean = new double[2];
            int k = 0;
            for (int bits : new int[] {8, 4}) {
                err[k] = siteError(m, spiked, rows, channels, bits);
                errClean[k] = siteError(m, clean, rows, channels, bits);
                k++;
            }
            // the outlier widens the grid: 4-bit steps become coarser than the normal channels' spread
            assertTrue(err[1] > 100 * err[0], "4-bit " + err[1] + " vs 8-bit " + err[0]);
            assertTrue(err[1] > 20 * errClean[1], "with the outlier " + err[1] + " vs without " + errClean[1]);
            assertTrue(err[0] < 0.01, "8 bits still resolve the normal channels: " + err[0]);
        }
    }

    /** Mean squared quantization error over the normal channels (not channel 3) after calibrating a site. */
    private static double siteError(NDManager m, float[] values, int rows, int channels, int bits) {
        try (FakeQuantizer q = new FakeQuantizer(m, new QuantScheme(8, bits, false))) {
            NDArray x = m.create(values, new Shape(rows, channels));
            q.site("s", x);
            q.freeze();
            float[] out = q.site("s", x).toFloatArray();
            double sum = 0;
            int n = 0;
            for (int i = 0; i < values.length; i++) {
                if (i % channels != 3) {
                    sum += (out[i] - values[i]) * (double) (out[i] - values[i]);
                    n++;
                }
            }
            return sum / n;
        }
    }

    private static double meanSquared(NDArray d) {
        return d.mul(d).mean().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }
}
