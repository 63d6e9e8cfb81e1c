package org.hopcast.forecasting.eval;

import org.hopcast.datasets.Calendar;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;

/**
 * The denominators of MASE (Hyndman and Koehler 2006): per series, the mean absolute error in original units of the
 * seasonal naive forecast over the training part, {@code mean |y[t] - y[t - m]|}, as R's {@code forecast::accuracy}
 * scales a test error by its training series. The season m comes from the data's calendar ({@link Calendar#season})
 * as the seasonal naive baseline's does, but is not capped by the input window; without a known season (or one as long
 * as the training part) it is 1, the naive forecast.
 *
 * @param season m
 * @param scales one denominator per series (0 for a series constant over the training part: its MASE is undefined)
 */
public record MaseScale(int season, double[] scales) {
    public MaseScale {
        scales = scales.clone();
    }

    /** The scales of {@code data} over its training split. */
    public static MaseScale of(PreparedSeries data) {
        return of(data.table(), 0, data.layout().sizes().train());
    }

    /** The scales of {@code table}'s rows [from, to), the training part of a forecast. */
    public static MaseScale of(SeriesTable table, int from, int to) {
        int m = Calendar.season(table).orElse(1);
        if (m >= to - from) {
            m = 1;
        }
        if (to - from < 2) {
            throw new IllegalArgumentException("a training part of " + (to - from) + " rows has no MASE scale");
        }
        double[] scales = new double[table.columnCount()];
        for (int c = 0; c < scales.length; c++) {
            double sum = 0;
            for (int t = from + m; t < to; t++) {
                sum += Math.abs(table.value(t, c) - table.value(t - m, c));
            }
            scales[c] = sum / (to - from - m);
        }
        return new MaseScale(m, scales);
    }

    /** Scales given directly (tests; a training part held elsewhere). */
    public static MaseScale of(int season, double... scales) {
        return new MaseScale(season, scales);
    }

    public int series() {
        return scales.length;
    }

    /** Series c's denominator. */
    public double of(int c) {
        return scales[c];
    }

    @Override
    public double[] scales() {
        return scales.clone();
    }
}
