package org.hopcast.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.hopcast.datasets.DataException;
import org.hopcast.datasets.DataRequest;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.WindowSpec;
import org.hopcast.forecasting.charts.ChartFiles;
import org.hopcast.forecasting.charts.ForecastCharts;
import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.eval.FutureForecast;
import org.hopcast.forecasting.eval.IntervalReport;
import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.inspect.LayerInspection;
import org.hopcast.forecasting.outliers.OutlierStudy;
import org.hopcast.forecasting.quant.QuantizationStudy;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.OutlierRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.service.RunAnalysis;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.settings.Presets;
import org.hopcast.forecasting.settings.RunSettings;
import org.hopcast.forecasting.settings.SettingException;
import org.hopcast.forecasting.settings.Settings;
import org.hopcast.forecasting.study.CompareStudy;
import org.hopcast.forecasting.train.TrainingListener;

/**
 * The desktop app's state and actions, with no JavaFX in it. Training runs on one background thread (DJL
 * allows one training per process, so one at a time); looking at a trained run (forecasts, outlier
 * statistics, W8A8, layer inspection) runs on a second one, so the window stays usable during a training.
 * Results reach the view through {@link Listener} callbacks delivered on the UI thread by {@code ui}, step
 * updates at a bounded rate. Everything computed comes from {@code forecasting} ({@link RunService},
 * {@link RunAnalysis}); this class holds no math.
 */
public final class GuiController implements AutoCloseable {
    /** What the view hears about. Called on the UI thread. */
    public interface Listener {
        default void dataLoaded(PreparedSeries data) {
        }

        default void dataFailed(String message) {
        }

        default void trainingStarted(Path runDir, boolean resumed) {
        }

        default void trainingPlanned(TrainingListener.Plan plan) {
        }

        default void trainingStep(TrainingListener.Step step) {
        }

        default void trainingEpoch(EpochRecord epoch) {
        }

        default void trainingOutliers(OutlierRecord outliers) {
        }

        default void trainingMessage(String message) {
        }

        default void trainingFinished(RunService.TrainOutcome outcome, String error) {
        }

        default void runOpened(OpenedRun run) {
        }

        default void outliersReady(OutlierStudy.Result outliers, QuantizationStudy.Result quantization) {
        }

        default void inspectionReady(LayerInspection inspection) {
        }

        /** A backtest of the opened run finished. */
        default void backtestReady(RunService.Backtested backtest) {
        }

        /** The opened run evaluated with an external memory, and its forecasts with it over the test windows. */
        default void memoryReady(org.hopcast.forecasting.service.MemoryEvaluation memory, Forecasts withMemory) {
        }

        /** What a test window of the opened run retrieves from a memory bank, and the setting used. */
        default void retrievalReady(org.hopcast.forecasting.memory.Retrieval retrieval,
                org.hopcast.forecasting.service.MemoryEvaluation.Used used) {
        }

        default void studyLoaded(CompareStudy.Loaded study) {
        }

        /** A background job failed; {@code what} says which ("open run", "outliers", "inspect", ...). */
        default void failed(String what, String message) {
        }

        default void recentRunsChanged(List<Path> runs) {
        }

        /** The forecast beyond the end of the file, made again with the future covariates of its period. */
        default void futureReady(FutureForecast future, Path futureFile) {
        }

        /** A sample's files were written, with the column roles it was made for (loaded next). */
        default void sampleWritten(List<Path> files, org.hopcast.datasets.ColumnRoles roles) {
        }

        /** A final model was trained on all the data: where, and its forecast beyond the end of the file. */
        default void finalModelReady(Path dir, FutureForecast future) {
        }

        default void exported(List<Path> files) {
        }

        /** The engine has loaded: versions and the device an "auto" training would use. */
        default void engineReady(String description) {
        }
    }

    /** Everything the Forecast and Inspect views show about an opened run, computed off the UI thread. */
    public record OpenedRun(Path dir, RunSpec spec, PreparedSeries data, long parameters, Forecasts test,
            Metrics metrics, Baselines baselines, String verdict, FutureForecast future,
            String futureError, List<EpochRecord> history, Map<String, Integer> layers, int testWindows,
            IntervalReport intervals, Forecasts linearPart, Metrics linearPartMetrics, String series,
            List<String> seriesIds) {
        /** The run with another forecast beyond the end of its file (the final model's). */
        public OpenedRun withFuture(FutureForecast f) {
            return new OpenedRun(dir, spec, data, parameters, test, metrics, baselines, verdict, f, null, history, layers,
                    testWindows, intervals, linearPart, linearPartMetrics, series, seriesIds);
        }

        public double persistenceMse() {
            return baselines.get(Baselines.PERSISTENCE).test().mse();
        }
    }

    /** Step updates are forwarded at most this often (a fast model steps hundreds of times a second). */
    static final long STEP_INTERVAL_NANOS = 100_000_000L;

    /** Training batches used to calibrate W8A8 activation ranges in the app (the CLI's default). */
    static final int CALIBRATION_BATCHES = QuantizationStudy.DEFAULT_CALIBRATION_BATCHES;

    private final Consumer<Runnable> ui;
    private final RecentRuns recent;
    private final List<Listener> listeners = new ArrayList<>();
    private final ExecutorService trainer = Executors.newSingleThreadExecutor(r -> daemon(r, "hopcast-training"));
    private final ExecutorService analyst = Executors.newSingleThreadExecutor(r -> daemon(r, "hopcast-analysis"));
    private final AtomicBoolean cancel = new AtomicBoolean();
    /** True from a training's submission until just before its end is reported, so the view sees it ended. */
    private final AtomicBoolean training = new AtomicBoolean();
    private volatile PreparedSeries data;
    private volatile DataRequest request;
    /** Touched only on the analysis thread. */
    private RunAnalysis analysis;
    private volatile Path currentRun;

    /** {@code ui} runs a task on the UI thread (Platform::runLater in the app). */
    public GuiController(Consumer<Runnable> ui) {
        this(ui, RecentRuns.atDefaultLocation());
    }

    public GuiController(Consumer<Runnable> ui, RecentRuns recent) {
        this.ui = ui;
        this.recent = recent;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    private void tell(Consumer<Listener> event) {
        ui.accept(() -> listeners.forEach(event));
    }

    public PreparedSeries data() {
        return data;
    }

    /** The run trained or opened last (what Resume continues), or null. */
    public Path currentRun() {
        return currentRun;
    }

    public List<Path> recentRuns() {
        return recent.list();
    }

    public boolean isTraining() {
        return training.get();
    }

    /** Loads the engine in the background and reports its versions and device (for the status bar). */
    public void describeEngine() {
        analyst.submit(() -> {
            try {
                Map<String, String> v = org.hopcast.forecasting.run.machine.BuildInfo.versions();
                String device = org.hopcast.forecasting.run.machine.Devices.describe("auto");
                String text = "Hopcast " + v.get("hopcast") + " | DJL " + v.get("djl") + " | " + v.get("engine")
                        + " | device " + device + " | threads " + v.get("threads");
                tell(l -> l.engineReady(text));
            } catch (RuntimeException | Error e) {
                tell(l -> l.engineReady("engine failed to load: " + message(e)));
            }
        });
    }

    /**
     * Reads a file (or the built-in ETTh1 when {@code file} is null) with the default preset's window lengths (for a
     * file of the user's, fitted to it as a run fits them), off the UI thread.
     */
    public void loadData(Path file) {
        loadData(file, List.of());
    }

    /** Reads the file loaded last again, as many series named by {@code idColumns} (empty: one per column). */
    public void reloadData(List<String> idColumns) {
        Path file = lastFile;
        if (file == null) {
            tell(l -> l.dataFailed("open a CSV file first: the built-in data is one series per column"));
            return;
        }
        loadData(file, idColumns);
    }

    /** The file asked for last, read or refused (a long file is refused until its id column is given). */
    private volatile Path lastFile;

    /**
     * As {@link #loadData(Path)}; with {@code idColumns} the file holds many series in long format, each split and
     * scaled on its own (windows fitted to its median series), and a training started on it trains one model over them.
     */
    public void loadData(Path file, List<String> idColumns) {
        lastFile = file;
        var m = Presets.get(Settings.DEFAULT_PRESET).model();
        DataRequest asked = new DataRequest(file, null, null, null, null, new WindowSpec(m.inLen(), m.outLen()));
        analyst.submit(() -> {
            try {
                PreparedSeries loaded;
                DataRequest r = asked;
                if (file == null) {
                    loaded = PreparedSeries.prepare(r);
                } else if (!idColumns.isEmpty()) {
                    org.hopcast.datasets.PanelReader.Panel p = org.hopcast.datasets.PanelReader.read(r.source(), r.read(),
                            idColumns);
                    org.hopcast.datasets.SplitProtocol protocol = org.hopcast.datasets.DatasetRegistry.protocolFor(
                            r.source());
                    WindowSpec w = org.hopcast.datasets.WindowFit.fit(p, protocol, r.window());
                    r = new DataRequest(file, null, null, null, null, w, null, idColumns);
                    loaded = PreparedSeries.pooled(org.hopcast.datasets.PreparedPanel.of(p, protocol, w,
                            org.hopcast.datasets.ColumnRoles.ALL_TARGETS));
                } else {
                    org.hopcast.datasets.SeriesTable t = org.hopcast.datasets.SeriesCsvReader.read(r.source(), r.read());
                    org.hopcast.datasets.SplitProtocol protocol = org.hopcast.datasets.DatasetRegistry.protocolFor(
                            r.source());
                    WindowSpec w = org.hopcast.datasets.WindowFit.fit(t, protocol, r.window());
                    r = new DataRequest(file, null, null, null, null, w);
                    loaded = PreparedSeries.of(t, protocol, w);
                }
                this.data = loaded;
                this.request = r;
                tell(l -> l.dataLoaded(loaded));
            } catch (DataException | IllegalArgumentException e) {
                tell(l -> l.dataFailed(e.getMessage()));
            } catch (RuntimeException e) {
                tell(l -> l.dataFailed("cannot read " + (file == null ? "the built-in data" : file) + ": " + e));
            }
        });
    }

    /**
     * The opened run's forecast beyond the end of its file with the future covariates of the forecast period read from
     * {@code futureFile} (a model with future covariates forecasts only with them).
     */
    public void futureWith(Path futureFile) {
        onOpenedRun("future", a -> {
            FutureForecast f = a.future(futureFile);
            return l -> l.futureReady(f, futureFile);
        });
    }

    /**
     * Writes the retail example ({@code hopcast data example}: three products' sales, promotions known ahead, prices
     * only observed, and the promotion plan after it) into {@code dir}, suggests the column roles it was made for and
     * loads its history.
     */
    public void loadRetailSample(Path dir) {
        analyst.submit(() -> {
            try {
                List<Path> files = org.hopcast.datasets.RetailExample.write(dir, org.hopcast.datasets.RetailExample
                        .DEFAULT_DAYS, org.hopcast.datasets.RetailExample.DEFAULT_SEED);
                tell(l -> l.sampleWritten(files, org.hopcast.datasets.RetailExample.roles()));
                loadData(files.get(0));
            } catch (java.io.IOException | RuntimeException e) {
                tell(l -> l.dataFailed("cannot write the retail example into " + dir + ": " + message(e)));
            }
        });
    }

    /**
     * Checks settings (schema keys) the way a training will read them, with the loaded file as input;
     * returns the problem with the keys at fault, or null when they are valid.
     */
    public SettingException check(Map<String, Object> settings) {
        try {
            RunSettings.resolve(withInput(settings));
            return null;
        } catch (SettingException e) {
            return e;
        }
    }

    /**
     * The input length and horizon a run of {@code settings} (without lengths) would use on the loaded file: fitted
     * to it ({@code WindowFit}); null when the settings do not resolve yet.
     */
    public int[] fittedLengths(Map<String, Object> settings) {
        RunSpec spec = resolvedOrNull(settings);
        return spec == null ? null : new int[] {spec.model().inLen(), spec.model().outLen()};
    }

    /**
     * Whether a run of {@code settings} (without channel-independent) would leave out the cross-series stage on the
     * loaded file (the default preset decides by the file's size, {@code Presets.quickChannelIndependent}); null when
     * the settings do not resolve yet.
     */
    public Boolean fittedChannelIndependent(Map<String, Object> settings) {
        RunSpec spec = resolvedOrNull(settings);
        return spec == null ? null : spec.model().channelIndependent();
    }

    private RunSpec resolvedOrNull(Map<String, Object> settings) {
        try {
            return RunSettings.resolve(withInput(settings));
        } catch (RuntimeException e) {
            return null; // a field still being typed: the form's own check names it
        }
    }

    private Map<String, Object> withInput(Map<String, Object> settings) {
        Map<String, Object> s = new LinkedHashMap<>(settings);
        DataRequest r = request;
        if (r != null && r.input() != null) {
            s.put(Settings.INPUT.key(), r.input().toString());
            if (r.isPanel()) {
                s.put(Settings.ID_COLUMN.key(), r.idColumns()); // the file as the Data tab reads it
            }
        }
        return s;
    }

    /**
     * Starts training with {@code settings} (schema keys) on the loaded data, into {@code runDir}. Refused
     * while another training runs.
     */
    public void startTraining(Map<String, Object> settings, Path runDir) {
        if (isTraining()) {
            throw new IllegalStateException("a training is already running; cancel it first");
        }
        RunSpec spec = RunSettings.resolve(withInput(settings));
        // the file shown is the file trained on: read once, when it was loaded
        PreparedSeries shown = data;
        org.hopcast.datasets.LoadedTable loaded = shown == null || request == null ? null
                : new org.hopcast.datasets.LoadedTable(request, shown.table());
        submitTraining(runDir, false, () -> RunService.train(spec, runDir, forwarder(), cancel::get,
                loaded));
    }

    /**
     * Continues an interrupted (or finished) run from its last checkpoint; {@code maxMinutes}, when not null,
     * replaces its time budget.
     */
    public void resumeTraining(Path runDir, Double maxMinutes) {
        if (isTraining()) {
            throw new IllegalStateException("a training is already running; cancel it first");
        }
        if (runDir == null || !RunDirectory.hasCheckpoint(runDir)) {
            throw new IllegalStateException((runDir == null ? "no run chosen" : runDir + " has no checkpoint")
                    + ": train or open a run that stopped after at least one epoch");
        }
        submitTraining(runDir, true, () -> RunService.resume(runDir, null, null, maxMinutes, forwarder(),
                cancel::get));
    }

    /**
     * Retrains the configuration of {@code validatedRun} on every row of its data for the epochs it needed (the
     * step before deployment), into {@code RUN-final}; when done, the final model's forecast beyond the end of the
     * file is computed and reported.
     */
    public void retrainOnAllData(Path validatedRun) {
        if (isTraining()) {
            throw new IllegalStateException("a training is already running; cancel it first");
        }
        Path dir = RunService.defaultFinalDir(validatedRun);
        submitTraining(dir, false, () -> {
            RunService.TrainOutcome r = RunService.trainFinal(validatedRun, dir, forwarder(), cancel::get);
            if (r.stop().resumable()) {
                return r; // cancelled or cut short: no final model to forecast with yet
            }
            analyst.submit(() -> {
                try {
                    FutureForecast f = RunService.forecastOwnData(r.runDir(), "auto");
                    tell(l -> l.finalModelReady(r.runDir(), f));
                } catch (RuntimeException e) {
                    tell(l -> l.failed("final model", message(e)));
                }
            });
            return r;
        });
    }

    private interface Training {
        RunService.TrainOutcome run();
    }

    private void submitTraining(Path runDir, boolean resume, Training job) {
        if (!training.compareAndSet(false, true)) {
            throw new IllegalStateException("a training is already running; cancel it first");
        }
        cancel.set(false);
        currentRun = runDir;
        tell(l -> l.trainingStarted(runDir, resume));
        trainer.submit(() -> {
            try {
                RunService.TrainOutcome outcome = job.run();
                recent.add(outcome.runDir());
                training.set(false);
                tell(l -> l.recentRunsChanged(recent.list()));
                tell(l -> l.trainingFinished(outcome, null));
                if (outcome.panel() != null) {
                    openRun(outcome.runDir()); // a run over many series is shown one series at a time
                } else if (outcome.test() != null) {
                    // the training's data and test forecasts, not a second read and forecast
                    open(outcome.runDir(), () -> outcome.open("auto"));
                }
            } catch (RuntimeException | Error e) {
                // every failure still ends the training in the UI (buttons re-enabled, message shown)
                training.set(false);
                tell(l -> l.trainingFinished(null, message(e)));
            }
        });
    }

    private TrainingListener forwarder() {
        long[] last = {0};
        return new TrainingListener() {
            @Override
            public void onStart(Plan plan) {
                tell(l -> l.trainingPlanned(plan));
            }

            @Override
            public void onStep(Step step) {
                long now = System.nanoTime();
                if (now - last[0] >= STEP_INTERVAL_NANOS || step.stepInEpoch() == step.stepsPerEpoch()) {
                    last[0] = now;
                    tell(l -> l.trainingStep(step));
                }
            }

            @Override
            public void onEpoch(EpochRecord epoch) {
                tell(l -> l.trainingEpoch(epoch));
            }

            @Override
            public void onOutliers(OutlierRecord outliers) {
                tell(l -> l.trainingOutliers(outliers));
            }

            @Override
            public void onMessage(String message) {
                tell(l -> l.trainingMessage(message));
            }
        };
    }

    /** Asks the running training to stop after its current step (its checkpoint is kept and resumable). */
    public void cancelTraining() {
        cancel.set(true);
    }

    /** Opens a run directory: loads its best model and computes its test forecasts, metrics and future forecast. */
    public void openRun(Path runDir) {
        openRun(runDir, null);
    }

    /**
     * As above; a run over many series is shown one series at a time: {@code series} (null: its first), with the
     * others offered to choose from ({@link OpenedRun#seriesIds()}).
     */
    public void openRun(Path runDir, String series) {
        open(runDir, () -> {
            RunDirectory run = RunDirectory.open(runDir);
            String chosen = series != null || !run.dataInfo().isPanel() ? series : run.panel().series().get(0).id();
            return RunAnalysis.open(run, null, "auto", chosen);
        });
    }

    private void open(Path runDir, java.util.function.Supplier<RunAnalysis> opener) {
        analyst.submit(() -> {
            try {
                if (analysis != null) {
                    analysis.close();
                    analysis = null;
                }
                RunAnalysis a = opener.get();
                analysis = a;
                Map<String, Integer> layers = new LinkedHashMap<>();
                for (String p : a.layers()) {
                    layers.put(p, a.heads(p));
                }
                FutureForecast future = null;
                String futureError = null;
                try {
                    future = a.future();
                } catch (RuntimeException e) {
                    futureError = message(e);
                }
                OpenedRun opened = new OpenedRun(a.dir(), a.spec(), a.data(), a.parameters(),
                        a.testForecastsWithIntervals(), a.testMetrics(), a.baselines(), a.verdict(), future, futureError,
                        a.history(), layers, a.testWindows(), a.intervalReport(), a.linearPartForecasts(),
                        a.linearPartMetrics(), a.series(), a.series() == null ? List.of() : a.run().panel().series()
                                .stream().map(RunDirectory.PanelSeries::id).toList());
                currentRun = a.dir();
                recent.add(a.dir());
                tell(l -> l.recentRunsChanged(recent.list()));
                tell(l -> l.runOpened(opened));
            } catch (RuntimeException | Error e) {
                tell(l -> l.failed("open run", "cannot open " + runDir + ": " + message(e)));
            }
        });
    }

    /**
     * Runs {@code job} on the opened run on the analysis thread and tells the view what it returns; a job without a
     * run, or one that fails, is reported as {@code what} failing.
     */
    private void onOpenedRun(String what, java.util.function.Function<RunAnalysis, Consumer<Listener>> job) {
        if (analyst.isShutdown()) {
            return; // the window is closing: a view's last request (an inspection on a run just opened) is dropped
        }
        analyst.submit(() -> {
            RunAnalysis a = analysis;
            if (a == null) {
                tell(l -> l.failed(what, "open or train a run first"));
                return;
            }
            try {
                tell(job.apply(a));
            } catch (RuntimeException | Error e) {
                tell(l -> l.failed(what, message(e)));
            }
        });
    }

    /** Computes per-module outlier statistics and FP vs W8A8 for the opened run. */
    public void computeOutliers() {
        onOpenedRun("outliers", a -> {
            OutlierStudy.Result o = a.outliers();
            QuantizationStudy.Result q = a.quantization(CALIBRATION_BATCHES);
            return l -> l.outliersReady(o, q);
        });
    }

    /** Backtests the opened run's model over its test split from every {@code step}-th origin, without refitting. */
    public void backtest(int step) {
        onOpenedRun("backtest", a -> {
            RunService.Backtested b = a.backtest(a.origins(null, null), step);
            return l -> l.backtestReady(b);
        });
    }

    /**
     * Evaluates the opened run with the external memory {@code kind} ("pnp", "tnp") over the bank {@code bank}, its
     * setting chosen (or tuned) on validation.
     */
    public void memory(String kind, String bank) {
        onOpenedRun("memory", a -> {
            var m = a.memoryWithForecasts(new org.hopcast.forecasting.service.MemoryEvaluation.Request(kind, bank, null,
                    1));
            return l -> l.memoryReady(m.getKey(), m.getValue());
        });
    }

    /**
     * What test window {@code window} of the opened run retrieves from the bank {@code bank} at Plug-and-Play's
     * setting (as evaluate saved it, else chosen on validation first).
     */
    public void retrieval(String bank, int window) {
        onOpenedRun("retrieval", a -> {
            var r = a.retrieval(new org.hopcast.forecasting.service.MemoryEvaluation.Request("pnp", bank, null, 1),
                    window);
            return l -> l.retrievalReady(r.getKey(), r.getValue());
        });
    }

    /** Looks at one Hopfield layer of the opened run on one test window. */
    public void inspect(String layer, int head, int window, int row) {
        onOpenedRun("inspect", a -> {
            LayerInspection i = a.inspect(layer, head, window, row);
            return l -> l.inspectionReady(i);
        });
    }

    /** Loads a {@code compare} study (its folder or table.json) to show the variants side by side. */
    public void loadStudy(Path path) {
        analyst.submit(() -> {
            try {
                CompareStudy.Loaded s = CompareStudy.read(path);
                tell(l -> l.studyLoaded(s));
            } catch (RuntimeException e) {
                tell(l -> l.failed("compare study", message(e)));
            }
        });
    }

    /**
     * Writes the opened run's test forecasts (test_forecast.csv), its forecast beyond the end of the file
     * (future_forecast.csv) and {@code charts} as PNGs into {@code dir}, off the UI thread.
     */
    public void exportForecasts(OpenedRun run, Path dir, List<org.jfree.chart.JFreeChart> charts) {
        analyst.submit(() -> {
            try {
                Files.createDirectories(dir);
                List<Path> files = new ArrayList<>();
                Path csv = dir.resolve("test_forecast.csv");
                run.test().writeCsv(csv, run.data().table(), run.data().scaler());
                files.add(csv);
                if (run.future() != null) {
                    Path future = dir.resolve("future_forecast.csv");
                    run.future().write(future);
                    files.add(future);
                }
                for (int i = 0; i < charts.size(); i++) {
                    Path png = dir.resolve("forecast_chart_" + (i + 1) + ".png");
                    ChartFiles.png(png, charts.get(i), ForecastCharts.WIDTH, ForecastCharts.HEIGHT);
                    files.add(png);
                }
                tell(l -> l.exported(files));
            } catch (java.io.IOException | RuntimeException e) {
                tell(l -> l.failed("export", "cannot export into " + dir + ": " + message(e)));
            }
        });
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    @Override
    public void close() {
        cancel.set(true);
        trainer.shutdown();
        analyst.submit(() -> {
            if (analysis != null) {
                analysis.close();
                analysis = null;
            }
        });
        analyst.shutdown();
        // the jobs in flight finish what they write (a cancelled training stops at its next step) before the run
        // folders they write into are let go: the app's exit, or a test's temporary folder, does not race them
        try {
            trainer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            analyst.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
