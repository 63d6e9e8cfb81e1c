package org.hopcast.forecasting.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.DieboldMariano;

/**
 * Whether a difference in a study's table is more than chance: the Diebold-Mariano test ({@link DieboldMariano}) on
 * the squared loss of each test window, paired across two forecasters. A variant's losses are the mean over its seeds
 * (the variant as a forecaster, not one lucky seed); test windows one row apart with a horizon of H overlap, so the
 * test allows for H - 1 lags. Tables put {@link #MARK} beside a difference significant at 5% and nothing beside one
 * that is not.
 */
public final class Significance {
    /** What marks a significant difference in a table. */
    public static final String MARK = "*";

    /** The footnote every table with marks carries. */
    public static final String FOOTNOTE = MARK + " the difference is significant at 5% (Diebold-Mariano with the"
            + " Harvey-Leybourne-Newbold correction, squared loss per test window, seeds averaged); without it the"
            + " difference may be noise.";

    private Significance() {
    }

    /** The mean of the seeds' per-window losses; null when one is missing or they cover other windows. */
    public static double[] seedMean(List<double[]> losses) {
        if (losses.isEmpty() || losses.stream().anyMatch(l -> l == null || l.length != losses.get(0).length)) {
            return null;
        }
        double[] mean = new double[losses.get(0).length];
        for (double[] l : losses) {
            for (int i = 0; i < mean.length; i++) {
                mean[i] += l[i] / losses.size();
            }
        }
        return mean;
    }

    /** The test of {@code a} against {@code b} at horizon {@code h}; null when either is missing or too short. */
    public static DieboldMariano test(double[] a, double[] b, int h) {
        if (a == null || b == null || a.length != b.length) {
            return null;
        }
        try {
            return DieboldMariano.ofLosses(a, b, h, DieboldMariano.lossOf(2));
        } catch (IllegalArgumentException e) {
            return null; // too few windows for the horizon: no test, no mark
        }
    }

    /** {@link #MARK} when {@code dm} is significant, else "". */
    public static String mark(DieboldMariano dm) {
        return dm != null && dm.significant() ? MARK : "";
    }

    /** Every baseline's per-window test MSE on {@code data}, the linear one fitted on its training split. */
    public static Map<String, double[]> baselineLosses(PreparedSeries data) {
        Map<String, double[]> m = new LinkedHashMap<>();
        var test = data.windows(Split.TEST).build();
        for (Baselines.Forecaster f : Baselines.forecasters(data, data.windows(Split.TRAIN).build()).available()) {
            m.put(f.name(), f.forecast(test).windowLosses(2));
        }
        return m;
    }

    /** The name of the baseline with the lowest mean loss. */
    public static String best(Map<String, double[]> losses) {
        return losses.entrySet().stream().min(java.util.Comparator.comparingDouble(
                e -> java.util.Arrays.stream(e.getValue()).average().orElse(Double.NaN))).map(Map.Entry::getKey)
                .orElse(null);
    }
}
