package org.hopcast.forecasting.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.StandardScaler;
import org.junit.jupiter.api.Test;

/**
 * Every metric against R's forecast package (accuracy() for ME, RMSE, MAE and MASE; sMAPE and WAPE written out in R)
 * on a seasonal hourly series with a level shift, two forecasters (seasonal naive, drift).
 */
class MetricsReferenceTest {
    private static final RReference R = RReference.load();
    private static final StandardScaler IDENTITY = new StandardScaler(new double[] {0}, new double[] {1});

    /** The training and test values as one hourly table. */
    private static SeriesTable table() {
        double[] train = R.array("train");
        double[] test = R.array("test");
        double[] all = new double[train.length + test.length];
        System.arraycopy(train, 0, all, 0, train.length);
        System.arraycopy(test, 0, all, train.length, test.length);
        long[] times = new long[all.length];
        for (int t = 0; t < all.length; t++) {
            times[t] = 1_700_000_000_000L + t * 3_600_000L;
        }
        return SeriesTable.of("r", List.of("y"), times, all);
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 2e-6 * Math.abs(expected), what);
    }

    @Test
    void maseIsScaledByTheInSampleSeasonalNaiveError() {
        MaseScale scale = MaseScale.of(table(), 0, R.array("train").length);
        assertEquals((int) R.value("season"), scale.season());
        assertEquals(R.value("mase_scale"), scale.of(0), 1e-12);
    }

    @Test
    void everyMetricMatchesR() {
        MaseScale scale = MaseScale.of(table(), 0, R.array("train").length);
        for (String f : List.of("f1", "f2")) {
            // the errors are formed in float, as forecasts are; the values are near 60, so 2e-6 relative is float's
            Metrics m = Metrics.of(floats(R.array(f)), floats(R.array("test")), 1, List.of("y"), IDENTITY, scale);
            close(-R.value(f + "_me"), m.biasOriginal(), f + " bias = -ME");
            close(R.value(f + "_rmse"), m.rmseOriginal(), f + " RMSE");
            close(R.value(f + "_mae"), m.maeOriginal(), f + " MAE");
            close(R.value(f + "_mase"), m.mase(), f + " MASE");
            close(R.value(f + "_smape"), m.smape(), f + " sMAPE");
            close(R.value(f + "_wape"), m.wape(), f + " WAPE");
            // on the identity scale the z-scored metrics are the original ones
            close(m.rmseOriginal(), m.rmse(), f + " RMSE z-scored");
            assertEquals(m.overall().mase(), m.perSeries().get(0).mase());
        }
    }

    @Test
    void seriesArePooledAsDocumented() {
        // two series, two windows of one step: series b is constant on its training part (no MASE) and all zero
        // on the test (no WAPE of its own)
        StandardScaler scaler = new StandardScaler(new double[] {10, 0}, new double[] {2, 1});
        float[] truth = {1, 0, -1, 0};
        float[] pred = {2, 1, 0, -1};
        Metrics m = Metrics.of(pred, truth, 2, List.of("a", "b"), scaler, MaseScale.of(1, 4, 0));
        Metrics.SeriesMetrics a = m.perSeries().get(0);
        Metrics.SeriesMetrics b = m.perSeries().get(1);
        assertEquals(1, a.mse(), 1e-12);
        assertEquals(4, a.mseOriginal(), 1e-12); // std 2: errors of 2 in original units
        assertEquals(2, a.biasOriginal(), 1e-12); // forecasts high: positive bias
        assertEquals(0.5, a.mase(), 1e-12); // MAE 2 over a scale of 4
        assertNull(b.mase());
        assertNull(b.wape());
        assertEquals(0, b.bias(), 1e-12);
        assertEquals(200, b.smape(), 1e-12); // actual 0, forecast not: the largest term
        assertEquals(0.5, m.mase(), 1e-12); // over the series that have a scale
        // original units: a's actuals 12 and 8, forecasts 14 and 10; b's actuals 0
        assertEquals(100.0 * (2 + 2 + 1 + 1) / 20, m.wape(), 1e-9);
        double smapeA = (200.0 * 2 / 26 + 200.0 * 2 / 18) / 2;
        assertEquals((2 * smapeA + 2 * 200) / 4, m.smape(), 1e-9);
        assertEquals(Math.sqrt(m.mse()), m.rmse(), 1e-12);
    }
}
