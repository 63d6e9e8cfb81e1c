package org.hopcast.forecasting.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import org.hopcast.datasets.PreparedPanel;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.files.CsvFiles;

/**
 * A model over many series tested on each series' own test split, in that series' own units: the metrics per series,
 * and overall as every series' forecasts pooled (each element once, each in its own units for the original-unit
 * metrics, in its own z-scores for the rest). The baselines are computed per series the same way (the linear one
 * fitted on that series' training windows) and pooled alike, so the overall comparison is like for like.
 *
 * @param overall the model's metrics over every series' test windows
 * @param baselines the baselines pooled the same way (validation MSE: mean over every series' validation windows)
 * @param series each series' result, in the panel's order
 * @param skipped the series left out, with why
 * @param intervals the prediction intervals' coverage over every series' test windows, pooled (null: not asked for)
 */
public record PanelEvaluation(Metrics overall, Baselines baselines, List<SeriesResult> series,
        Map<String, String> skipped, PooledCoverage intervals) {

    /**
     * How each series' prediction intervals are had: its saved calibration when there is one at {@code coverages}
     * (null: whichever it has), else fitted on its own validation windows (at {@code coverages}, the defaults when
     * null) and replayed over its test windows, in its own units.
     *
     * @param coverages the coverages asked for (null: as saved)
     * @param saved each series' saved calibration by id (null when it has none)
     * @param validatedBy what a new calibration names as the run that validated it
     */
    public record Calibration(List<Double> coverages, java.util.function.Function<String, PredictionIntervals> saved,
            String validatedBy) {
    }

    /**
     * The intervals forecasts show, scored on every series' test windows and pooled (each element once): per nominal
     * coverage, the share of test values inside and the mean width (z-scored, each series on its own statistics).
     *
     * @param method the interval method (the same for every series)
     * @param nominal the coverages, as asked
     * @param coverage the empirical coverage at each, pooled over the series calibrated at it
     * @param meanWidth the mean band width at each (z-scored)
     * @param series how many series were calibrated at each (a series with too few validation windows for a level
     *        has none there)
     */
    public record PooledCoverage(String method, List<Double> nominal, List<Double> coverage, List<Double> meanWidth,
            List<Integer> series) {
    }

    /**
     * A panel's evaluation, and the series' intervals calibrated by it (not those replayed as saved), by id: what is
     * to be kept in the series' folders of the run.
     */
    public record Tested(PanelEvaluation evaluation, Map<String, PredictionIntervals> calibrated) {
    }

    /**
     * One series' test result.
     *
     * @param id the series
     * @param test the model's metrics
     * @param baselineMse each baseline's test MSE by key (missing where it is unavailable for the series)
     * @param bestBaseline the key of the baseline with the lowest test MSE
     */
    public record SeriesResult(String id, Metrics test, Map<String, Double> baselineMse, String bestBaseline) {
        /** The model's test MSE over the best baseline's (below 1: the model is better on this series). */
        public double ratio() {
            return test.mse() / baselineMse.get(bestBaseline);
        }
    }

    /** Tests {@code net} on every series of {@code panel} (each scaled by its own statistics), without intervals. */
    public static PanelEvaluation of(StanHopNet net, ParameterStore ps, NDManager manager, PreparedPanel panel,
            int batchSize) {
        return of(net, ps, manager, panel, batchSize, null).evaluation();
    }

    /**
     * As above, and with {@code calibration} (null: none) each series' prediction intervals, scored on its test
     * windows and pooled.
     */
    public static Tested of(StanHopNet net, ParameterStore ps, NDManager manager, PreparedPanel panel, int batchSize,
            Calibration calibration) {
        List<String> names = panel.members().get(0).table().columns();
        Metrics.Pool model = new Metrics.Pool(names);
        Map<String, Metrics.Pool> pools = new LinkedHashMap<>();
        Map<String, String> details = new LinkedHashMap<>();
        Map<String, double[]> valSums = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        List<SeriesResult> out = new ArrayList<>();
        Map<String, PredictionIntervals> calibrated = new LinkedHashMap<>();
        Map<Double, double[]> pooled = new java.util.TreeMap<>(); // nominal -> {covered, width, elements, series}
        String method = null;
        for (int i = 0; i < panel.ids().size(); i++) {
            PreparedSeries m = panel.members().get(i);
            MaseScale scale = MaseScale.of(m);
            WindowDataset test = m.windows(Split.TEST).build();
            WindowDataset val = m.windows(Split.VAL).build();
            Forecasts f = Forecasts.of(net, ps, manager, test, batchSize, (done, total) -> { });
            model.add(f, m.scaler(), scale);
            if (calibration != null) {
                PredictionIntervals saved = calibration.saved().apply(panel.ids().get(i));
                PredictionIntervals.Fitted fitted = calibrate(net, ps, manager, m, val, f, batchSize, calibration,
                        saved);
                if (fitted.intervals() != saved) {
                    calibrated.put(panel.ids().get(i), fitted.intervals());
                }
                method = fitted.intervals().method();
                IntervalScores scores = IntervalScores.of(method, f, fitted.coverages(), fitted.testHalfWidth(method),
                        m.table().columns(), m.scaler());
                double elements = (double) f.windows().size();
                for (IntervalScores.Level l : scores.levels()) {
                    double[] a = pooled.computeIfAbsent(l.nominal(), k -> new double[4]);
                    a[0] += l.coverage() * elements;
                    a[1] += l.meanWidth() * elements;
                    a[2] += elements;
                    a[3]++;
                }
            }
            Map<String, Double> mse = new LinkedHashMap<>();
            Baselines.Forecasters fs = Baselines.forecasters(m, m.windows(Split.TRAIN).build());
            for (Baselines.Forecaster b : fs.available()) {
                Forecasts t = b.forecast(test);
                pools.computeIfAbsent(b.name(), k -> new Metrics.Pool(names)).add(t, m.scaler(), scale);
                details.putIfAbsent(b.name(), b.detail());
                Forecasts v = b.forecast(val);
                double[] sum = valSums.computeIfAbsent(b.name(), k -> new double[2]);
                for (double loss : v.windowLosses(2)) {
                    sum[0] += loss;
                    sum[1]++;
                }
                mse.put(Baselines.key(b.name()), t.metrics(m.table().columns(), m.scaler(), scale).mse());
            }
            for (Baselines.Unavailable u : fs.unavailable()) {
                unavailable.putIfAbsent(u.name(), panel.ids().get(i) + ": " + u.reason());
            }
            String best = mse.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
            out.add(new SeriesResult(panel.ids().get(i), f.metrics(m.table().columns(), m.scaler(), scale), mse, best));
        }
        List<Baselines.Result> results = new ArrayList<>();
        List<Baselines.Unavailable> missing = new ArrayList<>();
        for (Map.Entry<String, Metrics.Pool> e : pools.entrySet()) {
            if (unavailable.containsKey(e.getKey())) {
                continue; // a baseline some series lack is compared on none: the pooled figures would not be like for like
            }
            double[] v = valSums.get(e.getKey());
            results.add(new Baselines.Result(e.getKey(), details.get(e.getKey()), e.getValue().metrics(), v[0] / v[1]));
        }
        unavailable.forEach((name, why) -> missing.add(new Baselines.Unavailable(name, "not for every series (" + why
                + ")")));
        PooledCoverage coverage = calibration == null || method == null ? null : new PooledCoverage(method,
                List.copyOf(pooled.keySet()), pooled.values().stream().map(a -> a[0] / a[2]).toList(),
                pooled.values().stream().map(a -> a[1] / a[2]).toList(), pooled.values().stream()
                        .map(a -> (int) a[3]).toList());
        return new Tested(new PanelEvaluation(model.metrics(), Baselines.of(results, missing), out, panel.skipped(),
                coverage), calibrated);
    }

    /**
     * One series' intervals: {@code saved} replayed over its test forecasts {@code test} when it is at the coverages
     * asked for, else fitted on its validation windows {@code val}.
     */
    public static PredictionIntervals.Fitted calibrate(StanHopNet net, ParameterStore ps, NDManager manager,
            PreparedSeries series, WindowDataset val, Forecasts test, int batchSize, Calibration calibration,
            PredictionIntervals saved) {
        Forecasts v = Forecasts.of(net, ps, manager, val, batchSize, (done, total) -> { });
        if (saved != null && saved.isAt(calibration.coverages())) {
            return saved.replay(v, test, series.scaler());
        }
        return PredictionIntervals.fit(v, test, calibration.coverages() == null ? org.hopcast.forecasting.run.Coverages
                .DEFAULTS : calibration.coverages(), series.scaler(), series.table(), calibration.validatedBy());
    }

    /** The series with the highest test MSE (on their own z-scores, so comparable), at most {@code n}. */
    public List<SeriesResult> worst(int n) {
        return series.stream().sorted(Comparator.comparingDouble((SeriesResult s) -> s.test().mse()).reversed())
                .limit(n).toList();
    }

    /** How many series the model beats its best baseline on (test MSE). */
    public long beaten() {
        return series.stream().filter(s -> s.ratio() < 1).count();
    }

    /**
     * Writes one row per series: id, windows, the model's MSE, MAE (z-scored and original units), MASE, sMAPE, WAPE,
     * each baseline's test MSE and the best baseline's name.
     */
    public void writeCsv(Path file) throws IOException {
        List<String> keys = baselines.results().stream().map(r -> Baselines.key(r.name())).toList();
        CsvFiles.write(file, csv -> {
            for (String h : List.of("id", "windows", "mse", "mae", "mse_original", "mae_original", "mase", "smape",
                    "wape")) {
                csv.print(h);
            }
            for (String k : keys) {
                csv.print(k + "_mse");
            }
            csv.print("best_baseline");
            csv.println();
            for (SeriesResult s : series) {
                Metrics m = s.test();
                csv.print(s.id());
                csv.print(m.windows());
                csv.print(m.mse());
                csv.print(m.mae());
                csv.print(m.mseOriginal());
                csv.print(m.maeOriginal());
                csv.print(m.mase());
                csv.print(m.smape());
                csv.print(m.wape());
                for (String k : keys) {
                    csv.print(s.baselineMse().get(k));
                }
                csv.print(s.bestBaseline());
                csv.println();
            }
        });
    }
}
