package org.hopcast.app;

import java.io.PrintWriter;
import java.util.Locale;

import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.eval.PanelEvaluation;

/** Prints the result of a model over many series: overall beside the pooled baselines, then the worst series. */
final class PanelTable {
    /** Series listed as the worst. */
    static final int WORST = 10;

    private PanelTable() {
    }

    static void print(PrintWriter o, Metrics overall, Baselines baselines, String verdict, PanelEvaluation p) {
        o.printf(Locale.ROOT, "Test over %d series (%d windows; each series' own test split, in its own units): MSE"
                + " %.4f, MAE %.4f (z-scored per series); MSE %.4g, MAE %.4g (original units)%n", p.series().size(),
                overall.windows(), overall.mse(), overall.mae(), overall.mseOriginal(), overall.maeOriginal());
        BaselineTable.print(o, overall, null, baselines, false);
        if (verdict != null) {
            o.println(verdict);
        }
        o.printf(Locale.ROOT, "The model beats its series' best baseline on %d of %d series.%n", p.beaten(),
                p.series().size());
        if (p.intervals() != null) {
            var c = p.intervals();
            StringBuilder line = new StringBuilder("Intervals (" + c.method() + ", each series calibrated on its own"
                    + " validation windows), pooled over the test windows:");
            for (int i = 0; i < c.nominal().size(); i++) {
                line.append(String.format(Locale.ROOT, " %s%% covers %.1f%% (mean width %.3f z, %d series)",
                        org.hopcast.forecasting.eval.PredictionIntervals.percent(c.nominal().get(i)),
                        100 * c.coverage().get(i), c.meanWidth().get(i), c.series().get(i)));
                line.append(i + 1 < c.nominal().size() ? ";" : "");
            }
            o.println(line);
        }
        o.println("Worst series by test MSE (z-scored on their own statistics):");
        for (PanelEvaluation.SeriesResult s : p.worst(WORST)) {
            o.printf(Locale.ROOT, "  %-24s MSE %.4f  MAE %.4f   best baseline %s %.4f%n", s.id(), s.test().mse(),
                    s.test().mae(), s.bestBaseline(), s.baselineMse().get(s.bestBaseline()));
        }
        if (!p.skipped().isEmpty()) {
            o.printf("%d series left out (too short for one window in every split); the first: %s%n",
                    p.skipped().size(), p.skipped().values().iterator().next());
        }
    }
}
