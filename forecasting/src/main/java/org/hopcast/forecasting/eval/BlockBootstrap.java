package org.hopcast.forecasting.eval;

import java.util.Arrays;
import java.util.Random;

/**
 * A moving-block bootstrap of a paired change in mean loss: test windows one row apart overlap over the horizon, so
 * their losses are not independent; resampling blocks of {@code block} consecutive windows (the horizon, spec
 * memory.md §5.3) keeps that dependence inside each block. The interval is the percentile one, from a fixed seed, so
 * the same losses give the same interval.
 */
public final class BlockBootstrap {
    /** Resamples drawn by default. */
    public static final int RESAMPLES = 1000;
    /** The seed of the resampling: a result is reproducible to the digit. */
    public static final long SEED = 20240101L;

    private BlockBootstrap() {
    }

    /**
     * The 95% interval of {@code 100 * (mean(with) / mean(without) - 1)}, the percent change of the mean loss, over
     * windows paired by index (in time order), resampled in blocks of {@code block}; {NaN, NaN} under two blocks of
     * windows (every resample would be the whole set, or nearly: an interval that says nothing).
     */
    public static double[] percentChange95(double[] with, double[] without, int block, int resamples) {
        int n = with.length;
        if (n != without.length) {
            throw new IllegalArgumentException(n + " losses paired with " + without.length);
        }
        int len = Math.max(1, block);
        if (n < 2 * len) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int blocks = (n + len - 1) / len;
        Random random = new Random(SEED);
        double[] stats = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            double a = 0;
            double b = 0;
            int taken = 0;
            for (int k = 0; k < blocks; k++) {
                int start = random.nextInt(n - len + 1);
                for (int i = start; i < start + len && taken < n; i++, taken++) {
                    a += with[i];
                    b += without[i];
                }
            }
            stats[r] = 100 * (a / b - 1);
        }
        Arrays.sort(stats);
        return new double[] {stats[(int) Math.floor(0.025 * (resamples - 1))],
            stats[(int) Math.ceil(0.975 * (resamples - 1))]};
    }
}
