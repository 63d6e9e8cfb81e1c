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
 */
public record PanelEvaluation(Metrics overall, Baselines baselines, List<SeriesResult> series,
        Map<String, String> skipped) {

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

    /** Tests {@code net} on every series of {@code panel} (each scaled by its own statistics). */
    public static PanelEvaluation of(StanHopNet net, ParameterStore ps, NDManager manager, PreparedPanel panel,
            int batchSize) {
        List<String> names = panel.members().get(0).table().columns();
        Metrics.Pool model = new Metrics.Pool(names);
        Map<String, Metrics.Pool> pools = new LinkedHashMap<>();
        Map<String, String> details = new LinkedHashMap<>();
        Map<String, double[]> valSums = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        List<SeriesResult> out = new ArrayList<>();
        for (int i = 0; i < panel.ids().size(); i++) {
            PreparedSeries m = panel.members().get(i);
            MaseScale scale = MaseScale.of(m);
            WindowDataset test = m.windows(Split.TEST).build();
            WindowDataset val = m.windows(Split.VAL).build();
            Forecasts f = Forecasts.of(net, ps, manager, test, batchSize, (done, total) -> { });
            model.add(f, m.scaler(), scale);
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
        return new PanelEvaluation(model.metrics(), Baselines.of(results, missing), out, panel.skipped());
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
