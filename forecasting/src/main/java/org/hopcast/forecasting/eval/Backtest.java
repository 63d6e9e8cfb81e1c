package org.hopcast.forecasting.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.datasets.Timestamps;
import org.hopcast.datasets.WindowDataset;

/**
 * A rolling-origin evaluation (a backtest): forecasts made at a sequence of past origins, each from the input window
 * that ends just before it, scored against what happened, for the model and every baseline on the same origins.
 * What {@code hopcast backtest} prints and writes, and the GUI shows.
 *
 * <p>An origin is the first forecast row: its forecast covers rows [origin, origin + horizon). Every metric comes from
 * {@link Metrics} (per origin over that origin's window, per horizon step over every origin, overall over all). The
 * Diebold-Mariano tests ({@link DieboldMariano}) pair the per-origin losses (the window's MSE for the squared loss,
 * its MAE for the absolute one) of the model and each baseline; origins {@code step} rows apart whose forecasts span
 * {@code horizon} rows overlap, so the test's variance allows for ceil(horizon / step) - 1 lags.
 *
 * @param source the data file
 * @param mode {@code no refit} (one trained model at every origin) or the refit rule
 * @param step rows between consecutive origins
 * @param horizon forecast steps per origin
 * @param from the first origin's time (or row)
 * @param to the last origin's time (or row)
 * @param originCount origins scored
 * @param maseSeason the season of MASE's scale
 * @param forecasters the model first, then the baselines, as the tables list them
 * @param overall each forecaster's metrics over every origin, overall and per series
 * @param horizonSteps each forecaster's scores at each horizon step (index 0: step 1) over every origin
 * @param origins the scores at each origin
 * @param comparisons the model against each baseline, the best one (by backtest MSE) first
 * @param unavailable the baselines that do not exist on this data, with why
 * @param refits the refits a backtest that refits trained (empty without)
 */
public record Backtest(String source, String mode, int step, int horizon, String from, String to, int originCount,
        int maseSeason, List<String> forecasters, Map<String, Metrics> overall, Map<String, List<Metrics.Scores>> horizonSteps,
        List<Origin> origins, List<Comparison> comparisons, List<Baselines.Unavailable> unavailable, List<Refit> refits) {

    /**
     * One refit of a backtest that refits: the model trained on rows [trainFrom, trainTo) only, forecasting from
     * {@code origins} origins starting at {@code originRow}.
     *
     * @param originRow its first origin
     * @param origin that origin's time
     * @param origins how many origins it forecasts
     * @param trainFrom first row it trained on
     * @param trainTo the row after the last it trained on (never after its first origin)
     * @param trainedFrom the time of the first row it trained on
     * @param trainedThrough the time of the last row it trained on
     * @param epochs epochs trained (the run's best epoch)
     * @param runDir its run folder
     */
    public record Refit(int originRow, String origin, int origins, int trainFrom, int trainTo, String trainedFrom,
            String trainedThrough, int epochs, String runDir) {
    }

    /** The model's name in a backtest's tables and keys (the baselines go by {@link Baselines#key}). */
    public static final String MODEL = "model";

    /** The mode of a backtest that forecasts every origin with the one trained model. */
    public static final String NO_REFIT = "no refit";

    /**
     * One origin: its row and time, each forecaster's scores there, and the empirical coverage of the model's
     * prediction intervals over that origin's window, by nominal coverage in percent ("80").
     */
    public record Origin(int row, String time, Map<String, Metrics.Scores> scores, Map<String, Double> coverage) {
    }

    /**
     * The model against another forecaster on the same origins: the Diebold-Mariano test on the squared loss
     * ({@code dm}, the MSE every table ranks by) and on the absolute loss; null with a note when the origins are too
     * few for the test.
     *
     * @param first the model
     * @param second the other forecaster
     * @param bestBaseline whether second is the baseline with the lowest backtest MSE
     * @param dm the test on squared losses
     * @param dmAbsolute the test on absolute losses
     * @param note why there is no test (null when there is)
     */
    public record Comparison(String first, String second, boolean bestBaseline, DieboldMariano dm,
            DieboldMariano dmAbsolute, String note) {

        /** One sentence: which is better by how much, and whether that is more than chance at 5%. */
        public String reading(Map<String, Metrics> overall) {
            double a = overall.get(first).mse();
            double b = overall.get(second).mse();
            String change = String.format(Locale.ROOT, "%s's MSE %.4f vs %s's %.4f (%+.1f%%)", first, a, second, b,
                    100 * (a / b - 1));
            if (dm == null) {
                return change + ": " + note + ".";
            }
            return change + String.format(Locale.ROOT, ", DM %s, p = %s: %s", dm.statistic() == null ? "undefined"
                    : String.format(Locale.ROOT, "%.2f", dm.statistic()), pValue(dm.pValue()),
                    dm.significant() ? "significant at 5%." : "not significant at 5%; the difference may be noise.");
        }
    }

    /** A p-value as tables print it (4 decimals, or "<1e-4"). */
    public static String pValue(Double p) {
        if (p == null) {
            return "-";
        }
        return p < 1e-4 ? "<1e-4" : String.format(Locale.ROOT, "%.4f", p);
    }

    /**
     * What a backtest scores: the forecasts of the model (with its prediction intervals, if it has them) and of each
     * baseline, one window per origin (window i's origin is {@code windows.targetRow(i, 0)}; the windows' stride is
     * the step between origins).
     *
     * @param source the data file's name
     * @param mode how the forecasts were made ({@code no refit}, or the refit rule)
     * @param table the data as read (times of the origins)
     * @param scaler the model's statistics (original units)
     * @param scale MASE's denominators
     * @param model the model's name and forecasts
     * @param baselines the baselines' forecasts by name, over the same windows
     * @param unavailable the baselines missing on this data
     */
    public record Inputs(String source, String mode, SeriesTable table, StandardScaler scaler, MaseScale scale,
            Map.Entry<String, Forecasts> model, Map<String, Forecasts> baselines, List<Baselines.Unavailable> unavailable) {
    }

    /** Scores the origins of {@code in}, forecast by one trained model. */
    public static Backtest of(Inputs in) {
        return of(in, List.of());
    }

    /** Scores the origins of {@code in}, forecast by the models {@code refits} trained. */
    public static Backtest of(Inputs in, List<Refit> refits) {
        Map<String, Forecasts> all = new LinkedHashMap<>();
        all.put(in.model().getKey(), in.model().getValue());
        all.putAll(in.baselines());
        WindowDataset windows = in.model().getValue().windows();
        int horizon = windows.window().outLen();
        int series = windows.columns();
        int step = windows.stride();
        int n = (int) windows.size();
        if (n == 0) {
            throw new IllegalArgumentException("a backtest needs at least one origin");
        }
        List<String> names = in.table().columns();
        Map<String, Metrics> overall = new LinkedHashMap<>();
        Map<String, List<Metrics.Scores>> steps = new LinkedHashMap<>();
        Map<String, List<Metrics.Scores>> perOrigin = new LinkedHashMap<>();
        int per = horizon * series;
        for (var e : all.entrySet()) {
            Forecasts f = e.getValue();
            if (f.windows().size() != n || f.windows().firstRow(0) != windows.firstRow(0)
                    || f.windows().stride() != step) {
                throw new IllegalArgumentException(e.getKey() + " forecasts other windows than the model");
            }
            float[] pred = f.predictedValues();
            float[] truth = f.truthValues();
            List<Metrics.Scores> originScores = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                originScores.add(Metrics.of(Arrays.copyOfRange(pred, w * per, (w + 1) * per),
                        Arrays.copyOfRange(truth, w * per, (w + 1) * per), series, names, in.scaler(), in.scale())
                        .scores());
            }
            overall.put(e.getKey(), Metrics.of(pred, truth, series, names, in.scaler(), in.scale()).withWindows(n));
            perOrigin.put(e.getKey(), originScores);
            steps.put(e.getKey(), horizonSteps(pred, truth, n, horizon, series, names, in));
        }
        List<Origin> origins = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            int row = windows.targetRow(w, 0);
            Map<String, Metrics.Scores> scores = new LinkedHashMap<>();
            for (String name : all.keySet()) {
                scores.put(name, perOrigin.get(name).get(w));
            }
            origins.add(new Origin(row, time(in.table(), row), scores, coverage(in.model().getValue(), w)));
        }
        String model = in.model().getKey();
        List<Comparison> comparisons = comparisons(model, in.baselines().keySet(), overall, perOrigin,
                (horizon + step - 1) / step);
        return new Backtest(in.source(), in.mode(), step, horizon, origins.get(0).time(),
                origins.get(origins.size() - 1).time(), origins.size(), in.scale().season(), List.copyOf(all.keySet()),
                overall, steps, origins, comparisons, in.unavailable(), List.copyOf(refits));
    }

    private static List<Metrics.Scores> horizonSteps(float[] pred, float[] truth, int origins, int horizon, int series,
            List<String> names, Inputs in) {
        List<Metrics.Scores> out = new ArrayList<>();
        for (int h = 0; h < horizon; h++) {
            float[] p = new float[origins * series];
            float[] t = new float[origins * series];
            for (int i = 0; i < origins; i++) {
                System.arraycopy(pred, (i * horizon + h) * series, p, i * series, series);
                System.arraycopy(truth, (i * horizon + h) * series, t, i * series, series);
            }
            out.add(Metrics.of(p, t, series, names, in.scaler(), in.scale()).scores());
        }
        return out;
    }

    /** The share of window w's truths inside the forecasts' interval at each coverage (empty without intervals). */
    private static Map<String, Double> coverage(Forecasts f, int w) {
        Map<String, Double> m = new LinkedHashMap<>();
        int horizon = f.windows().window().outLen();
        int series = f.windows().columns();
        double[] coverages = f.coverages();
        for (int k = 0; k < coverages.length; k++) {
            int inside = 0;
            for (int h = 0; h < horizon; h++) {
                for (int c = 0; c < series; c++) {
                    if (Math.abs((double) f.truth(w, h, c) - f.predicted(w, h, c)) <= f.halfWidth(k, w, h, c)) {
                        inside++;
                    }
                }
            }
            m.put(PredictionIntervals.percent(coverages[k]), inside / (double) (horizon * series));
        }
        return m;
    }

    private static List<Comparison> comparisons(String model, java.util.Collection<String> baselines,
            Map<String, Metrics> overall, Map<String, List<Metrics.Scores>> perOrigin, int h) {
        String best = baselines.stream().min(java.util.Comparator.comparingDouble(b -> overall.get(b).mse()))
                .orElse(null);
        List<String> order = new ArrayList<>();
        if (best != null) {
            order.add(best);
        }
        baselines.stream().filter(b -> !b.equals(best)).forEach(order::add);
        List<Comparison> out = new ArrayList<>();
        double[] mse1 = perOrigin.get(model).stream().mapToDouble(Metrics.Scores::mse).toArray();
        double[] mae1 = perOrigin.get(model).stream().mapToDouble(Metrics.Scores::mae).toArray();
        for (String b : order) {
            double[] mse2 = perOrigin.get(b).stream().mapToDouble(Metrics.Scores::mse).toArray();
            double[] mae2 = perOrigin.get(b).stream().mapToDouble(Metrics.Scores::mae).toArray();
            try {
                out.add(new Comparison(model, b, b.equals(best), DieboldMariano.ofLosses(mse1, mse2, h, "squared"),
                        DieboldMariano.ofLosses(mae1, mae2, h, "absolute"), null));
            } catch (IllegalArgumentException e) {
                out.add(new Comparison(model, b, b.equals(best), null, null, e.getMessage()));
            }
        }
        return out;
    }

    /** How a backtest names row {@code row} of {@code table}: its time, or "row N" without one (or outside the file). */
    public static String time(SeriesTable table, int row) {
        return table.hasTimestamps() && row >= 0 && row < table.rows() ? Timestamps.format(table.timestamp(row))
                : "row " + row;
    }

    /** The comparison with the best baseline (null without baselines). */
    public Comparison versusBestBaseline() {
        return comparisons.stream().filter(Comparison::bestBaseline).findFirst().orElse(null);
    }

    /** The overall table, the comparisons and what they say, as Markdown. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Backtest of %s, %s: %d origin(s) from %s to %s, %s, %d steps ahead.%n%n",
                source, mode, originCount, from, to, step == 1 ? "every row" : "every " + step + " rows", horizon));
        sb.append("| forecaster | MSE | MAE | RMSE | MASE | sMAPE % | WAPE % | bias |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (String f : forecasters) {
            Metrics m = overall.get(f);
            sb.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %s | %.2f | %s | %+.4f |%n", f, m.mse(),
                    m.mae(), m.rmse(), m.mase() == null ? "-" : String.format(Locale.ROOT, "%.3f", m.mase()),
                    m.smape(), m.wape() == null ? "-" : String.format(Locale.ROOT, "%.2f", m.wape()), m.bias()));
        }
        if (!refits.isEmpty()) {
            Refit last = refits.get(refits.size() - 1);
            sb.append(String.format(Locale.ROOT, "%n%d refits; the last trained on %s to %s for %d epochs (%s).%n",
                    refits.size(), last.trainedFrom(), last.trainedThrough(), last.epochs(), last.runDir()));
        }
        sb.append(String.format(Locale.ROOT, "%nMSE, MAE, RMSE and bias on the z-scored scale; MASE scaled by the"
                + " training part's seasonal naive error (season %d); sMAPE and WAPE in original units.%n", maseSeason));
        for (Baselines.Unavailable u : unavailable) {
            sb.append(String.format(Locale.ROOT, "No %s baseline: %s.%n", u.name(), u.reason()));
        }
        if (!comparisons.isEmpty()) {
            sb.append("\n| model vs | squared loss: DM | p | absolute loss: DM | p | MSE difference significant at 5% |\n");
            sb.append("|---|---|---|---|---|---|\n");
            for (Comparison c : comparisons) {
                String name = c.second() + (c.bestBaseline() ? " (best baseline)" : "");
                if (c.dm() == null) {
                    sb.append("| ").append(name).append(" | - | - | - | - | ").append(c.note()).append(" |\n");
                    continue;
                }
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", name, stat(c.dm()),
                        pValue(c.dm().pValue()), stat(c.dmAbsolute()), pValue(c.dmAbsolute().pValue()),
                        c.dm().significant() ? "yes" : "no"));
            }
            sb.append("\n");
            for (Comparison c : comparisons) {
                sb.append(c.reading(overall)).append("\n");
            }
        }
        return sb.toString();
    }

    private static String stat(DieboldMariano dm) {
        return dm.statistic() == null ? "undefined" : String.format(Locale.ROOT, "%.2f", dm.statistic());
    }
}
