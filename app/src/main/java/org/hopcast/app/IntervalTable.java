package org.hopcast.app;

import java.io.PrintWriter;

import org.hopcast.forecasting.eval.IntervalReport;
import org.hopcast.forecasting.eval.IntervalScores;
import org.hopcast.forecasting.eval.PredictionIntervals;

/** Prints a model's prediction intervals on the test split beside persistence's conformal fan. */
final class IntervalTable {
    private IntervalTable() {
    }

    /** Both methods, every coverage, overall (and, with {@code perSeries}, each series' coverage and width). */
    static void print(PrintWriter o, IntervalReport r, boolean perSeries) {
        o.printf("Prediction intervals on the test split (conformal, calibrated on validation; forecasts show %s):%n",
                r.method());
        o.printf("  %-9s %-8s %-9s %-11s %-15s %-22s %s%n", "method", "nominal", "covered", "mean width",
                "interval score", "persistence: covered", "interval score");
        for (String method : r.model().keySet()) {
            IntervalScores m = r.model().get(method);
            IntervalScores p = r.persistence().get(method);
            for (IntervalScores.Level l : m.levels()) {
                IntervalScores.Level pl = p.level(l.nominal());
                o.printf("  %-9s %-8s %-9s %-11.4f %-15.4f %-22s %.4f%n", method,
                        PredictionIntervals.percent(l.nominal()) + "%", pct(l.coverage()), l.meanWidth(), l.winkler(),
                        pct(pl.coverage()), pl.winkler());
            }
            o.printf("  %-9s quantile loss %.4f (persistence %.4f)%n", method, m.quantileLoss(), p.quantileLoss());
        }
        if (perSeries) {
            IntervalScores shown = r.shown();
            for (IntervalScores.Level l : shown.levels()) {
                StringBuilder sb = new StringBuilder(String.format("  %s%% per series (covered, width in original"
                        + " units):", PredictionIntervals.percent(l.nominal())));
                for (IntervalScores.SeriesLevel s : l.perSeries()) {
                    sb.append(String.format(" %s %s %.4g;", s.series(), pct(s.coverage()), s.meanWidthOriginal()));
                }
                o.println(sb);
            }
        }
        r.notes().forEach(n -> o.println("  (" + n + ")"));
        o.println("  (widths and scores z-scored; lower interval score and quantile loss are better)");
    }

    private static String pct(double v) {
        return String.format("%.1f%%", 100 * v);
    }
}
