package org.hopcast.forecasting.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.hopcast.datasets.IoErrors;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.ReadOptions;
import org.hopcast.datasets.SeriesCsvReader;
import org.hopcast.datasets.SeriesSource;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.charts.ForecastCharts;
import org.hopcast.forecasting.eval.Backtest;
import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.eval.FutureForecast;
import org.hopcast.forecasting.eval.IntervalReport;
import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.eval.MetricsFile;
import org.hopcast.forecasting.eval.PanelEvaluation;
import org.hopcast.forecasting.eval.PredictionIntervals;
import org.hopcast.forecasting.inspect.LayerInspection;
import org.hopcast.forecasting.outliers.OutlierStudy;
import org.hopcast.forecasting.quant.QuantScheme;
import org.hopcast.forecasting.quant.QuantizationCharts;
import org.hopcast.forecasting.quant.QuantizationStudy;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunLock;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.train.LoggingListener;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.forecasting.train.TrainingSession;

/**
 * The product's main jobs as one API that the CLI and the GUI both call: train (new or resumed) and test
 * the best model, evaluate a run on its own or new data, and forecast beyond the end of a file.
 */
public final class RunService {
    /**
     * What a training produced. {@code test} is the best model's test metrics, or null when no epoch finished;
     * {@code note} then says why (and otherwise carries anything worth a line, such as "nothing to do").
     * {@code bestValMse} is the validation MSE the best epoch was chosen by (NaN without one). {@code data} and
     * {@code testForecasts} are what the test was computed from (null without a test): {@link #open} hands them on,
     * so looking at the trained run reads no file again and forecasts nothing twice.
     */
    public record TrainOutcome(Path runDir, StopReason stop, int epochs, long steps, long parameters, int bestEpoch,
            double bestValMse, Metrics test, Baselines baselines, String verdict, List<Path> charts, double seconds,
            String note, PreparedSeries data, Forecasts testForecasts, Intervals intervals, Metrics linearPart,
            PanelEvaluation panel) {
        /** An outcome of one series (no panel evaluation). */
        public TrainOutcome(Path runDir, StopReason stop, int epochs, long steps, long parameters, int bestEpoch,
                double bestValMse, Metrics test, Baselines baselines, String verdict, List<Path> charts, double seconds,
                String note, PreparedSeries data, Forecasts testForecasts, Intervals intervals, Metrics linearPart) {
            this(runDir, stop, epochs, steps, parameters, bestEpoch, bestValMse, test, baselines, verdict, charts,
                    seconds, note, data, testForecasts, intervals, linearPart, null);
        }

        /** The persistence baseline's test MSE (NaN when nothing was tested). */
        public double persistenceMse() {
            return baselines == null ? Double.NaN : baselines.get(Baselines.PERSISTENCE).test().mse();
        }

        /** Whether the model beats every baseline on validation and test (false when nothing was tested). */
        public boolean beatsBaselines() {
            return test != null && verdict == null;
        }

        /**
         * The trained run opened for looking at (the best model loaded on {@code device}), with this training's
         * data, test forecasts, metrics and baselines. Close it when done.
         *
         * @throws RunException when no epoch finished, so there is no model
         */
        public RunAnalysis open(String device) {
            if (test == null) {
                throw new RunException(runDir + " has no model yet: " + note);
            }
            return RunAnalysis.trained(TrainedModel.load(runDir, device), data, testForecasts, test, baselines,
                    intervals);
        }

        /** The one-line JSON of {@code train --json}. */
        public TrainLine toJson() {
            boolean tested = test != null;
            return new TrainLine(tested ? test.mse() : null, tested ? test.mae() : null,
                    tested ? test.mseOriginal() : null, tested ? test.maeOriginal() : null,
                    tested ? persistenceMse() : null, linearPart == null ? null : linearPart.mse(),
                    tested ? baselines.testMse() : null, tested ? beatsBaselines() : null,
                    intervals == null ? null : intervals.report().summary(), verdict, epochs, steps, bestEpoch,
                    parameters, stop.name().toLowerCase(java.util.Locale.ROOT), seconds, runDir.toString(), note);
        }
    }

    /**
     * What {@code train --json} prints: the test (null when nothing was tested), beside the baselines' test MSEs by
     * key, the intervals' summary, and how the training went.
     */
    public record TrainLine(Double testMse, Double testMae, Double testMseOriginal, Double testMaeOriginal,
            Double persistenceMse, Double linearPartMse, Map<String, Double> baselines, Boolean beatsBaselines,
            IntervalReport.Summary intervals, String verdict, int epochs, long steps, int bestEpoch, long params,
            String stopReason, double seconds, String runDir, String note) {
    }

    /**
     * A trained model's prediction intervals: the validation forecasts they were calibrated on, the calibration
     * with its test bands, and their scores on the test split beside persistence's.
     */
    public record Intervals(Forecasts validation, PredictionIntervals.Fitted fitted, IntervalReport report) {
    }

    private RunService() {
    }

    /**
     * Trains a new run in {@code runDir}, then tests the best model. The run directory is locked for the whole
     * call. The test results (metrics.json, forecast.csv, charts) always come from the best model, whichever
     * epoch it was.
     */
    public static TrainOutcome train(RunSpec spec, Path runDir, TrainingListener listener, BooleanSupplier cancelled) {
        return train(spec, runDir, listener, cancelled, null);
    }

    /**
     * As above, on the table a front end has already read ({@code loaded}, used when the run reads its data the same
     * way; null: read the file).
     */
    public static TrainOutcome train(RunSpec spec, Path runDir, TrainingListener listener, BooleanSupplier cancelled,
            org.hopcast.datasets.LoadedTable loaded) {
        return run(() -> TrainingSession.start(spec, runDir, loaded), s -> listener, cancelled);
    }

    /**
     * The run of {@code spec} in {@code runDir}, trained: reused when it finished before (its metrics are written),
     * resumed when it stopped, trained when the folder is new. A folder holding a run of other settings is refused,
     * and so is a training that stops before it has a tested model (cancelled, diverged): what needs the run cannot go
     * on without it.
     */
    public static Path trained(RunSpec spec, Path runDir, TrainingListener listener, BooleanSupplier cancelled) {
        boolean started = RunDirectory.isRun(runDir);
        if (started) {
            if (!RunDirectory.open(runDir).spec().equals(spec)) {
                throw new RunException(runDir + " holds a run of other settings than these: give another folder, or"
                        + " remove it to train these");
            }
            if (RunDirectory.isTested(runDir)) {
                listener.onMessage("reusing the finished run " + runDir);
                return runDir;
            }
        }
        TrainOutcome o = started ? resume(runDir, null, null, null, listener, cancelled)
                : train(spec, runDir, listener, cancelled);
        if (o.test() == null || !RunDirectory.isTested(runDir)) {
            throw new RunException("the run in " + runDir + " stopped (" + o.stop().description() + ") before it had a"
                    + " tested model; run the same command again to resume it");
        }
        return runDir;
    }

    /**
     * Continues a run from its last checkpoint, then tests the best model; a non-null epochs, maxSteps or
     * maxMinutes replaces the saved budget. A resume with nothing to do recomputes the test for the report and
     * rewrites the result files only when they are missing or out of date.
     */
    public static TrainOutcome resume(Path runDir, Integer epochs, Long maxSteps, Double maxMinutes,
            TrainingListener listener, BooleanSupplier cancelled) {
        return run(() -> TrainingSession.resume(runDir, epochs, maxSteps, maxMinutes), s -> listener, cancelled);
    }

    /**
     * The coverages a run is calibrated at after training: those of its last calibration (a resume keeps what an
     * evaluation at other coverages saved), else its setting.
     */
    private static List<Double> coveragesOf(RunDirectory run) {
        PredictionIntervals saved = intactCalibration(run);
        return saved != null && !saved.coverages().isEmpty() ? saved.coverages() : run.spec().training().coverages();
    }

    /** A run's intervals.json, or null when it has none or it cannot be read (it is fitted again after training). */
    private static PredictionIntervals intactCalibration(RunDirectory run) {
        try {
            return PredictionIntervals.read(run);
        } catch (RunException e) {
            return null;
        }
    }

    /** A training of the session {@code open} makes, with the listener made for it (tests reach the model). */
    static TrainOutcome run(java.util.function.Supplier<TrainingSession> open,
            java.util.function.Function<TrainingSession, TrainingListener> listenerFor, BooleanSupplier cancelled) {
        long t0 = System.nanoTime();
        try (TrainingSession s = open.get()) {
            String idle = s.idleReason().orElse(null);
            TrainingListener listener = TrainingListener.all(new LoggingListener(), listenerFor.apply(s));
            StopReason stop = s.train(listener, cancelled);
            // epochs trained: epoch 0 (a linear path's start, validated before any step) is not one
            int epochsRun = (int) s.history().stream().filter(r -> r.epoch() > 0).count();
            if (!s.state().hasBest()) {
                return new TrainOutcome(s.run().dir(), stop, epochsRun, s.state().globalStep(), s.net().parameterCount(),
                        0, Double.NaN, null, null, null, List.of(), (System.nanoTime() - t0) / 1e9,
                        "no epoch finished, so there is no model to test yet", null, null, null, null);
            }
            int bestEpoch = s.loadBest();
            PreparedSeries data = s.data();
            if (s.run().spec().isFinal()) {
                String note = finalResults(s.run(), data, bestEpoch);
                return new TrainOutcome(s.run().dir(), stop, epochsRun, s.state().globalStep(), s.net().parameterCount(),
                        bestEpoch, Double.NaN, null, null, null, List.of(), (System.nanoTime() - t0) / 1e9,
                        idle != null ? idle + "; " + note : note, data, null, null, null);
            }
            int batch = s.run().spec().training().batchSize();
            if (data.panel() != null) {
                listener.onMessage("testing the best model (epoch " + bestEpoch + ") and the baselines on each of "
                        + data.panel().ids().size() + " series");
                // each series' intervals calibrated on its own validation windows, kept in its folder of the run
                PanelEvaluation.Tested tested = PanelEvaluation.of(s.net(), s.parameterStore(), s.manager(), data.panel(),
                        batch, new PanelEvaluation.Calibration(coveragesOf(s.run()), id -> null, s.run().dir()
                                .toAbsolutePath().normalize().toString()));
                saveSeriesIntervals(s.run(), tested.calibrated());
                PanelEvaluation p = tested.evaluation();
                String verdict = p.baselines().verdict(s.state().bestVal(), p.overall().mse());
                writePanelResults(s.run(), p, bestEpoch, verdict);
                return new TrainOutcome(s.run().dir(), stop, epochsRun, s.state().globalStep(),
                        s.net().parameterCount(), bestEpoch, s.state().bestVal(), p.overall(), p.baselines(), verdict,
                        List.of(), (System.nanoTime() - t0) / 1e9, idle, data, null, null, null, p);
            }
            Forecasts f = bestForecasts(s, Split.TEST, 1, batch,
                    (done, total) -> listener.onPass("testing the best model (epoch " + bestEpoch + ")", done, total));
            Metrics m = f.metrics(data, data.scaler());
            Metrics linearPart = s.net().hasLinearPath() ? Forecasts.linearPart(s.net(), s.parameterStore(),
                    s.manager(), data.windows(Split.TEST).build(), batch).metrics(data, data.scaler()) : null;
            listener.onMessage("fitting the baselines (persistence, seasonal naive, linear)");
            Baselines baselines = Baselines.of(data, data.scaler(), batch, s.state().evalStride());
            String verdict = baselines.verdict(s.state().bestVal(), m.mse());
            // the windows validation used: under a tight time budget every k-th, which calibrates just as well
            Forecasts val = bestForecasts(s, Split.VAL, s.state().evalStride(), batch,
                    (done, total) -> listener.onPass("calibrating the prediction intervals", done, total));
            List<Double> coverages = coveragesOf(s.run());
            PredictionIntervals saved = idle != null ? intactCalibration(s.run()) : null;
            boolean upToDate = saved != null && saved.isAt(coverages)
                    && resultsUpToDate(s.run(), bestEpoch, data.table().columns());
            PredictionIntervals.Fitted fitted = upToDate
                    ? PredictionIntervals.forRun(s.run(), saved, val, f, coverages, data.scaler(), data.table(), true)
                    : PredictionIntervals.fit(val, f, coverages, data.scaler(), data.table(),
                            s.run().dir().toAbsolutePath().normalize().toString());
            Intervals intervals = new Intervals(val, fitted, IntervalReport.of(fitted, f, data, data.scaler()));
            List<Path> charts = upToDate ? chartFiles(s.run(), data.table().columns())
                    : writeResults(s.run(), f, data, m, linearPart, baselines, verdict, bestEpoch, intervals);
            return new TrainOutcome(s.run().dir(), stop, epochsRun, s.state().globalStep(), s.net().parameterCount(),
                    bestEpoch, s.state().bestVal(), m, baselines, verdict, charts, (System.nanoTime() - t0) / 1e9, idle,
                    data, f, intervals, linearPart);
        }
    }

    /**
     * The loaded best model's forecasts over every {@code stride}-th window of {@code split}: the predictions of
     * that epoch's own pass when this session ran it (the same floats), else a new pass reported to
     * {@code progress}.
     */
    private static Forecasts bestForecasts(TrainingSession s, Split split, int stride, int batch,
            Forecasts.Progress progress) {
        WindowDataset windows = s.data().windows(split).optStride(stride).build();
        float[] held = s.bestPredictions(split, stride);
        return held != null ? Forecasts.of(windows, held)
                : Forecasts.of(s.net(), s.parameterStore(), s.manager(), windows, batch, progress);
    }

    /**
     * Trains the final model of a validated run: its configuration on every row of its data, for the epochs the
     * validated run needed to reach its best validation MSE, without early stopping; written to {@code out} with
     * the validated run's test metrics and prediction intervals as its quality statement (labelled as such).
     */
    public static TrainOutcome trainFinal(Path validated, Path out, TrainingListener listener,
            BooleanSupplier cancelled) {
        RunDirectory v = RunDirectory.open(validated);
        RunSpec vs = v.spec();
        if (vs.isFinal()) {
            throw new RunException(validated + " is itself a final model (trained on all rows); retrain from the run"
                    + " that validated it: " + vs.validatedBy());
        }
        int epochs = epochsNeeded(v);
        if (epochs < 0 || !RunDirectory.isTested(v.dir())) {
            throw new RunException(validated + " has no tested best model yet (no best epoch in history.json or no"
                    + " metrics.json): resume its training until it has one first");
        }
        MetricsFile.readTested(v); // its quality statement is the final model's: checked before anything is trained
        if (v.dataInfo().isPanel()) {
            // each series' bands are the final model's: a run from before they were kept calibrates them now
            if (v.panel().series().stream().anyMatch(x -> !Files.isRegularFile(v.seriesDir(x.id())
                    .resolve(RunDirectory.INTERVALS)))) {
                evaluatePanel(validated, null, vs.training().device());
            }
        } else if (PredictionIntervals.read(v) == null) {
            // a run trained before intervals existed: calibrate it now, the final model carries its bands
            try (TrainedModel model = TrainedModel.load(v, vs.training().device())) {
                calibration(model, null);
            }
        }
        RunSpec spec = vs.forFinalModel(validated.toAbsolutePath().normalize().toString(), epochs);
        return run(() -> TrainingSession.start(spec, out), s -> listener, cancelled);
    }

    /**
     * The epochs {@code run} needed to reach its best validation MSE (what a final model or a refit trains for), or -1
     * without a best epoch. Epoch 0 (a linear path's start) is a best model too: trained for 0 epochs, a model is that
     * start fitted on its rows.
     */
    static int epochsNeeded(RunDirectory run) {
        return run.readHistory().stream().filter(EpochRecord::best).mapToInt(EpochRecord::epoch).max().orElse(-1);
    }

    /** Where a final model goes unless told: beside the validated run, named after it. */
    public static Path defaultFinalDir(Path validated) {
        Path abs = validated.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + "-final");
    }

    /**
     * A final model's results: the validated run's intervals.json (its bands, still naming that run) and a
     * metrics.json that holds no test of this model, only the validated run's, labelled.
     */
    private static String finalResults(RunDirectory run, PreparedSeries data, int epochs) {
        String from = run.spec().validatedBy();
        RunDirectory v;
        PredictionIntervals bands;
        MetricsFile.Tested statement;
        try {
            v = RunDirectory.open(Path.of(from));
            bands = PredictionIntervals.read(v);
            statement = MetricsFile.readTested(v);
        } catch (RunException e) {
            throw new RunException("the final model in " + run.dir() + " is trained, but its quality statement comes"
                    + " from the validated run " + from + ", which cannot be read: " + e.getMessage(), e);
        }
        if (data.panel() != null) {
            // many series: each series' bands from the validated run's folder of that series (a series the validated
            // run left out, too short for its splits, has none; its forecasts come without bands)
            Map<String, PredictionIntervals> kept = new LinkedHashMap<>();
            for (String id : data.panel().ids()) {
                PredictionIntervals p = PredictionIntervals.read(v.seriesDir(id).resolve(RunDirectory.INTERVALS));
                if (p != null) {
                    kept.put(id, p);
                }
            }
            saveSeriesIntervals(run, kept);
        } else if (bands == null) {
            throw new RunException("the validated run " + from + " has no intervals.json; evaluate it, then resume "
                    + run.dir());
        } else {
            bands.checkFits(v.file(RunDirectory.INTERVALS).toString(), data.table().columns(),
                    run.spec().model().outLen());
            run.writeJson(RunDirectory.INTERVALS, bands);
        }
        int rows = data.panel() == null ? data.table().rows()
                : data.panel().members().stream().mapToInt(m -> m.table().rows()).sum();
        MetricsFile.write(run, MetricsFile.Final.of(rows, epochs, from, statement));
        String mse = String.format(java.util.Locale.ROOT, "test MSE %.4f", statement.testMse());
        return String.format(java.util.Locale.ROOT, "final model trained on all %d rows%s for %d epoch%s; its quality"
                + " statement is the validated run's (%s, %s), in metrics.json", rows, data.panel() == null ? ""
                        : " of " + data.panel().ids().size() + " series", epochs, epochs == 1 ? "" : "s", from, mse);
    }

    private static List<Path> writeResults(RunDirectory run, Forecasts f, PreparedSeries data, Metrics m,
            Metrics linearPart, Baselines baselines, String verdict, int bestEpoch, Intervals intervals) {
        // the calibration first: metrics.json (what readers check for being up to date) is written after it
        run.writeJson(RunDirectory.INTERVALS, intervals.fitted().intervals());
        MetricsFile.write(run, new MetricsFile.Tested("test", bestEpoch, m, linearPart,
                baselines.get(Baselines.PERSISTENCE).test().mse(), verdict == null, verdict, baselines.entries(),
                intervals.report()));
        PredictionIntervals.Fitted fitted = intervals.fitted();
        Forecasts banded = f.withIntervals(fitted.coverages(), fitted.testHalfWidth(fitted.intervals().method()));
        try {
            banded.writeCsv(run.file(RunDirectory.FORECAST), data.table(), data.scaler());
            return ForecastCharts.write(run.charts(), banded, data.table(), data.scaler(), "Test forecast");
        } catch (IOException e) {
            throw new RunException("cannot write results into " + run.dir() + ": " + IoErrors.reason(e), e);
        }
    }

    /** A run over many series' results: metrics.json overall (its baselines pooled alike), one row per series. */
    private static void writePanelResults(RunDirectory run, PanelEvaluation p, int bestEpoch, String verdict) {
        try {
            p.writeCsv(run.file(PANEL_METRICS));
        } catch (IOException e) {
            throw new RunException("cannot write results into " + run.dir() + ": " + IoErrors.reason(e), e);
        }
        MetricsFile.write(run, new MetricsFile.Tested("test", bestEpoch, p.overall(), null,
                p.baselines().get(Baselines.PERSISTENCE).test().mse(), verdict == null, verdict, p.baselines().entries(),
                null));
    }

    /** The forecasts of every series of a file by a model over many series, and the series it could not forecast. */
    public record PanelForecast(List<String> idColumns, List<String> ids, List<FutureForecast> forecasts,
            Map<String, String> notForecast) {
        /**
         * Writes {@code ID..., timestamp, step, SERIES..., SERIES_lower_P, SERIES_upper_P...}: every series' forecast,
         * one row per step, with its own intervals (a level a series has too few validation windows for is empty).
         */
        public void write(Path file) {
            try {
                org.hopcast.forecasting.run.files.CsvFiles.write(file, this::rows);
            } catch (IOException e) {
                throw new RunException("cannot write " + file + ": " + IoErrors.reason(e), e);
            }
        }

        /** The same rows as text. */
        public String csv() {
            return org.hopcast.forecasting.run.files.CsvFiles.text(this::rows);
        }

        private void rows(org.apache.commons.csv.CSVPrinter csv) throws IOException {
            for (String c : idColumns) {
                csv.print(c);
            }
            csv.print("timestamp");
            csv.print("step");
            List<String> names = forecasts.get(0).series();
            for (String s : names) {
                csv.print(s);
            }
            List<Double> levels = forecasts.stream().filter(f -> f.bands() != null).flatMap(f -> f.bands().coverages()
                    .stream()).distinct().sorted().toList();
            for (String s : names) {
                for (double c : levels) {
                    String p = PredictionIntervals.percent(c);
                    csv.print(s + "_lower_" + p);
                    csv.print(s + "_upper_" + p);
                }
            }
            csv.println();
            for (int i = 0; i < ids.size(); i++) {
                FutureForecast f = forecasts.get(i);
                // the id's parts back in their columns
                String[] parts = ids.get(i).split(java.util.regex.Pattern.quote(
                        org.hopcast.datasets.PanelReader.ID_JOINER), -1);
                for (int h = 0; h < f.values().length; h++) {
                    for (String part : parts) {
                        csv.print(part);
                    }
                    csv.print(f.timestamps().get(h));
                    csv.print(h + 1);
                    for (float v : f.values()[h]) {
                        csv.print(v);
                    }
                    for (int c = 0; c < names.size(); c++) {
                        for (double level : levels) {
                            int k = f.bands() == null ? -1 : f.bands().coverages().indexOf(level);
                            csv.print(k < 0 ? "" : f.bands().lower()[k][h][c]);
                            csv.print(k < 0 ? "" : f.bands().upper()[k][h][c]);
                        }
                    }
                    csv.println();
                }
            }
        }
    }

    /**
     * The next out_len steps of every series of {@code input} (a file of many series, as the run was trained on) by the
     * run's model, each from its own last rows in its own units; the future covariates per series from {@code future}
     * (the same id columns). A series the model was not trained on, or one too short, is listed with why.
     */
    public static PanelForecast forecastPanel(Path runDir, Path input, Path future, Path out, String device) {
        try (TrainedModel model = TrainedModel.load(runDir, device)) {
            RunDirectory.DataInfo info = model.run().dataInfo();
            if (!info.isPanel()) {
                throw new RunException(runDir + " is a run over one series: forecast it with its file");
            }
            ReadOptions read = model.spec().dataRequest(input).read();
            org.hopcast.datasets.PanelReader.Panel panel = org.hopcast.datasets.PanelReader.read(
                    SeriesSource.file(input), read, info.idColumn());
            org.hopcast.datasets.PanelReader.Panel known = future == null ? null : org.hopcast.datasets.PanelReader.read(
                    SeriesSource.file(future), read.forColumns(info.futureCovariates()), info.idColumn());
            Map<String, StandardScaler[]> scalers = model.panelScalers();
            List<String> ids = new ArrayList<>();
            List<FutureForecast.Window> windows = new ArrayList<>();
            Map<String, String> skipped = new LinkedHashMap<>();
            for (int i = 0; i < panel.ids().size(); i++) {
                String id = panel.ids().get(i);
                StandardScaler[] s = scalers.get(id);
                if (s == null) {
                    skipped.put(id, "not a series the model was trained on");
                    continue;
                }
                SeriesTable f = known == null || !known.ids().contains(id) ? null : known.table(id);
                try {
                    windows.add(FutureForecast.window(model, panel.tables().get(i), panel.tables().get(i).source()
                            .name(), f, s[0], s[1]));
                    ids.add(id);
                } catch (RunException e) {
                    skipped.put(id, e.getMessage());
                }
            }
            if (windows.isEmpty()) {
                throw new RunException("no series of " + input + " could be forecast (" + skipped.size() + "; the first: "
                        + skipped.entrySet().iterator().next() + ")");
            }
            List<FutureForecast> forecasts = new ArrayList<>();
            int batch = model.spec().training().batchSize();
            for (int from = 0; from < windows.size(); from += batch) {
                forecasts.addAll(FutureForecast.of(model, windows.subList(from, Math.min(windows.size(), from + batch))));
            }
            Map<String, PredictionIntervals> bands = seriesIntervals(model, ids);
            for (int i = 0; i < ids.size(); i++) {
                PredictionIntervals b = bands.get(ids.get(i));
                if (b != null) {
                    forecasts.set(i, forecasts.get(i).withIntervals(b));
                }
            }
            PanelForecast p = new PanelForecast(info.idColumn(), ids, forecasts, skipped);
            if (out != null) {
                p.write(out);
            }
            return p;
        }
    }

    /** A run over many series' metrics per series (one row each). */
    public static final String PANEL_METRICS = "panel-metrics.csv";

    /**
     * A run over many series tested again by its best model: the same numbers its training wrote, each series'
     * intervals replayed from its folder (calibrated now, and kept when the data is the run's own, where it has none).
     */
    public static PanelEvaluation evaluatePanel(Path runDir, Path input, String device) {
        try (TrainedModel model = TrainedModel.load(runDir, device)) {
            PreparedSeries data = model.evaluationData(input);
            RunDirectory run = model.run();
            PanelEvaluation.Tested t = PanelEvaluation.of(model.net(), model.parameterStore(), model.manager(),
                    data.panel(), model.spec().training().batchSize(), seriesCalibration(run, null));
            if (input == null) {
                saveSeriesIntervals(run, t.calibrated());
            }
            return t.evaluation();
        }
    }

    /**
     * The intervals of series {@code ids} of a run over many: each one's saved intervals.json, those without one
     * calibrated now on the run's own data (read once for all of them) and kept.
     */
    private static Map<String, PredictionIntervals> seriesIntervals(TrainedModel model, List<String> ids) {
        PanelEvaluation.Calibration cal = seriesCalibration(model.run(), null);
        Map<String, PredictionIntervals> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            PredictionIntervals p = cal.saved().apply(id);
            if (p == null) {
                missing.add(id);
            } else {
                out.put(id, p);
            }
        }
        // a final model has no validation split: a series without its validated run's bands is forecast without any
        if (!missing.isEmpty() && !model.spec().isFinal()) {
            org.hopcast.datasets.PreparedPanel own = model.evaluationData(null).panel();
            int batch = model.spec().training().batchSize();
            Map<String, PredictionIntervals> made = new LinkedHashMap<>();
            for (String id : missing) {
                PreparedSeries m = own.member(id);
                Forecasts test = Forecasts.of(model.net(), model.parameterStore(), model.manager(), m, Split.TEST, batch);
                made.put(id, PanelEvaluation.calibrate(model.net(), model.parameterStore(), model.manager(), m,
                        m.windows(Split.VAL).build(), test, batch, cal, null).intervals());
            }
            saveSeriesIntervals(model.run(), made);
            out.putAll(made);
        }
        return out;
    }

    /**
     * How a run over many series' intervals are had: each series' saved intervals.json (checked against the model)
     * when it is at {@code coverages} (null: the run's), else calibrated at them.
     */
    private static PanelEvaluation.Calibration seriesCalibration(RunDirectory run, List<Double> coverages) {
        int outLen = run.spec().model().outLen();
        List<String> names = run.dataInfo().series();
        java.util.function.Function<String, PredictionIntervals> saved = id -> {
            Path f = run.seriesDir(id).resolve(RunDirectory.INTERVALS);
            PredictionIntervals p = PredictionIntervals.read(f);
            if (p != null) {
                p.checkFits(f.toString(), names, outLen);
            }
            return p;
        };
        // the run's coverages unless others are asked for: every series' bands at the same levels, so they pool
        List<Double> asked = coverages != null ? coverages : run.spec().training().coverages();
        return new PanelEvaluation.Calibration(asked, saved, run.dir().toAbsolutePath().normalize().toString());
    }

    /** Keeps each series' intervals in its folder of the run. */
    private static void saveSeriesIntervals(RunDirectory run, Map<String, PredictionIntervals> intervals) {
        intervals.forEach((id, p) -> writeJson(run.seriesDir(id).resolve(RunDirectory.INTERVALS), p));
    }

    /**
     * Whether metrics.json (for {@code bestEpoch}, with its intervals), forecast.csv and one chart per series are all
     * there; the caller has checked intervals.json.
     */
    private static boolean resultsUpToDate(RunDirectory run, int bestEpoch, List<String> series) {
        try {
            MetricsFile.Tested metrics = MetricsFile.readTested(run);
            return metrics.bestEpoch() == bestEpoch && metrics.hasIntervals()
                    && Files.isRegularFile(run.file(RunDirectory.FORECAST))
                    && chartFiles(run, series).stream().allMatch(Files::isRegularFile);
        } catch (RunException e) {
            return false; // missing or damaged: the results are written again
        }
    }

    private static List<Path> chartFiles(RunDirectory run, List<String> series) {
        return series.stream().map(c -> ForecastCharts.file(run.charts(), c)).toList();
    }

    /** What an evaluation found. */
    public record Evaluation(String source, Metrics test, Baselines baselines, String verdict, int windows,
            IntervalReport intervals, Metrics linearPart, MemoryEvaluation memory) {
        public double persistenceMse() {
            return baselines.get(Baselines.PERSISTENCE).test().mse();
        }

        /** The one-line JSON of {@code evaluate --json}. */
        public EvaluationLine toJson() {
            return new EvaluationLine(source, windows, test.mse(), test.mae(), test.mseOriginal(), test.maeOriginal(),
                    persistenceMse(), test.perSeries(), linearPart, baselines.entries(), verdict == null, verdict,
                    intervals, memory);
        }
    }

    /**
     * What {@code evaluate --json} prints: the test metrics overall and per series, the linear part alone (the
     * Hopfield layers' correction is the difference; null without a linear path), every baseline, the intervals.
     */
    public record EvaluationLine(String source, int windows, double testMse, double testMae, double testMseOriginal,
            double testMaeOriginal, double persistenceMse, List<Metrics.SeriesMetrics> perSeries, Metrics linearPart,
            Map<String, Baselines.Entry> baselines, boolean beatsBaselines, String verdict, IntervalReport intervals,
            MemoryEvaluation memory) {
    }

    /**
     * Evaluates a run's best model on the test split of its own data, or of {@code input} (same series, same
     * split protocol and lengths).
     */
    public static Evaluation evaluate(Path runDir, Path input, String device) {
        return evaluate(runDir, input, device, null);
    }

    /**
     * As above, with the prediction intervals at {@code coverages} (null: the run's saved ones); coverages other than
     * the saved ones are calibrated on the run's validation split and saved when the data is the run's own.
     */
    public static Evaluation evaluate(Path runDir, Path input, String device, List<Double> coverages) {
        return evaluate(runDir, input, device, coverages, null);
    }

    /** As above, and with the external memory {@code memory} asks for (null or "none": without). */
    public static Evaluation evaluate(Path runDir, Path input, String device, List<Double> coverages,
            MemoryEvaluation.Request memory) {
        return evaluate(runDir, input, device, coverages, memory, null);
    }

    /** As above; for a run over many series, of series {@code series} alone (see {@link RunAnalysis#series}). */
    public static Evaluation evaluate(Path runDir, Path input, String device, List<Double> coverages,
            MemoryEvaluation.Request memory, String series) {
        RunDirectory run = RunDirectory.open(runDir); // opened once, handed on
        try (RunAnalysis a = RunAnalysis.open(run, input, device, series)) {
            a.intervals(coverages);
            MemoryEvaluation m = memory != null && memory.on() ? a.memory(memory) : null;
            return new Evaluation(a.data().table().source().name(), a.testMetrics(), a.baselines(), a.verdict(),
                    a.testWindows(), a.intervalReport(), a.linearPartMetrics(), m);
        }
    }

    /**
     * The {@code memory} command: a run's model with each external memory of {@code requests}, the run opened once;
     * each result handed to {@code each} as it is found (a study of several banks takes minutes).
     */
    public static List<MemoryEvaluation> memory(Path runDir, String device, List<MemoryEvaluation.Request> requests,
            java.util.function.Consumer<MemoryEvaluation> each) {
        return memory(runDir, device, requests, each, null);
    }

    /** As above; for a run over many series, of series {@code series} (its banks and settings in its own folder). */
    public static List<MemoryEvaluation> memory(Path runDir, String device, List<MemoryEvaluation.Request> requests,
            java.util.function.Consumer<MemoryEvaluation> each, String series) {
        List<MemoryEvaluation> out = new ArrayList<>();
        try (RunAnalysis a = RunAnalysis.open(RunDirectory.open(runDir), null, device, series)) {
            for (MemoryEvaluation.Request r : requests) {
                MemoryEvaluation m = a.memory(r);
                each.accept(m);
                out.add(m);
            }
        }
        return out;
    }

    /** The banks {@code kinds} of a run's own data built and their source rows written, nothing evaluated. */
    public static List<MemoryEvaluation.Built> memoryBanks(Path runDir, List<String> kinds, int stride) {
        return memoryBanks(runDir, kinds, stride, null);
    }

    /** As above; for a run over many series, of series {@code series}. */
    public static List<MemoryEvaluation.Built> memoryBanks(Path runDir, List<String> kinds, int stride, String series) {
        List<MemoryEvaluation.Built> out = new ArrayList<>();
        try (RunAnalysis a = RunAnalysis.open(RunDirectory.open(runDir), null, "cpu", series)) {
            for (String k : kinds) {
                out.add(a.memoryBank(org.hopcast.forecasting.memory.MemoryBank.Kind.parse(k), stride));
            }
        }
        return out;
    }

    /**
     * A backtest and what its files need besides: the model's forecasts at its origins (with their intervals), the
     * data as read and the model's scaler (original units).
     */
    public record Backtested(Backtest report, Forecasts forecasts, SeriesTable table, StandardScaler scaler) {
    }

    /**
     * What a backtest is asked for: {@code hopcast backtest}'s options.
     *
     * @param runDir the run
     * @param input another file with the same series (null: the run's own data)
     * @param from the first origin (time, or row without timestamps; null: the test split's first)
     * @param to the last origin (null: the test split's last)
     * @param step rows between origins
     * @param refitEvery refit at every this many origins (null: never, the run's model forecasts every origin)
     * @param window expanding or sliding training rows of a refit (null: expanding)
     * @param out where its files (and refits) go
     * @param device the device
     * @param refits where the refits are trained (null: one after another in this process)
     * @param series for a run over many series, the series backtested (null for a run over one)
     */
    public record BacktestRequest(Path runDir, Path input, String from, String to, int step, Integer refitEvery,
            String window, Path out, String device, RefitJob.Trainer refits, String series) {
        /** A backtest of a run over one series. */
        public BacktestRequest(Path runDir, Path input, String from, String to, int step, Integer refitEvery,
                String window, Path out, String device, RefitJob.Trainer refits) {
            this(runDir, input, from, to, step, refitEvery, window, out, device, refits, null);
        }
    }

    /**
     * A backtest of a run: its best model forecasting from every {@code step}-th origin (see {@link RunAnalysis#backtest}),
     * or, with {@code refitEvery}, its configuration retrained on the rows before every K-th origin
     * ({@link BacktestRefits}). Writes nothing; {@link BacktestFiles} does.
     */
    public static Backtested backtest(BacktestRequest r, TrainingListener listener, BooleanSupplier cancelled) {
        if (r.step() < 1) {
            throw new IllegalArgumentException("the step between origins must be at least 1 row, not " + r.step());
        }
        if (r.refitEvery() == null && r.window() != null) {
            throw new IllegalArgumentException("a refit window chooses the rows a refit trains on: ask for refits too"
                    + " (every K origins)");
        }
        BacktestRefits.Window window = r.refitEvery() == null ? null : BacktestRefits.Window.parse(r.window());
        RunDirectory run = RunDirectory.open(r.runDir());
        if (r.series() != null && r.refitEvery() != null) {
            // a refit trains the run's configuration on the rows before an origin: for many series, all of theirs
            throw new IllegalArgumentException(r.runDir() + " is a run over many series: a backtest of one of them"
                    + " forecasts with the run's model; refits (which would retrain on every series) are not offered yet");
        }
        try (RunAnalysis a = RunAnalysis.open(run, r.input(), r.device(), r.series())) {
            RunAnalysis.OriginRange range = a.origins(r.from(), r.to(), r.refitEvery() != null);
            if (r.refitEvery() == null) {
                return a.backtest(range, r.step());
            }
            return BacktestRefits.run(run, a.data(), range, r.step(), r.refitEvery(), window, r.out(), r.device(),
                    r.refits() == null ? RefitJob.IN_PROCESS : r.refits(), listener, cancelled);
        }
    }

    /**
     * Outlier statistics and/or fake-quantized evaluation of a run (either may be null when not asked for): one
     * scheme, or a sweep of several; {@code files} is the folder they were written to (the run's, or one series').
     */
    public record Study(String source, OutlierStudy.Result outliers, QuantizationStudy.Sweep quantization, Path files) {
        /**
         * The one-line JSON of {@code evaluate --outliers/--quantize --json}: the source, then the keys of outliers.json
         * and of the quantization's file (one scheme's line, or the sweep), side by side as the files hold them.
         */
        public com.google.gson.JsonObject toJson() {
            com.google.gson.JsonObject j = new com.google.gson.JsonObject();
            j.addProperty("source", source);
            if (outliers != null) {
                Json.GSON.toJsonTree(outliers.toFile()).getAsJsonObject().entrySet().forEach(e -> j.add(e.getKey(),
                        e.getValue()));
            }
            if (quantization != null) {
                Object q = quantization.results().size() == 1 ? quantization.results().get(0).toJson()
                        : quantization.toJson();
                Json.GSON.toJsonTree(q).getAsJsonObject().entrySet().forEach(e -> j.add(e.getKey(), e.getValue()));
            }
            return j;
        }
    }

    /**
     * The OutEffHop study of a run on the test split of its data (or of {@code input}): per-layer and per-head
     * outlier statistics (written to RUN_DIR/outliers/) and/or FP vs fake-quantized metrics for each scheme
     * (RUN_DIR/quantization.json for one and for W8A8, quantization-sweep.json and .png for several; none when
     * empty).
     */
    public static Study study(Path runDir, Path input, String device, boolean outliers, List<QuantScheme> schemes,
            int calibrationBatches) {
        return study(runDir, input, device, outliers, schemes, calibrationBatches, null);
    }

    /** As above; for a run over many series, on series {@code series}'s test split (its files in its own folder). */
    public static Study study(Path runDir, Path input, String device, boolean outliers, List<QuantScheme> schemes,
            int calibrationBatches, String series) {
        RunDirectory run = RunDirectory.open(runDir); // a run, before its lock creates anything
        RunAnalysis.refuseFinal(run.spec(), runDir);
        RunAnalysis.requireSeries(run, series);
        try (RunLock lock = RunLock.acquire(runDir, "evaluate");
                RunAnalysis a = RunAnalysis.open(run, input, device, series)) {
            return study(a, outliers, schemes, calibrationBatches);
        }
    }

    /** As above, on a run already open (a study right after a training); the caller holds the run's lock. */
    public static Study study(RunAnalysis a, boolean outliers, List<QuantScheme> schemes, int calibrationBatches) {
        OutlierStudy.Result o = null;
        if (outliers) {
            o = a.outliers();
            OutlierStudy.write(o, a.filesDir().resolve("outliers"));
        }
        QuantizationStudy.Sweep q = null;
        if (!schemes.isEmpty()) {
            q = a.quantization(schemes, calibrationBatches);
            if (schemes.size() == 1) {
                writeJson(a.filesDir().resolve("quantization.json"), q.results().get(0).toJson());
            } else {
                if (q.of(QuantScheme.W8A8) != null) {
                    // the paper's protocol keeps its own file, as when it is asked for alone
                    writeJson(a.filesDir().resolve("quantization.json"), q.of(QuantScheme.W8A8).toJson());
                }
                writeJson(a.filesDir().resolve("quantization-sweep.json"), q.toJson());
                QuantizationCharts.write(a.filesDir().resolve("quantization-sweep.png"), q);
            }
        }
        return new Study(a.data().table().source().name(), o, q, a.filesDir());
    }

    /** Writes a JSON file into a run's folder (or one series' of a run over many). */
    private static void writeJson(Path file, Object value) {
        try {
            Json.write(file, value);
        } catch (IOException e) {
            throw new RunException("cannot write " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /** The Hopfield layers of a run's model, by stable path. */
    public static List<String> layers(Path runDir) {
        try (TrainedModel model = TrainedModel.load(runDir, "cpu")) {
            return LayerInspection.layers(model);
        }
    }

    /**
     * One layer of a run's best model on one test window (see {@link LayerInspection}), written to {@code out}
     * when given.
     */
    public static LayerInspection inspect(Path runDir, String layer, int head, int window, int row, Path out,
            String device) {
        return inspect(runDir, layer, head, window, row, out, device, null);
    }

    /** As above; for a run over many series, on a test window of series {@code series}. */
    public static LayerInspection inspect(Path runDir, String layer, int head, int window, int row, Path out,
            String device, String series) {
        try (RunAnalysis a = RunAnalysis.open(RunDirectory.open(runDir), null, device, series)) {
            LayerInspection i = a.inspect(layer, head, window, row);
            if (out != null) {
                i.write(out);
            }
            return i;
        }
    }

    /**
     * The next out_len steps after the last row of {@code input}, with their timestamps (the file's step
     * continued), in original units, and the run's prediction intervals around them. Writes CSV to {@code out} when
     * given.
     */
    public static FutureForecast forecast(Path runDir, Path input, Path out, String device) {
        return forecast(runDir, input, out, device, null);
    }

    /**
     * As above with the intervals at {@code coverages} (null: the run's saved ones). A run without intervals.json,
     * or asked for other coverages, is calibrated first on its own validation split (and the calibration saved).
     */
    public static FutureForecast forecast(Path runDir, Path input, Path out, String device, List<Double> coverages) {
        return forecast(runDir, input, out, device, coverages, null).forecast();
    }

    /** A forecast, and the memory it used (null: none). */
    public record Forecasted(FutureForecast forecast, MemoryEvaluation.Used memory) {
    }

    /**
     * As above, with the external memory {@code memory} asks for (null or "none": without): the input window mixed
     * with what it retrieves from a bank of the run's own data, only windows known before the input's end usable.
     */
    public static Forecasted forecast(Path runDir, Path input, Path out, String device, List<Double> coverages,
            MemoryEvaluation.Request memory) {
        return forecast(runDir, input, null, out, device, coverages, memory);
    }

    /**
     * As above, the future covariates of the forecast period read from {@code future} (null: none given; refused
     * for a model that takes them).
     */
    public static Forecasted forecast(Path runDir, Path input, Path future, Path out, String device,
            List<Double> coverages, MemoryEvaluation.Request memory) {
        return forecast(runDir, input, future, out, device, coverages, memory, null);
    }

    /**
     * As above; for a run over many series, of series {@code series} alone, read from {@code input} (and
     * {@code future}) in the run's long format, with that series' intervals (calibrated on its validation windows and
     * kept in its folder of the run on first use) and memories.
     */
    public static Forecasted forecast(Path runDir, Path input, Path future, Path out, String device,
            List<Double> coverages, MemoryEvaluation.Request memory, String series) {
        RunDirectory run = RunDirectory.open(runDir);
        if (run.dataInfo().isPanel() && series == null) {
            throw new RunException(runDir + " is a run over many series: forecast every series of a file with it"
                    + " (its forecasts are written per series), or choose one series for its intervals");
        }
        RunAnalysis.requireSeries(run, series);
        // the run opened and its model loaded once: the calibration, when one is needed first, uses the same model
        try (TrainedModel whole = TrainedModel.load(run, device)) {
            TrainedModel model = series == null ? whole : whole.series(series);
            PredictionIntervals intervals = calibration(model, coverages);
            ReadOptions read = model.spec().dataRequest(input).read();
            ReadOptions futureRead = read.forColumns(run.dataInfo().futureCovariates());
            SeriesTable table = series == null ? SeriesCsvReader.read(SeriesSource.file(input), read)
                    : seriesOf(run, input, read, series, true);
            SeriesTable futureTable = future == null ? null : series == null
                    ? SeriesCsvReader.read(SeriesSource.file(future), futureRead)
                    : seriesOf(run, future, futureRead, series, false);
            FutureForecast.Window w = FutureForecast.window(model, table, input.toString(), futureTable);
            MemoryEvaluation.Used used = null;
            MemoryEvaluation.Mix mixed = null;
            if (memory != null && memory.on()) {
                PreparedSeries runData = model.evaluationData(null);
                mixed = MemoryEvaluation.mix(model, runData, memory, w.x(), originIn(runData.table(), table));
                w = w.withInput(mixed.input());
                used = mixed.used();
            }
            FutureForecast result = FutureForecast.of(model, List.of(w)).get(0);
            if (mixed != null && mixed.future() != null) {
                result = result.towards(mixed.future(), mixed.lambdas(), model.scaler());
            }
            result = result.withIntervals(intervals);
            if (out != null) {
                result.write(out);
            }
            return new Forecasted(result, used);
        }
    }

    /**
     * Series {@code id} of {@code file}, a file of many series in {@code run}'s long format (its id columns); refused
     * naming the file and the series when it lacks it (a future file may: the forecast then says which column it
     * misses).
     */
    static SeriesTable seriesOf(RunDirectory run, Path file, ReadOptions read, String id, boolean required) {
        org.hopcast.datasets.PanelReader.Panel p = org.hopcast.datasets.PanelReader.read(SeriesSource.file(file), read,
                run.dataInfo().idColumn());
        if (!p.ids().contains(id)) {
            if (!required) {
                return null;
            }
            throw new RunException(file + " has no series '" + id + "' (id column " + String.join(",",
                    run.dataInfo().idColumn()) + "; it has " + p.ids().size() + " series)");
        }
        return p.table(id);
    }

    /**
     * The row of the run's data {@code run} at which a forecast after the last row of {@code input} starts: the first
     * row later than the input's end (every row when either has no timestamps: the input is taken to follow the run's
     * data). A memory may use the windows of the run's data known by then.
     */
    static int originIn(SeriesTable run, SeriesTable input) {
        if (!run.hasTimestamps() || !input.hasTimestamps()) {
            return run.rows();
        }
        long end = input.timestamp(input.rows() - 1);
        int row = 0;
        while (row < run.rows() && run.timestamp(row) <= end) {
            row++;
        }
        return row;
    }

    /**
     * The forecast beyond the last row of the run's own data file (for a final model: beyond everything it was
     * trained on), with the run's intervals.
     */
    public static FutureForecast forecastOwnData(Path runDir, String device) {
        try (TrainedModel model = TrainedModel.load(runDir, device)) {
            PredictionIntervals intervals = calibration(model, null);
            PreparedSeries data = model.spec().prepareData();
            return FutureForecast.of(model, data.table(), data.table().source().name()).withIntervals(intervals);
        }
    }

    /**
     * The saved calibration of {@code model}'s run at {@code coverages} (null: as saved), calibrated with that model
     * and saved first when needed.
     */
    public static PredictionIntervals calibration(TrainedModel model, List<Double> coverages) {
        RunDirectory run = model.run();
        Path runDir = run.dir();
        PredictionIntervals saved = PredictionIntervals.read(model.filesDir().resolve(RunDirectory.INTERVALS));
        if (saved != null && saved.isAt(coverages)) {
            return saved;
        }
        if (run.spec().isFinal()) {
            throw new RunException(runDir + " is a final model: its intervals are its validated run's (" + (saved == null
                    ? "missing" : "at " + saved.coverages()) + "). Calibrate " + run.spec().validatedBy() + " at the"
                    + " coverages you want (evaluate it at them) and train the final model again");
        }
        try (RunLock lock = RunLock.acquire(runDir, "calibrate"); RunAnalysis a = RunAnalysis.borrowing(model)) {
            return a.intervals(coverages).intervals();
        }
    }
}
