package org.hopcast.app;

import java.io.PrintWriter;
import java.util.List;

import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.Metrics;

/** Prints the baselines beside a model's test metrics, as every command that reports a model does. */
final class BaselineTable {
    private BaselineTable() {
    }

    /**
     * Overall (and, with {@code perSeries}, per series) test MSE of the model and each baseline, both scales; with
     * the model's linear path alone beside the model when {@code linearPart} is not null (what the Hopfield layers
     * added is the difference).
     */
    static void print(PrintWriter o, Metrics model, Metrics linearPart, Baselines b, boolean perSeries) {
        List<Baselines.Result> rs = new java.util.ArrayList<>();
        if (linearPart != null) {
            rs.add(new Baselines.Result("linear part (model)", "the model's linear path alone", linearPart,
                    Double.NaN));
        }
        rs.addAll(b.results());
        StringBuilder head = new StringBuilder(String.format("  %-12s %-22s", "test MSE", "model"));
        for (Baselines.Result r : rs) {
            head.append(String.format(" %-22s", r.name()));
        }
        o.println("Beside the baselines (z-scored, original units in brackets):");
        o.println(head.toString().stripTrailing());
        o.println(row("overall", model.mse(), model.mseOriginal(), rs, -1));
        if (perSeries) {
            for (int c = 0; c < model.perSeries().size(); c++) {
                Metrics.SeriesMetrics s = model.perSeries().get(c);
                o.println(row(s.series(), s.mse(), s.mseOriginal(), rs, c));
            }
        }
        for (Baselines.Unavailable u : b.unavailable()) {
            o.printf("  (%s: not computed, %s)%n", u.name(), u.reason());
        }
    }

    private static String row(String label, double mse, double original, List<Baselines.Result> rs, int series) {
        StringBuilder sb = new StringBuilder(String.format("  %-12s %-22s", cut(label), pair(mse, original)));
        for (Baselines.Result r : rs) {
            Metrics m = r.test();
            sb.append(' ').append(String.format("%-22s", series < 0 ? pair(m.mse(), m.mseOriginal())
                    : pair(m.perSeries().get(series).mse(), m.perSeries().get(series).mseOriginal())));
        }
        return sb.toString().stripTrailing();
    }

    private static String pair(double z, double original) {
        return String.format("%.4f (%.4g)", z, original);
    }

    private static String cut(String s) {
        return s.length() <= 12 ? s : s.substring(0, 11) + "~";
    }
}
