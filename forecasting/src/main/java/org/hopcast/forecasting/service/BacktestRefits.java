package org.hopcast.forecasting.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.eval.Backtest;
import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.eval.MaseScale;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.run.files.AtomicFiles;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.train.TrainingListener;

/**
 * A backtest that refits: at every K-th origin the run's configuration is trained again, for the epochs the run needed
 * to reach its best validation MSE, on the rows before that origin only (from the file's first row: an expanding
 * window; or the run's training length back from the origin: a sliding one), and that model forecasts from this origin
 * and the next K - 1. The linear baseline is refitted on the same rows; persistence and seasonal naive need no fit.
 *
 * <p>The rows a refit trains on are written to its own folder ({@code refits/rows-FROM-TO/rows.csv}) and trained on as
 * a final model (nothing held out) of the run: what it saw can be read back, and a test checks that no row at or
 * after its first origin is among them. A refit folder that finished is kept and reused when the backtest is run
 * again (a stopped backtest resumes); one that did not is trained again. The refits are planned first (their rows
 * written), then trained as {@link RefitJob}s by a {@link RefitJob.Trainer} (one after another here, or spread over a
 * grid runner's executors), then each forecasts from its origins.
 */
final class BacktestRefits {
    /** The training window of a refit. */
    enum Window {
        EXPANDING, SLIDING;

        static Window parse(String text) {
            return switch (text == null ? "expanding" : text.trim().toLowerCase(Locale.ROOT)) {
                case "expanding" -> EXPANDING;
                case "sliding" -> SLIDING;
                default -> throw new IllegalArgumentException("the refit window '" + text + "': expanding or sliding");
            };
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The data file of a refit: the rows it trains on, as read. */
    static final String DATA_FILE = "rows.csv";

    private BacktestRefits() {
    }

    /**
     * The backtest of {@code run}'s configuration refitted every {@code every} origins over {@code range}, each refit
     * written under {@code dir}/refits and trained by {@code trainer} (all of them first, so that a runner can spread
     * them), then forecasting from its origins.
     */
    static RunService.Backtested run(RunDirectory run, PreparedSeries data, RunAnalysis.OriginRange range, int step,
            int every, Window window, Path dir, String device, RefitJob.Trainer trainer, TrainingListener listener,
            BooleanSupplier cancelled) {
        if (every < 1) {
            throw new IllegalArgumentException("a refit every " + every + " origins: at least every 1");
        }
        RunSpec spec = run.spec();
        int epochs = RunService.epochsNeeded(run);
        if (epochs < 0) {
            throw new RunException(run.dir() + " has no best epoch yet, so a refit does not know how long to train:"
                    + " resume its training first");
        }
        int in = data.layout().window().inLen();
        int out = data.layout().window().outLen();
        int trainRows = data.layout().sizes().train();
        SeriesTable table = data.table();
        WindowDataset origins = data.windows(Split.TEST).setRows(range.first() - in, range.last() + out).optSplit(null)
                .optStride(step).build();
        int n = (int) origins.size();
        int blocks = (n + every - 1) / every;
        // the refits: their rows written, the unfinished ones trained (where the trainer puts them), then used
        List<Backtest.Refit> refits = new ArrayList<>();
        List<RefitJob> jobs = new ArrayList<>();
        String timeColumn = table.hasTimestamps() ? table.timeColumn().orElse("date") : "none";
        for (int first = 0; first < n; first += every) {
            int origin = origins.targetRow(first, 0);
            int from = window == Window.EXPANDING ? 0 : Math.max(0, origin - trainRows);
            // named by the rows it trains on: a refit of other rows (another window or origin) is another folder
            Path refitDir = dir.resolve("refits").resolve("rows-" + from + "-" + origin);
            RefitJob job = new RefitJob(run.dir().toAbsolutePath().normalize().toString(),
                    refitDir.toAbsolutePath().normalize().toString(), timeColumn, epochs, String.format(Locale.ROOT,
                    "refit %d of %d: training on rows %d-%d, forecasting from %s", first / every + 1, blocks, from,
                    origin - 1, Backtest.time(table, origin)));
            if (job.finished()) {
                listener.onMessage("  reusing " + refitDir + " (finished before)");
            } else {
                prepare(data.withFileCovariates(), from, origin, refitDir); // the covariates travel with the rows
                jobs.add(job);
            }
            refits.add(new Backtest.Refit(origin, Backtest.time(table, origin), Math.min(every, n - first), from, origin,
                    Backtest.time(table, from), Backtest.time(table, origin - 1), epochs, refitDir.toString()));
        }
        if (!jobs.isEmpty()) {
            listener.onMessage(String.format(Locale.ROOT, "training %d refit%s %s", jobs.size(),
                    jobs.size() == 1 ? "" : "s", trainer.describe()));
            trainer.train(jobs, listener, cancelled);
        }
        int per = out * table.columnCount();
        float[] model = new float[n * per];
        Map<String, float[]> baselines = new LinkedHashMap<>();
        List<Baselines.Unavailable> unavailable = List.of();
        for (int b = 0; b < refits.size(); b++) {
            Backtest.Refit r = refits.get(b);
            int first = b * every;
            int origin = r.originRow();
            int lastTarget = origins.targetRow(first + r.origins() - 1, 0) + out;
            if (!finished(Path.of(r.runDir()))) {
                throw new IllegalStateException("the refit in " + r.runDir() + " did not finish (" + trainer.describe()
                        + "); run the backtest again to resume it");
            }
            try (TrainedModel m = TrainedModel.load(Path.of(r.runDir()), device)) {
                PreparedSeries scaledAsRefit = m.inModelUnits(data);
                WindowDataset refitBlock = scaledAsRefit.windows(Split.TEST).setRows(origin - in, lastTarget)
                        .optSplit(null).optStride(step).build();
                Forecasts f = Forecasts.of(m.net(), m.parameterStore(), m.manager(), refitBlock,
                        spec.training().batchSize(), (done, total) -> { });
                copyRescaled(f, m.scaler(), data.scaler(), model, first * per);
            }
            // the linear baseline on the same rows as the refit (its windows end before the origin)
            WindowDataset block = data.windows(Split.TEST).setRows(origin - in, lastTarget).optSplit(null)
                    .optStride(step).build();
            Baselines.Forecasters fitted = Baselines.forecasters(data, data.windows(Split.TRAIN)
                    .setRows(r.trainFrom(), origin).optSplit(null).build());
            unavailable = fitted.unavailable();
            for (Baselines.Forecaster f : fitted.available()) {
                float[] all = baselines.computeIfAbsent(Baselines.key(f.name()), k -> new float[n * per]);
                Forecasts bf = f.forecast(block);
                for (int w = 0; w < r.origins(); w++) {
                    for (int h = 0; h < out; h++) {
                        for (int c = 0; c < table.columnCount(); c++) {
                            all[(first + w) * per + h * table.columnCount() + c] = bf.predicted(w, h, c);
                        }
                    }
                }
            }
        }
        Forecasts modelForecasts = Forecasts.of(origins, model);
        Map<String, Forecasts> byName = new LinkedHashMap<>();
        baselines.forEach((k, v) -> byName.put(k, Forecasts.of(origins, v)));
        String mode = String.format(Locale.ROOT, "refit every %d origin%s (%s window, %d epochs)", every,
                every == 1 ? "" : "s", window.label(), epochs);
        Backtest report = Backtest.of(new Backtest.Inputs(table.source().name(), mode, table, data.scaler(),
                MaseScale.of(data), Map.entry(Backtest.MODEL, modelForecasts), byName, unavailable), refits);
        return new RunService.Backtested(report, modelForecasts, table, data.scaler());
    }

    /**
     * Makes {@code dir} a fresh refit folder holding the rows [from, to) of {@code table} it will train on (where a
     * reader, and the leak test, finds them); what an unfinished refit left there is removed.
     */
    private static void prepare(SeriesTable table, int from, int to, Path dir) {
        try {
            if (Files.exists(dir)) {
                deleteTree(dir);
            }
            Files.createDirectories(dir);
            AtomicFiles.writeString(dir.resolve(DATA_FILE), table.toCsv(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the refit in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code dir} holds a refit that finished: a final model with its data file beside it. */
    static boolean finished(Path dir) {
        return RunDirectory.isTested(dir) && Files.isRegularFile(dir.resolve(RunDirectory.BEST))
                && Files.isRegularFile(dir.resolve(DATA_FILE));
    }

    /** A refit model's forecasts (its own z-scores) in the backtested data's z-scores, into {@code into} at {@code at}. */
    private static void copyRescaled(Forecasts f, StandardScaler from, StandardScaler to, float[] into, int at) {
        int out = f.windows().window().outLen();
        int series = f.windows().columns();
        for (int w = 0; w < f.windows().size(); w++) {
            for (int h = 0; h < out; h++) {
                for (int c = 0; c < series; c++) {
                    into[at + (w * out + h) * series + c] = (float) to.transform(from.inverse(f.predicted(w, h, c), c), c);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
