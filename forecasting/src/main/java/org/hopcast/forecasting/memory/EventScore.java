package org.hopcast.forecasting.memory;

import java.util.Arrays;

/**
 * How far a window's future departs from its recent past (spec memory.md §5.2): the largest, over forecast steps and
 * series, of |y(t, d) - mean_T(x(., d))| / (std_T(x(., d)) + 1e-6). It builds the events bank and splits a test set
 * into its sudden windows (the top 10%, by a threshold fixed on validation) and the rest; it is never a model input.
 */
public final class EventScore {
    private static final double EPS = 1e-6;

    private EventScore() {
    }

    /** The score of one window: {@code x} (T x D) and {@code y} (tau x D), row-major. */
    public static double of(float[] x, float[] y, int inLen, int outLen, int series) {
        double worst = 0;
        for (int d = 0; d < series; d++) {
            double mean = 0;
            for (int t = 0; t < inLen; t++) {
                mean += x[t * series + d];
            }
            mean /= inLen;
            double var = 0;
            for (int t = 0; t < inLen; t++) {
                double e = x[t * series + d] - mean;
                var += e * e;
            }
            double std = Math.sqrt(var / inLen);
            for (int h = 0; h < outLen; h++) {
                worst = Math.max(worst, Math.abs(y[h * series + d] - mean) / (std + EPS));
            }
        }
        return worst;
    }

    /** The q-quantile of {@code values} (the lower of the two middle values: an observed score). */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.floor(q * (sorted.length - 1))))];
    }
}
