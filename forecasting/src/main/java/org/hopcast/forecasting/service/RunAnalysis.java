package org.hopcast.forecasting.service;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.SplitLayout;
import org.hopcast.datasets.Timestamps;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.eval.Backtest;
import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.eval.FutureForecast;
import org.hopcast.forecasting.eval.IntervalReport;
import org.hopcast.forecasting.eval.MaseScale;
import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.eval.PredictionIntervals;
import org.hopcast.forecasting.inspect.LayerInspection;
import org.hopcast.forecasting.outliers.OutlierStudy;
import org.hopcast.forecasting.quant.QuantScheme;
import org.hopcast.forecasting.quant.QuantizationStudy;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.TrainedModel;

/**
 * A trained run held open for looking at it from several sides, as the desktop app does: the model is loaded
 * once and the test forecasts, outlier statistics and W8A8 evaluation are computed on first use and kept. Every
 * result comes from the same code as the batch commands ({@link RunService}, {@link OutlierStudy},
 * {@link QuantizationStudy}, {@link LayerInspection}). Not for concurrent use: callers keep to one thread.
 */
public final class RunAnalysis implements AutoCloseable {
    private final TrainedModel model;
    /** The model loaded for this analysis when {@link #model} is one series' view of it (closed with it). */
    private TrainedModel whole;
    private PreparedSeries data;
    private Forecasts test;
    private Forecasts validation;
    private PredictionIntervals.Fitted intervals;
    /** intervals.json as read once (null: none), or as this analysis saved it since. */
    private PredictionIntervals saved;
    private boolean savedRead;
    private IntervalReport intervalReport;
    private Metrics testMetrics;
    private Forecasts linearPart;
    private Metrics linearPartMetrics;
    private Baselines baselines;
    private FutureForecast future;
    private OutlierStudy.Result outliers;
    /** Quantized results by scheme, all calibrated on {@link #quantizationBatches} batches. */
    private final Map<QuantScheme, QuantizationStudy.Result> quantization = new LinkedHashMap<>();
    private int quantizationBatches;

    /** Whether the data is the run's own file (its validation history applies). */
    private final boolean ownData;
    /** The file analysed instead of the run's own (null: the run's). */
    private Path input;
    /** The data's file as read, covariates included (read on first use, for a forecast beyond its end). */
    private SeriesTable asRead;

    /** Whether closing this analysis closes its model (not when it borrowed one its caller still uses). */
    private boolean ownsModel = true;

    private RunAnalysis(TrainedModel model, PreparedSeries data, boolean ownData) {
        this.model = model;
        this.data = data;
        this.ownData = ownData;
    }

    /**
     * An analysis of {@code model} on its run's own data that leaves the model open when closed: a command that
     * has loaded the model for its own use (a forecast calibrating first) does not load it twice.
     */
    static RunAnalysis borrowing(TrainedModel model) {
        RunAnalysis a = new RunAnalysis(model, model.evaluationData(null), true);
        a.ownsModel = false;
        return a;
    }

    /** Loads a run's best model and its data (checked against the run, scaled with the model's statistics). */
    public static RunAnalysis open(Path runDir, String device) {
        return open(runDir, null, device);
    }

    /**
     * A run just trained: its best model, with the training's own data and the test forecasts, metrics and
     * baselines already computed from the same weights (nothing is read or forecast again).
     */
    static RunAnalysis trained(TrainedModel model, PreparedSeries data, Forecasts test, Metrics metrics,
            Baselines baselines, RunService.Intervals intervals) {
        RunAnalysis a = new RunAnalysis(model, data, true);
        a.test = test;
        a.testMetrics = metrics;
        a.baselines = baselines;
        a.validation = intervals.validation();
        a.intervals = intervals.fitted();
        a.intervalReport = intervals.report();
        return a;
    }

    /**
     * As {@link #open(Path, String)}, on the test split of {@code input} instead (same series, split protocol and
     * lengths; scaled with the model's statistics) when it is not null.
     */
    public static RunAnalysis open(Path runDir, Path input, String device) {
        return open(org.hopcast.forecasting.run.RunDirectory.open(runDir), input, device);
    }

    /** As above, on a run already opened (its settings are not read again). */
    public static RunAnalysis open(RunDirectory run, Path input, String device) {
        return open(run, input, device, null);
    }

    /**
     * As above; for a run over many series, series {@code series} of it (required there, refused for a run over one):
     * the run's model with that series' statistics, on that series of its data or of {@code input} (see
     * {@link TrainedModel#series}). Its intervals and memories are kept in the series' own folder of the run.
     */
    public static RunAnalysis open(RunDirectory run, Path input, String device, String series) {
        refuseFinal(run.spec(), run.dir());
        requireSeries(run, series);
        TrainedModel whole = TrainedModel.load(run, device);
        try {
            RunAnalysis a = new RunAnalysis(series == null ? whole : whole.series(series), null, input == null);
            a.whole = series == null ? null : whole;
            a.input = input;
            a.data = a.model.evaluationData(input);
            return a;
        } catch (RuntimeException e) {
            whole.close();
            throw e;
        }
    }

    /**
     * A run over many series is analysed one series at a time (intervals, charts, backtests, memories, layers each
     * need one series' data and statistics): refuses one without {@code series}, and {@code series} for a run over
     * one series, naming what to give.
     */
    static void requireSeries(RunDirectory run, String series) {
        if (run.dataInfo().isPanel() && series == null) {
            List<String> ids = run.panel().series().stream().map(RunDirectory.PanelSeries::id).toList();
            throw new org.hopcast.forecasting.run.files.RunException(run.dir() + " is a run over " + ids.size()
                    + " series (id column " + String.join(",", run.dataInfo().idColumn()) + "): choose one of them to"
                    + " look at (" + String.join(", ", ids.subList(0, Math.min(5, ids.size()))) + (ids.size() > 5
                            ? ", ..." : "") + "); evaluate without a series tests them all");
        }
        if (!run.dataInfo().isPanel() && series != null) {
            throw new org.hopcast.forecasting.run.files.RunException(run.dir() + " is a run over one series; it has no"
                    + " series '" + series + "' to choose (a series is chosen in a run over many, trained with an id"
                    + " column)");
        }
    }

    /** The series this analysis looks at in a run over many ({@link #open(RunDirectory, Path, String, String)}), or null. */
    public String series() {
        return model.seriesId();
    }

    /** A final model holds nothing out, so nothing can test it: says where its quality statement is. */
    static void refuseFinal(RunSpec spec, Path runDir) {
        if (spec.isFinal()) {
            throw new org.hopcast.forecasting.run.files.RunException(runDir + " is a final model, trained on every row: it has"
                    + " no test split. Its quality statement is the validated run's (" + spec.validatedBy() + "; see"
                    + " metrics.json); open or evaluate that run instead, and forecast with this one");
        }
    }

    public Path dir() {
        return model.run().dir();
    }

    /** Where this analysis's files go: the run's folder, or for one series of many that series' own in it. */
    public Path filesDir() {
        return model.filesDir();
    }

    public org.hopcast.forecasting.run.RunDirectory run() {
        return model.run();
    }

    public RunSpec spec() {
        return model.spec();
    }

    public PreparedSeries data() {
        return data;
    }

    public long parameters() {
        return model.net().parameterCount();
    }

    /** The run's per-epoch history (train loss, validation and test MSE). */
    public List<EpochRecord> history() {
        return model.run().readHistory();
    }

    /** The best model's forecasts over every test window. */
    public Forecasts testForecasts() {
        if (test == null) {
            test = Forecasts.of(model.net(), model.parameterStore(), model.manager(), data, Split.TEST,
                    spec().training().batchSize());
        }
        return test;
    }

    /**
     * The model with an external memory (issue #33): the bank of {@code r} built from this data (its rows saved in
     * the run directory when the data is the run's own), its setting chosen on validation, and the test windows with
     * and without it.
     */
    public MemoryEvaluation memory(MemoryEvaluation.Request r) {
        return memoryWithForecasts(r).getKey();
    }

    /**
     * As {@link #memory}, with the forecasts made with the memory over the windows it evaluated (the test windows; the
     * ones after the tuning part for Tune-and-Play over the stream bank), for charts beside the model's own.
     */
    public Map.Entry<MemoryEvaluation, Forecasts> memoryWithForecasts(MemoryEvaluation.Request r) {
        MemoryEvaluation.Evaluated e = MemoryEvaluation.run(model, data, testForecasts(), r, ownData);
        return Map.entry(e.evaluation(), e.with());
    }

    /**
     * What test window {@code window} retrieves from the bank of {@code r} (Plug-and-Play's setting, saved or chosen
     * now), with the setting used; the run's own data only.
     */
    public Map.Entry<org.hopcast.forecasting.memory.Retrieval, MemoryEvaluation.Used> retrieval(
            MemoryEvaluation.Request r, int window) {
        if (!ownData) {
            throw new org.hopcast.forecasting.run.files.RunException(
                    "the memory's retrievals are shown for the run's own data only");
        }
        return MemoryEvaluation.retrieval(model, data, r, window);
    }

    /** Builds the bank {@code kind} of this data ({@code stride} between training windows), its rows saved. */
    public MemoryEvaluation.Built memoryBank(org.hopcast.forecasting.memory.MemoryBank.Kind kind, int stride) {
        return MemoryEvaluation.build(model, data, kind, stride, ownData);
    }

    /** The best model's forecasts over every validation window (what the intervals are calibrated on). */
    public Forecasts validationForecasts() {
        if (validation == null) {
            // the windows the saved calibration used (a time budget may have thinned them), else all
            int stride = saved() != null ? saved().calibration().stride() : 1;
            validation = Forecasts.of(model.net(), model.parameterStore(), model.manager(),
                    data.windows(Split.VAL).optStride(stride).build(), spec().training().batchSize(),
                    (done, total) -> { });
        }
        return validation;
    }

    /**
     * The run's prediction intervals around the test forecasts: intervals.json replayed over this data's test split
     * when the run has one, else calibrated now (and saved when the data is the run's own).
     */
    public PredictionIntervals.Fitted intervals() {
        return intervals(null);
    }

    /** As above at {@code coverages} (null: whichever the run has); other coverages than saved calibrate again. */
    public PredictionIntervals.Fitted intervals(List<Double> coverages) {
        if (intervals == null || !intervals.intervals().isAt(coverages)) {
            intervals = PredictionIntervals.forRun(model.filesDir().resolve(RunDirectory.INTERVALS), saved(),
                    validationForecasts(), testForecasts(), coverages, model.scaler(), data.table(), ownData);
            intervalReport = null;
            if (ownData) {
                saved = intervals.intervals(); // replayed as saved, or fitted and saved just now
            }
        }
        return intervals;
    }

    /** The run's intervals.json, read on first use. */
    private PredictionIntervals saved() {
        if (!savedRead) {
            saved = PredictionIntervals.read(model.filesDir().resolve(RunDirectory.INTERVALS));
            savedRead = true;
        }
        return saved;
    }

    /** Coverage, width and scores of the intervals on the test split, beside persistence's conformal fan. */
    public IntervalReport intervalReport() {
        PredictionIntervals.Fitted f = intervals(null);
        if (intervalReport == null) {
            intervalReport = IntervalReport.of(f, testForecasts(), data, model.scaler());
        }
        return intervalReport;
    }

    /** The test forecasts with the bands of the method forecasts show. */
    public Forecasts testForecastsWithIntervals() {
        PredictionIntervals.Fitted f = intervals(null);
        return testForecasts().withIntervals(f.coverages(), f.testHalfWidth(f.intervals().method()));
    }

    /** Test metrics, normalized and in original units, per series and overall. */
    public Metrics testMetrics() {
        if (testMetrics == null) {
            testMetrics = testForecasts().metrics(data, model.scaler());
        }
        return testMetrics;
    }

    /**
     * Test metrics of the model's linear path alone, without the Hopfield layers' correction (computed once), or null
     * for a model without a linear path: beside {@link #testMetrics}, what the Hopfield layers added.
     */
    public Metrics linearPartMetrics() {
        if (linearPartMetrics == null && linearPartForecasts() != null) {
            linearPartMetrics = linearPartForecasts().metrics(data, model.scaler());
        }
        return linearPartMetrics;
    }

    /** The model's linear path alone over every test window (computed once), or null without a linear path. */
    public Forecasts linearPartForecasts() {
        if (linearPart == null && model.net().hasLinearPath()) {
            linearPart = Forecasts.linearPart(model.net(), model.parameterStore(), model.manager(),
                    data.windows(Split.TEST).build(), spec().training().batchSize());
        }
        return linearPart;
    }

    /** The naive forecasts the model has to beat, on the same windows (computed once). */
    public Baselines baselines() {
        if (baselines == null) {
            // validated on the windows the training validated on (a time budget may have thinned them)
            int stride = ownData ? bestRecord().map(EpochRecord::evalStride).orElse(1) : 1;
            baselines = Baselines.of(data, model.scaler(), spec().training().batchSize(), stride);
        }
        return baselines;
    }

    /** The history record of the best epoch, if the run has a history. */
    private java.util.Optional<EpochRecord> bestRecord() {
        return history().stream().filter(EpochRecord::best).reduce((a, b) -> b);
    }

    /** The test MSE of repeating the last input value. */
    public double persistenceMse() {
        return baselines().get(Baselines.PERSISTENCE).test().mse();
    }

    /**
     * One sentence when the model does not beat the best baseline on validation (its best epoch's, when the data
     * is the run's own) or test; null when it beats them all.
     */
    public String verdict() {
        double val = ownData ? bestRecord().map(EpochRecord::valMse).orElse(Double.NaN) : Double.NaN;
        return baselines().verdict(val, testMetrics().mse());
    }

    /** The forecast beyond the last row of the run's data file. */
    public FutureForecast future() {
        if (future == null) {
            future = beyondTheEnd(null);
        }
        return future;
    }

    /**
     * The data's file as read (the targets and the covariates a forecast's input takes), read again on first use: the
     * prepared data keeps only the targets' table. The series alone for one series of many.
     */
    private SeriesTable asRead() {
        if (asRead == null) {
            if (data.covariates() == null) {
                asRead = data.table();
            } else {
                Path file = input != null ? input : spec().dataRequest().input();
                asRead = read(file, spec().dataRequest(file).read(), true);
            }
        }
        return asRead;
    }

    /**
     * The forecast beyond the last row of the run's data with the future covariates of its period read from
     * {@code futureFile} (the time column and the run's future covariates; for one series of many, a long file with the
     * run's id columns), and the run's intervals; it replaces {@link #future()}'s.
     */
    public FutureForecast future(Path futureFile) {
        future = beyondTheEnd(read(futureFile, spec().dataRequest(futureFile).read().forColumns(
                run().dataInfo().futureCovariates()), false));
        return future;
    }

    /** The forecast beyond the end of the data, with the future covariates {@code ahead} (null: none), and its bands. */
    private FutureForecast beyondTheEnd(SeriesTable ahead) {
        FutureForecast.Window w = FutureForecast.window(model, asRead(), data.table().source().name(), ahead);
        return FutureForecast.of(model, List.of(w)).get(0).withIntervals(saved() != null ? saved()
                : intervals().intervals());
    }

    /**
     * {@code file} read with {@code read}: the whole file, or for one series of many its rows (a file that lacks the
     * series is refused when {@code required}).
     */
    private SeriesTable read(Path file, org.hopcast.datasets.ReadOptions read, boolean required) {
        return series() == null ? org.hopcast.datasets.SeriesCsvReader.read(org.hopcast.datasets.SeriesSource.file(file),
                read) : RunService.seriesOf(run(), file, read, series(), required);
    }

    /** Per-module outlier statistics on the test split (FP32). */
    public OutlierStudy.Result outliers() {
        if (outliers == null) {
            outliers = OutlierStudy.run(model, data, spec().training().batchSize());
        }
        return outliers;
    }

    /** FP vs W8A8 on the test split, calibrated on {@code calibrationBatches} training batches. */
    public QuantizationStudy.Result quantization(int calibrationBatches) {
        return quantization(List.of(QuantScheme.W8A8), calibrationBatches).results().get(0);
    }

    /** FP vs each scheme on the test split, calibrated on {@code calibrationBatches} training batches. */
    public QuantizationStudy.Sweep quantization(List<QuantScheme> schemes, int calibrationBatches) {
        if (quantizationBatches != calibrationBatches) {
            quantization.clear();
            quantizationBatches = calibrationBatches;
        }
        List<QuantScheme> missing = schemes.stream().filter(q -> !quantization.containsKey(q)).distinct().toList();
        if (!missing.isEmpty()) {
            QuantizationStudy.run(model, data, testForecasts(), missing, calibrationBatches,
                    spec().training().batchSize(), spec().training().seed()).results()
                    .forEach(r -> quantization.put(r.scheme(), r));
        }
        return new QuantizationStudy.Sweep(schemes.stream().map(quantization::get).toList());
    }

    /**
     * The origins a backtest of this trained model may use: from the first row after its training part (earlier
     * origins would forecast rows it learned) to the last whose horizon the file holds; by default the test split's.
     *
     * @param first the first origin row (inclusive)
     * @param last the last origin row (inclusive)
     */
    public record OriginRange(int first, int last) {
    }

    /**
     * The origins between {@code from} and {@code to} (times, or row numbers for a file without timestamps; null:
     * the test split's first and last origin), checked against what this model can forecast without a leak.
     */
    public OriginRange origins(String from, String to) {
        return origins(from, to, false);
    }

    /**
     * As above; when {@code refit}, origins may lie anywhere a model trained on the rows before them can forecast
     * from (every refit trains on those rows only).
     */
    public OriginRange origins(String from, String to, boolean refit) {
        SeriesTable table = data.table();
        SplitLayout layout = data.layout();
        int in = layout.window().inLen();
        int out = layout.window().outLen();
        int earliest = refit ? in + out : Math.max(layout.sizes().train(), in);
        int latest = table.rows() - out;
        int first = from == null ? layout.begin(Split.TEST) + in : originRow(table, from, "the first origin", true);
        int last = to == null ? layout.end(Split.TEST) - out : originRow(table, to, "the last origin", false);
        String file = table.source().name();
        if (first < earliest) {
            throw new IllegalArgumentException(file + ": the first origin " + Backtest.time(table, first) + (refit
                    ? " leaves too few rows before it for one training window; the first possible origin is "
                            + Backtest.time(table, earliest)
                    : " is inside the rows the model was trained on (up to " + Backtest.time(table, layout.sizes().train() - 1)
                            + "); a backtest without refitting starts at " + Backtest.time(table, earliest) + " or later (or"
                            + " refit before every origin)"));
        }
        if (last > latest) {
            throw new IllegalArgumentException(file + ": the last origin " + Backtest.time(table, last) + " leaves no room for"
                    + " its " + out + "-step forecast; the last possible origin is " + Backtest.time(table, latest));
        }
        if (first > last) {
            throw new IllegalArgumentException(file + ": no origin between "
                    + (from == null ? Backtest.time(table, first) : from) + " and "
                    + (to == null ? Backtest.time(table, last) : to) + " (origins run from "
                    + Backtest.time(table, earliest) + " to " + Backtest.time(table, latest) + ")");
        }
        return new OriginRange(first, last);
    }

    /** The first row at or after {@code text} (or the last at or before it), by time or row number. */
    private static int originRow(SeriesTable table, String text, String option, boolean atOrAfter) {
        if (!table.hasTimestamps()) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " '" + text + "': " + table.source().name() + " has no"
                        + " timestamps, so origins are row numbers");
            }
        }
        long t;
        try {
            t = Timestamps.parse(text);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
        long[] times = table.timestamps();
        int i = java.util.Arrays.binarySearch(times, t);
        if (i >= 0) {
            return i;
        }
        int insertion = -i - 1;
        return atOrAfter ? insertion : insertion - 1;
    }

    /**
     * A backtest of this model without refitting: its forecasts at every {@code step}-th origin of {@code range}
     * beside every baseline's (the linear one fitted on the training split, as the run's), with the model's
     * prediction intervals. Over the test split its forecasts are {@link #testForecasts()}, computed once.
     */
    public RunService.Backtested backtest(OriginRange range, int step) {
        int in = data.layout().window().inLen();
        int out = data.layout().window().outLen();
        int testFirst = data.layout().begin(Split.TEST) + in;
        int testLast = data.layout().end(Split.TEST) - out;
        PredictionIntervals.Fitted f = intervals(null);
        String method = f.intervals().method();
        Forecasts all;
        int start;
        if (range.first() >= testFirst && range.last() <= testLast) {
            // inside the test split: evaluate's forecasts and intervals, computed once
            all = testForecasts().withIntervals(f.coverages(), f.testHalfWidth(method));
            start = testFirst;
        } else {
            // the adaptive intervals run on from the validation split as on the test split's, so an origin's band does
            // not depend on where the backtest starts
            start = Math.min(range.first(), testFirst);
            WindowDataset ds = data.windows(Split.TEST).setRows(start - in, range.last() + out).optSplit(null).build();
            Forecasts forecasts = Forecasts.of(model.net(), model.parameterStore(), model.manager(), ds,
                    spec().training().batchSize(), (done, total) -> { });
            PredictionIntervals.Fitted replayed = f.intervals().replay(validationForecasts(), forecasts, model.scaler());
            all = forecasts.withIntervals(f.coverages(), replayed.testHalfWidth(method));
        }
        WindowDataset origins = data.windows(Split.TEST).setRows(range.first() - in, range.last() + out)
                .optSplit(null).optStride(step).build();
        Forecasts atOrigins = all.slice(origins, range.first() - start);
        Baselines.Forecasters baselines = Baselines.forecasters(data, data.windows(Split.TRAIN).build());
        Map<String, Forecasts> byName = new LinkedHashMap<>();
        for (Baselines.Forecaster b : baselines.available()) {
            byName.put(Baselines.key(b.name()), b.forecast(origins));
        }
        Backtest report = Backtest.of(new Backtest.Inputs(data.table().source().name(), Backtest.NO_REFIT, data.table(),
                model.scaler(), MaseScale.of(data), Map.entry(Backtest.MODEL, atOrigins), byName,
                baselines.unavailable()));
        return new RunService.Backtested(report, atOrigins, data.table(), model.scaler());
    }

    /** The Hopfield layers (HopfieldPooling under its own path) in forward order. */
    public List<String> layers() {
        return LayerInspection.layers(model);
    }

    public int heads(String layer) {
        return LayerInspection.heads(model, layer);
    }

    public int testWindows() {
        return data.layout().windows(Split.TEST);
    }

    /** One layer on one test window (see {@link LayerInspection}). */
    public LayerInspection inspect(String layer, int head, int window, int row) {
        return LayerInspection.of(model, data, layer, head, window, row);
    }

    @Override
    public void close() {
        if (ownsModel) {
            model.close();
            if (whole != null) {
                whole.close();
            }
        }
    }
}
