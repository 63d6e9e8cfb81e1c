package org.hopcast.forecasting.eval;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The Diebold-Mariano test of equal accuracy of two forecasters, with the Harvey-Leybourne-Newbold (1997) small-sample
 * correction, as R's {@code forecast::dm.test} computes it (two-sided, its default variance):
 * <ul>
 *   <li>the loss differential d[t] = L1[t] - L2[t] over n paired forecasts, L = |error|^power;</li>
 *   <li>its long-run variance from the autocovariances at lags 0 .. h-1 (divisor n, as R's {@code acf}), because
 *       h-step forecasts made one step apart overlap and their errors are correlated up to lag h-1:
 *       {@code V = (g0 + 2 (g1 + ... + g[h-1])) / n};</li>
 *   <li>{@code DM = mean(d) / sqrt(V)}, multiplied by {@code sqrt((n + 1 - 2h + h (h - 1) / n) / n)} and compared with
 *       Student's t with n - 1 degrees of freedom.</li>
 * </ul>
 * When V is not positive at h &gt; 1 (the truncated sum can be negative), the test falls back to h = 1, as R does,
 * and says so ({@link #horizonReduced}). A negative difference means the first forecaster's losses are lower.
 *
 * @param loss which loss: {@code squared} (power 2) or {@code absolute} (power 1)
 * @param h the horizon the variance allows for (after any fallback)
 * @param n paired losses
 * @param difference mean loss difference, first minus second
 * @param statistic the corrected statistic (null when the differences do not vary and are not all zero)
 * @param pValue two-sided p-value (null with the statistic)
 * @param horizonReduced whether the variance at the asked h was not positive and h = 1 was used
 */
public record DieboldMariano(String loss, int h, int n, double difference, Double statistic, Double pValue,
        boolean horizonReduced) {

    /** The level at which a difference is called significant in tables. */
    public static final double LEVEL = 0.05;

    /** The loss name of a power (2: squared, 1: absolute). */
    public static String lossOf(int power) {
        return switch (power) {
            case 1 -> "absolute";
            case 2 -> "squared";
            default -> throw new IllegalArgumentException("power " + power + " (1: absolute, 2: squared)");
        };
    }

    /** The test on two forecasters' errors, paired, with losses |e|^power: {@code dm.test(e1, e2, h = h, power = power)}. */
    public static DieboldMariano ofErrors(double[] e1, double[] e2, int h, int power) {
        if (e1.length != e2.length) {
            throw new IllegalArgumentException("errors of different lengths: " + e1.length + " and " + e2.length);
        }
        double[] l1 = new double[e1.length];
        double[] l2 = new double[e2.length];
        for (int t = 0; t < e1.length; t++) {
            l1[t] = Math.pow(Math.abs(e1[t]), power);
            l2[t] = Math.pow(Math.abs(e2[t]), power);
        }
        return ofLosses(l1, l2, h, lossOf(power));
    }

    /** The test on two forecasters' losses, paired (per forecast origin in a backtest). */
    public static DieboldMariano ofLosses(double[] l1, double[] l2, int h, String loss) {
        if (l1.length != l2.length) {
            throw new IllegalArgumentException("losses of different lengths: " + l1.length + " and " + l2.length);
        }
        int n = l1.length;
        if (h < 1) {
            throw new IllegalArgumentException("horizon " + h + " (at least 1)");
        }
        if (n < 2 || n + 1 - 2 * h + (double) h * (h - 1) / n <= 0) {
            throw new IllegalArgumentException(n + " paired forecasts are too few for a Diebold-Mariano test at horizon "
                    + h + " (it needs n > 2h - 1)");
        }
        double[] d = new double[n];
        double mean = 0;
        for (int t = 0; t < n; t++) {
            d[t] = l1[t] - l2[t];
            mean += d[t];
        }
        mean /= n;
        double variance = longRunVariance(d, mean, h);
        int used = h;
        if (!(variance > 0) && h > 1) {
            used = 1;
            variance = longRunVariance(d, mean, 1);
        }
        if (!(variance > 0)) {
            // every difference equal: none (the same forecasts) is no evidence, a constant one is certain
            return mean == 0 ? new DieboldMariano(loss, used, n, 0, 0.0, 1.0, used != h)
                    : new DieboldMariano(loss, used, n, mean, null, null, used != h);
        }
        double correction = Math.sqrt((n + 1 - 2 * used + (double) used * (used - 1) / n) / n);
        double statistic = mean / Math.sqrt(variance) * correction;
        double p = 2 * new TDistribution(null, n - 1).cumulativeProbability(-Math.abs(statistic));
        return new DieboldMariano(loss, used, n, mean, statistic, p, used != h);
    }

    /** (g0 + 2 (g1 + ... + g[h-1])) / n with g the autocovariances of d, divisor n. */
    private static double longRunVariance(double[] d, double mean, int h) {
        int n = d.length;
        double sum = 0;
        for (int k = 0; k < Math.min(h, n); k++) {
            double g = 0;
            for (int t = k; t < n; t++) {
                g += (d[t] - mean) * (d[t - k] - mean);
            }
            g /= n;
            sum += k == 0 ? g : 2 * g;
        }
        return sum / n;
    }

    /** Whether the difference is significant at {@link #LEVEL}. */
    public boolean significant() {
        return pValue != null ? pValue < LEVEL : statistic == null && difference != 0;
    }
}
