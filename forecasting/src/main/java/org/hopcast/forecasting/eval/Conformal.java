package org.hopcast.forecasting.eval;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Distribution-free prediction intervals around any point forecaster, computed from its absolute errors (the
 * nonconformity score |truth - forecast|) on the z-scored scale, separately for each step ahead h and series c,
 * without touching the model:
 * <ul>
 *   <li><b>split conformal</b>: the half-width at coverage 1 - a is the ceil((n + 1)(1 - a))-th smallest of the n
 *       validation scores (the finite-sample correction that makes the coverage at least 1 - a for exchangeable
 *       errors);</li>
 *   <li><b>adaptive conformal inference</b> (Gibbs and Candes, NeurIPS 2021): the same quantile, over the most
 *       recent n scores, at a level a_t that moves after every truth that arrives: a_t+1 = a_t + gamma (a - err_t),
 *       err_t = 1 when the truth fell outside its interval. Errors that drift over a long test period (or in
 *       future use) widen or narrow the bands until the miss rate is a again.</li>
 * </ul>
 * Windows overlap and errors are autocorrelated, so split conformal's guarantee holds only approximately here; the
 * adaptive variant trades it for a long-run miss rate. Both are measured by {@link IntervalScores}.
 *
 * <p>Each method also comes <b>scaled</b> (normalized nonconformity scores, as in locally weighted conformal
 * prediction): the score is the error divided by the window's own volatility, the mean absolute step-to-step change
 * of its input rows ({@link #scales}), and a band is the conformal quantile of those ratios times the volatility of
 * the window being forecast. A series whose swings grow (an epidemic season, a rising load) gets wider bands as
 * they grow, without waiting for misses; the multipliers are free of units.
 */
public final class Conformal {

    /** The adaptive level's step size; Gibbs and Candes use 0.005. */
    public static final double DEFAULT_GAMMA = 0.005;

    private Conformal() {
    }

    /**
     * The conformal quantile of the first {@code n} entries of {@code sorted} (ascending) at {@code coverage}: the
     * ceil((n + 1) coverage)-th smallest; positive infinity when that rank exceeds n (too few scores for this
     * coverage). A coverage within a hair of 0 (adaptive conformal's level after a long run of small errors) asks
     * for the smallest score: the rank is at least 1, never 0 (issue #29's crash on a 15-minute file).
     */
    public static double quantile(float[] sorted, int n, double coverage) {
        if (Double.isNaN(coverage)) {
            throw new IllegalArgumentException("coverage is NaN");
        }
        if (coverage <= 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil((n + 1) * coverage - 1e-9));
        return rank > n ? Double.POSITIVE_INFINITY : sorted[(int) rank - 1];
    }

    /** The fewest scores for which {@link #quantile} is finite at {@code coverage}. */
    public static int minimumScores(double coverage) {
        return (int) Math.ceil(coverage / (1 - coverage) - 1e-9);
    }

    /** The smallest volatility a window is given (z-scored units: 1% of a training standard deviation). */
    static final float MIN_SCALE = 0.01f;

    /** Absolute errors of {@code f} for step {@code h} (0-based) and series {@code c}, in window order. */
    static float[] scores(Forecasts f, int h, int c) {
        return scores(f, h, c, null);
    }

    /** As above, each divided by its window's volatility when {@code scales} is not null. */
    static float[] scores(Forecasts f, int h, int c, float[] scales) {
        int n = (int) f.windows().size();
        int series = f.windows().columns();
        float[] s = new float[n];
        for (int w = 0; w < n; w++) {
            s[w] = Math.abs(f.predicted(w, h, c) - f.truth(w, h, c)) / (scales == null ? 1 : scales[w * series + c]);
        }
        return s;
    }

    /**
     * Every window's volatility per series (window x series, z-scored): the mean absolute change between consecutive
     * input rows, at least {@link #MIN_SCALE}.
     */
    public static float[] scales(org.hopcast.datasets.WindowDataset ds) {
        int series = ds.columns();
        int n = (int) ds.size();
        float[] out = new float[n * series];
        for (int w = 0; w < n; w++) {
            float[] x = ds.input(w);
            volatility(x, series, out, w * series);
        }
        return out;
    }

    /** The volatility of input rows {@code x} (rows x series, row-major) per series, into {@code out} at {@code at}. */
    public static void volatility(float[] x, int series, float[] out, int at) {
        int rows = x.length / series;
        for (int c = 0; c < series; c++) {
            double sum = 0;
            for (int r = 1; r < rows; r++) {
                sum += Math.abs(x[r * series + c] - x[(r - 1) * series + c]);
            }
            out[at + c] = (float) Math.max(MIN_SCALE, rows > 1 ? sum / (rows - 1) : 0);
        }
    }

    /**
     * Split conformal half-widths [coverage][step][series] (z-scored) from the forecasts of the calibration
     * split; infinite where the split has too few windows for the coverage.
     */
    public static double[][][] split(Forecasts calibration, double[] coverages) {
        return split(calibration, coverages, null);
    }

    /** As above on scores divided by the windows' {@code scales} (null: absolute errors): multipliers then. */
    public static double[][][] split(Forecasts calibration, double[] coverages, float[] scales) {
        int out = calibration.windows().window().outLen();
        int series = calibration.windows().columns();
        int n = (int) calibration.windows().size();
        double[][][] hw = new double[coverages.length][out][series];
        for (int h = 0; h < out; h++) {
            for (int c = 0; c < series; c++) {
                float[] s = scores(calibration, h, c, scales);
                Arrays.sort(s);
                for (int k = 0; k < coverages.length; k++) {
                    hw[k][h][c] = quantile(s, n, coverages[k]);
                }
            }
        }
        return hw;
    }

    /**
     * Adaptive conformal inference replayed over {@code test}, window by window, starting from the scores of
     * {@code calibration} (the split just before it).
     *
     * @param halfWidths per coverage, every test window's half-widths (window x step x series, row-major, z-scored),
     *        each computed only from truths known when that window's forecast was made
     * @param finalHalfWidths [coverage][step][series] after every test truth has arrived: the bands for forecasts
     *        beyond the test split
     * @param finalAlpha [coverage][step][series] the miss levels reached
     */
    public record Adaptive(float[][] halfWidths, double[][][] finalHalfWidths, double[][][] finalAlpha) {
    }

    /**
     * Replays ACI over {@code test}. A window's truth at step h arrives once its target row lies within the input of
     * the window being forecast (h + 1 windows later at stride 1): only then does it update the level and join the
     * score set, which keeps the most recent n scores (n = calibration windows). A level below 0 asks for more than
     * any score: the largest score in the set is used (an infinite band would say nothing).
     */
    public static Adaptive adaptive(Forecasts calibration, Forecasts test, double[] coverages, double gamma) {
        return adaptive(calibration, test, coverages, gamma, null, null);
    }

    /**
     * As above on scaled scores when {@code calScales} and {@code testScales} (each split's {@link #scales}) are
     * given: the per-window half-widths are then multiplier times the window's volatility, and the final ones are
     * multipliers.
     */
    public static Adaptive adaptive(Forecasts calibration, Forecasts test, double[] coverages, double gamma,
            float[] calScales, float[] testScales) {
        int out = test.windows().window().outLen();
        int in = test.windows().window().inLen();
        int series = test.windows().columns();
        int windows = (int) test.windows().size();
        int n = (int) calibration.windows().size();
        int kCount = coverages.length;
        float[][] widths = new float[kCount][windows * out * series];
        double[][][] finalHw = new double[kCount][out][series];
        double[][][] finalAlpha = new double[kCount][out][series];
        for (int h = 0; h < out; h++) {
            for (int c = 0; c < series; c++) {
                SlidingScores set = new SlidingScores(scores(calibration, h, c, calScales));
                double[] alpha = new double[kCount];
                for (int k = 0; k < kCount; k++) {
                    alpha[k] = 1 - coverages[k];
                }
                int arrived = 0;
                for (int w = 0; w <= windows; w++) {
                    // the truths known when window w is forecast (all of them after the last window)
                    int known = w == windows ? Integer.MAX_VALUE : test.windows().firstRow(w) + in;
                    while (arrived < windows && test.windows().targetRow(arrived, h) < known) {
                        float error = Math.abs(test.predicted(arrived, h, c) - test.truth(arrived, h, c));
                        int at = (arrived * out + h) * series + c;
                        for (int k = 0; k < kCount; k++) {
                            double err = error > widths[k][at] ? 1 : 0;
                            alpha[k] += gamma * ((1 - coverages[k]) - err);
                        }
                        set.add(testScales == null ? error : error / testScales[arrived * series + c]);
                        arrived++;
                    }
                    for (int k = 0; k < kCount; k++) {
                        double hw = set.halfWidth(1 - alpha[k]);
                        if (w < windows) {
                            widths[k][(w * out + h) * series + c] = (float) (testScales == null ? hw
                                    : hw * testScales[w * series + c]);
                        } else {
                            finalHw[k][h][c] = hw;
                            finalAlpha[k][h][c] = alpha[k];
                        }
                    }
                }
                assert set.size() == n;
            }
        }
        return new Adaptive(widths, finalHw, finalAlpha);
    }

    /** The most recent n scores, kept sorted for quantiles and in arrival order for eviction. */
    private static final class SlidingScores {
        private final float[] sorted;
        private final ArrayDeque<Float> order = new ArrayDeque<>();

        SlidingScores(float[] initial) {
            sorted = initial.clone();
            Arrays.sort(sorted);
            for (float s : initial) {
                order.addLast(s);
            }
        }

        int size() {
            return sorted.length;
        }

        /** Adds {@code s} and drops the oldest score, keeping the array sorted (one shift each way). */
        void add(float s) {
            if (sorted.length == 0) {
                return;
            }
            float oldest = order.removeFirst();
            order.addLast(s);
            int at = Arrays.binarySearch(sorted, oldest);
            int to = insertionPoint(s);
            if (to > at) {
                System.arraycopy(sorted, at + 1, sorted, at, to - 1 - at);
                sorted[to - 1] = s;
            } else {
                System.arraycopy(sorted, to, sorted, to + 1, at - to);
                sorted[to] = s;
            }
        }

        private int insertionPoint(float s) {
            int i = Arrays.binarySearch(sorted, s);
            return i >= 0 ? i : -i - 1;
        }

        /** The conformal quantile at {@code level}, the largest score when the level asks for more. */
        double halfWidth(double level) {
            if (sorted.length == 0) {
                return Double.POSITIVE_INFINITY;
            }
            if (level <= 0) {
                return 0;
            }
            double q = quantile(sorted, sorted.length, Math.min(level, 1));
            return Double.isInfinite(q) ? sorted[sorted.length - 1] : q;
        }
    }
}
