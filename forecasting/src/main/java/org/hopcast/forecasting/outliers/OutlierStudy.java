package org.hopcast.forecasting.outliers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;

import org.hopcast.datasets.IoErrors;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.forecasting.charts.BarCharts;
import org.hopcast.forecasting.charts.ChartFiles;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.model.OutlierSets;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.run.files.CsvFiles;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.hopfield.probe.ActivationRecorder;
import org.hopcast.hopfield.probe.HeadRecorder;
import org.hopcast.hopfield.probe.LayerProbe;
import org.hopcast.hopfield.probe.LayerStatistics;

/**
 * Per-layer outlier statistics of a trained model on the test split (FP32), as outeffhop.md 4.1 defines
 * them: per path the mean per-row infinity norm and Pearson kurtosis, and the paper's two aggregates over
 * the decoder set and over all modules. Written as a CSV, a JSON summary and bar charts.
 */
public final class OutlierStudy {
    /**
     * The results: the aggregates, per module, and per Hopfield layer and head what it retrieves ({@code nullMass}
     * is reported for functions whose weights need not sum to one: softmax_1 and the clipped ones).
     */
    public record Result(ActivationRecorder.Summary decoder, ActivationRecorder.Summary all,
            List<LayerStatistics> layers, List<HeadRecorder.Head> heads, boolean reportsNullMass) {

        /** The record of outliers.json, also the JSON of {@code evaluate --outliers --json}. */
        public File toFile() {
            List<File.Module> rows = layers.stream()
                    .map(l -> new File.Module(l.path(), l.meanKurtosis(), l.meanInfNorm(), l.rows())).toList();
            List<File.HeadRow> hs = heads.stream().map(h -> new File.HeadRow(h.path(), h.head(),
                    reportsNullMass ? h.nullMass() : null, h.top1Mass(), h.entropy(), h.lowNormShare(),
                    h.uniformLowNormShare(), h.storedPatterns(), h.rows())).toList();
            return new File(File.Aggregate.of(decoder), File.Aggregate.of(all), rows, hs, headMeans());
        }

        /**
         * Means over every head of every layer: what {@code evaluate} prints and {@code compare} tabulates
         * (null mass NaN where the function's weights sum to one).
         */
        public Map<String, Double> headMeans() {
            Map<String, Double> m = new LinkedHashMap<>();
            if (heads.isEmpty()) {
                return m;
            }
            m.put("layers", (double) heads.stream().map(HeadRecorder.Head::path).distinct().count());
            m.put("heads", (double) heads.size());
            m.put("null_mass", reportsNullMass ? mean(HeadRecorder.Head::nullMass) : Double.NaN);
            m.put("max_null_mass", reportsNullMass
                    ? heads.stream().mapToDouble(HeadRecorder.Head::nullMass).max().orElseThrow() : Double.NaN);
            m.put("top1_mass", mean(HeadRecorder.Head::top1Mass));
            m.put("entropy", mean(HeadRecorder.Head::entropy));
            m.put("low_norm_share", mean(HeadRecorder.Head::lowNormShare));
            m.put("uniform_low_norm_share", mean(HeadRecorder.Head::uniformLowNormShare));
            return m;
        }

        private double mean(java.util.function.ToDoubleFunction<HeadRecorder.Head> f) {
            return heads.stream().mapToDouble(f).average().orElse(Double.NaN);
        }

        /** The heads of one layer, in head order. */
        public List<HeadRecorder.Head> headsOf(String path) {
            return heads.stream().filter(h -> h.path().equals(path)).toList();
        }
    }

    /**
     * What outliers.json holds: the paper's two aggregates, every module's statistics and every head's, and the
     * means over heads that {@code evaluate} prints and {@code compare} tabulates.
     *
     * @param decoder the decoder set's aggregate (outeffhop.md 4.1)
     * @param all every module's aggregate
     * @param layers per module: mean per-row kurtosis and infinity norm
     * @param heads per Hopfield layer and head what it retrieves
     * @param headsMean means over every head ({@link Result#headMeans})
     */
    public record File(Aggregate decoder, Aggregate all, List<Module> layers, List<HeadRow> heads,
            Map<String, Double> headsMean) {
        /** One set's aggregate: average kurtosis, the largest infinity norm and where, how many modules. */
        public record Aggregate(double avgKurtosis, double maxInfNorm, String maxInfNormPath, int modules) {
            static Aggregate of(ActivationRecorder.Summary s) {
                return new Aggregate(s.averageKurtosis(), s.maxInfNorm(), s.maxInfNormPath(), s.paths());
            }
        }

        /** One module's statistics. */
        public record Module(String path, double kurtosis, double infNorm, long rows) {
        }

        /** One head's retrieval ({@code nullMass} null where the function's weights sum to one). */
        public record HeadRow(String path, int head, Double nullMass, double top1Mass, double entropy,
                double lowNormShare, double uniformLowNormShare, int storedPatterns, long rows) {
        }

        /** A run's outliers.json, checked; null when it has none. */
        public static File read(Path runDir) {
            Path f = runDir.resolve("outliers").resolve("outliers.json");
            return Files.isRegularFile(f) ? Json.read(f, File.class) : null;
        }
    }

    private OutlierStudy() {
    }

    /** Records every module's output and every head's association over the test split of {@code data}. */
    public static Result run(TrainedModel model, PreparedSeries data, int batchSize) {
        ActivationRecorder recorder = new ActivationRecorder();
        HeadRecorder heads = new HeadRecorder();
        model.net().probe(new LayerProbe() {
            @Override
            public void onOutput(String path, NDArray output) {
                recorder.onOutput(path, output);
            }

            @Override
            public void onAssociation(String path, NDArray weights, NDArray storedPatterns) {
                heads.onAssociation(path, weights, storedPatterns);
            }
        });
        try {
            Forecasts.of(model.net(), model.parameterStore(), model.manager(), data, Split.TEST, batchSize);
        } finally {
            model.net().probe(null);
        }
        return new Result(recorder.summarise(OutlierSets::inDecoderSet), recorder.summarise(OutlierSets::inAll),
                recorder.all(), heads.heads(), !model.spec().model().separation().sumsToOne());
    }

    /** Writes outliers.csv, heads.csv, outliers.json and the two bar charts into {@code dir}. */
    public static void write(Result r, Path dir) {
        try {
            CsvFiles.write(dir.resolve("outliers.csv"), csv -> {
                csv.printRecord("path", "rows", "inf_norm", "kurtosis", "in_decoder_set");
                for (LayerStatistics s : r.layers()) {
                    csv.printRecord(s.path(), s.rows(), s.meanInfNorm(), s.meanKurtosis(),
                            OutlierSets.inDecoderSet(s.path()));
                }
            });
            Json.write(dir.resolve("outliers.json"), r.toFile());
            CsvFiles.write(dir.resolve("heads.csv"), csv -> {
                csv.printRecord("path", "head", "null_mass", "top1_mass", "entropy", "low_norm_share",
                        "uniform_low_norm_share", "stored_patterns", "rows");
                for (HeadRecorder.Head h : r.heads()) {
                    csv.printRecord(h.path(), h.head(), r.reportsNullMass() ? Double.toString(h.nullMass()) : "",
                            h.top1Mass(), h.entropy(), h.lowNormShare(), h.uniformLowNormShare(), h.storedPatterns(),
                            h.rows());
                }
            });
            ChartFiles.png(dir.resolve("kurtosis.png"), kurtosisChart(r), chartWidth(r), 650);
            ChartFiles.png(dir.resolve("inf_norm.png"), infNormChart(r), chartWidth(r), 650);
        } catch (IOException e) {
            throw new RunException("cannot write outlier statistics into " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    /** Per-module mean kurtosis, decoder-set modules in their own colour (written as kurtosis.png, shown in the app). */
    public static org.jfree.chart.JFreeChart kurtosisChart(Result r) {
        return BarCharts.colouredChart("Mean per-row kurtosis by module", "kurtosis", bars(r, true));
    }

    /** Per-module mean infinity norm, coloured as {@link #kurtosisChart}. */
    public static org.jfree.chart.JFreeChart infNormChart(Result r) {
        return BarCharts.colouredChart("Mean per-row infinity norm by module", "max |x|", bars(r, false));
    }

    /**
     * What each head of one layer retrieves: null mass (where it exists), top-1 mass and the share on the
     * lowest-norm stored patterns, one group of bars per head (the Inspect tab shows it for the chosen layer).
     */
    public static org.jfree.chart.JFreeChart headsChart(Result r, String path) {
        List<BarCharts.Bar> bars = new ArrayList<>();
        for (HeadRecorder.Head h : r.headsOf(path)) {
            String head = "head " + h.head();
            if (r.reportsNullMass()) {
                bars.add(new BarCharts.Bar("null mass", head, h.nullMass()));
            }
            bars.add(new BarCharts.Bar("top-1 mass", head, h.top1Mass()));
            bars.add(new BarCharts.Bar("share on lowest-norm patterns", head, h.lowNormShare()));
            bars.add(new BarCharts.Bar("uniform share", head, h.uniformLowNormShare()));
        }
        return BarCharts.chart("What each head retrieves: " + path + " (test split)", "fraction of weight", bars);
    }

    private static List<BarCharts.Bar> bars(Result r, boolean kurtosis) {
        List<BarCharts.Bar> bars = new ArrayList<>();
        for (LayerStatistics s : r.layers()) {
            String set = OutlierSets.inDecoderSet(s.path()) ? "decoder set" : "other modules";
            bars.add(new BarCharts.Bar(set, s.path(), kurtosis ? s.meanKurtosis() : s.meanInfNorm()));
        }
        return bars;
    }

    private static int chartWidth(Result r) {
        return Math.max(900, Math.min(4000, 40 + r.layers().size() * 14));
    }
}
