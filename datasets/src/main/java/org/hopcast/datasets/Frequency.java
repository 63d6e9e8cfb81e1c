package org.hopcast.datasets;

import java.util.Arrays;

/**
 * The sampling step of a series: the median difference between consecutive timestamps, and how many steps
 * differ from it (gaps or irregular sampling).
 */
public record Frequency(long stepMillis, int irregularSteps) {
    /** Infers the step of strictly increasing timestamps; null when there are fewer than two. */
    public static Frequency infer(long[] timestamps) {
        if (timestamps == null || timestamps.length < 2) {
            return null;
        }
        long[] d = new long[timestamps.length - 1];
        for (int i = 1; i < timestamps.length; i++) {
            d[i - 1] = timestamps[i] - timestamps[i - 1];
        }
        long[] sorted = d.clone();
        Arrays.sort(sorted);
        long median = sorted[sorted.length / 2];
        int irregular = 0;
        for (long step : d) {
            if (step != median) {
                irregular++;
            }
        }
        return new Frequency(median, irregular);
    }

    private static final long DAY = 86_400_000L;

    /**
     * The steps in one season of such data, for the seasonal naive forecast: a day for steps that divide a day
     * (24 for hourly data, 96 for 15 minutes, 144 for 10 minutes), a week for daily data (7), a year for weekly
     * data (52); empty for anything else (no season is assumed).
     */
    public java.util.OptionalInt season() {
        if (stepMillis <= 0) {
            return java.util.OptionalInt.empty();
        }
        if (stepMillis < DAY && DAY % stepMillis == 0) {
            return java.util.OptionalInt.of((int) (DAY / stepMillis));
        }
        if (stepMillis == DAY) {
            return java.util.OptionalInt.of(7);
        }
        if (stepMillis == 7 * DAY) {
            return java.util.OptionalInt.of(52);
        }
        return java.util.OptionalInt.empty();
    }

    /** A short human label: "1 h", "15 min", "7 d", "30 s". */
    public String label() {
        long s = stepMillis / 1000;
        if (stepMillis % 1000 != 0) {
            return stepMillis + " ms";
        }
        if (s % 86_400 == 0) {
            return s / 86_400 + " d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }
}
