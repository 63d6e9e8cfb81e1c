package org.hopcast.hopfield.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import org.hopcast.hopfield.ManagedTest;
import org.hopcast.hopfield.Numeric;
import org.junit.jupiter.api.Test;

/** The outlier statistics against independent computations (outeffhop.md 4.1). */
class ActivationRecorderTest extends ManagedTest {
    private final Random rnd = new Random(9);

    @Test
    void gaussianRowsHaveKurtosisNearThree() {
        ActivationRecorder rec = new ActivationRecorder();
        rec.record("a", Numeric.gaussian(m, rnd, 1, 50, 4000).toType(DataType.FLOAT32, false));
        LayerStatistics s = rec.statistics("a");
        assertEquals(50, s.rows());
        assertEquals(3.0, s.meanKurtosis(), 0.1);
    }

    @Test
    void statisticsMatchAnIndependentComputationAcrossCalls() {
        ActivationRecorder rec = new ActivationRecorder(10, 5);
        double[][] rows = new double[7][];
        int k = 0;
        for (int call = 0; call < 2; call++) {
            int n = call == 0 ? 3 : 4;
            NDArray a = Numeric.gaussian(m, rnd, 2, n, 2, 6); // rows = leading dim, 12 values each
            double[] flat = a.toDoubleArray();
            for (int r = 0; r < n; r++) {
                rows[k++] = Arrays.copyOfRange(flat, r * 12, (r + 1) * 12);
            }
            rec.record("layer", a);
        }
        double inf = 0;
        double kurt = 0;
        for (double[] row : rows) {
            double max = 0;
            double mean = 0;
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
                mean += v;
            }
            mean /= row.length;
            double ss = 0;
            double m4 = 0;
            for (double v : row) {
                ss += (v - mean) * (v - mean);
                m4 += Math.pow(v - mean, 4);
            }
            double var = ss / (row.length - 1); // unbiased, as torch.std
            m4 /= row.length;
            inf += max;
            kurt += m4 / (var * var + 1e-6);
        }
        LayerStatistics s = rec.statistics("layer");
        assertEquals(7, s.rows());
        assertEquals(inf / 7, s.meanInfNorm(), 1e-9);
        assertEquals(kurt / 7, s.meanKurtosis(), 1e-9);
        assertEquals(7 * 12, Arrays.stream(s.histogram()).sum());
        assertEquals(12, s.histogram().length);
    }

    @Test
    void histogramBinsAndOverflow() {
        ActivationRecorder rec = new ActivationRecorder(4, 2); // bins of width 1 over [-2, 2)
        rec.record("h", m.create(new double[] {-3, -2, -1.5, -0.5, 0, 0.5, 1.9, 2, 7}).reshape(1, 9));
        assertEquals(java.util.List.of(1L, 2L, 1L, 2L, 1L, 2L),
                Arrays.stream(rec.statistics("h").histogram()).boxed().toList());
    }

    @Test
    void plantedOutlierIsFoundAtItsPath() {
        ActivationRecorder rec = new ActivationRecorder();
        rec.record("decoder.layer0.mlp2", Numeric.gaussian(m, rnd, 1, 32, 256));
        double[] values = Numeric.gaussian(m, rnd, 1, 32, 256).toDoubleArray();
        for (int row = 0; row < 4; row++) {
            values[row * 256 + 17] = 60; // one huge activation in each of four rows
        }
        NDArray spiky = m.create(values, new ai.djl.ndarray.types.Shape(32, 256));
        rec.record("decoder.layer1.mlp2", spiky);
        rec.record("encoder.block0.mlp1", Numeric.gaussian(m, rnd, 1, 32, 256));
        ActivationRecorder.Summary all = rec.summarise(p -> true);
        assertEquals("decoder.layer1.mlp2", all.maxInfNormPath());
        assertEquals(3, all.paths());
        assertTrue(rec.statistics("decoder.layer1.mlp2").meanKurtosis() > 10 * rec.statistics("decoder.layer0.mlp2")
                .meanKurtosis() / 3, "the outlier rows raise the kurtosis");
        ActivationRecorder.Summary decoder = rec.summarise(p -> p.startsWith("decoder."));
        assertEquals(2, decoder.paths());
        double expectedAvg = (rec.statistics("decoder.layer0.mlp2").meanKurtosis()
                + rec.statistics("decoder.layer1.mlp2").meanKurtosis()) / 2;
        assertEquals(expectedAvg, decoder.averageKurtosis(), 1e-12);
    }

    @Test
    void copyingInBlocksOfRowsGivesTheSameStatistics() {
        NDArray a = Numeric.gaussian(m, rnd, 1, 9, 3, 5).toType(DataType.FLOAT32, false);
        ActivationRecorder whole = new ActivationRecorder(20, 4);
        ActivationRecorder blocks = new ActivationRecorder(20, 4, 31); // two rows (30 values) per copy
        whole.record("x", a);
        blocks.record("x", a);
        LayerStatistics w = whole.statistics("x");
        LayerStatistics b = blocks.statistics("x");
        assertEquals(w.meanInfNorm(), b.meanInfNorm(), 1e-12);
        assertEquals(w.meanKurtosis(), b.meanKurtosis(), 1e-12);
        assertEquals(Arrays.stream(w.histogram()).boxed().toList(), Arrays.stream(b.histogram()).boxed().toList());
    }

    @Test
    void notANumberIsCountedAsOverflowAndShowsInTheNorm() {
        ActivationRecorder rec = new ActivationRecorder(4, 2);
        rec.record("n", m.create(new float[] {Float.NaN, 0f, 1f}).reshape(1, 3));
        LayerStatistics s = rec.statistics("n");
        assertEquals(1L, s.histogram()[5], "NaN in the overflow bin");
        assertTrue(Double.isNaN(s.meanKurtosis()), "a NaN activation is not hidden");
    }
}
