package org.hopcast.forecasting.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.hopcast.datasets.ReadOptions;
import org.hopcast.datasets.SeriesCsvReader;
import org.hopcast.datasets.SeriesSource;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.forecasting.eval.FutureForecast;
import org.hopcast.forecasting.eval.PredictionIntervals;
import org.hopcast.forecasting.run.Provenance;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.service.RunService;

/**
 * A trained run opened for forecasting, for other programs: the run directory (an ordinary run or a final model) is
 * read, its best model loaded and its prediction intervals read once; then {@link #forecast} answers with the next
 * out_len steps after the last row of the input, their timestamps and the intervals, exactly as
 * {@code hopcast forecast} writes them.
 *
 * <p>Thread-safe. A model's forward pass frees its scoped arrays when it ends, so two threads must not run one model
 * at once: {@code poolSize} loaded copies (default 1) serve the calls. Calls that arrive while every copy is busy
 * wait in a queue, and a copy that comes free forecasts all of them (up to {@code maxBatch}) in one forward pass:
 * no call waits for a batch to fill, and under load one pass serves many (a batch-1 pass costs nearly what a
 * batch of 32 does on a CPU). A window's forecast does not depend on its batch (checked bit for bit in the tests).
 * {@link #reload} (or {@link #reloadIfChanged}, which a caller may run before every request) swaps in a model
 * retrained into the same folder after the calls in flight have finished.
 *
 * <pre>{@code
 * try (RunForecaster f = RunForecaster.builder().setRun(Path.of("runs/etth1")).build()) {
 *     FutureForecast next = f.forecast(Path.of("latest.csv"));
 *     System.out.println(next.timestamps() + " " + next.values()[0][0]);
 * }
 * }</pre>
 */
public final class RunForecaster implements AutoCloseable {
    /**
     * What a caller may ask about the model before forecasting with it: its series (the targets), the covariates its
     * input rows carry beside them (past, then future) and the future covariates a forecast needs over its period.
     * A run over many series names its id columns and the ids it was trained on: a forecast names one of them and
     * gives that series' rows (without the id columns); its intervals are that series' own, at the run's
     * {@code coverages} (each series calibrated by its training, or on its first forecast for a run from before).
     */
    public record Info(String name, String runDir, List<String> series, String timeColumn, int inLen, int outLen,
            List<Double> coverages, String validatedBy, int epoch, Provenance provenance, List<String> pastCovariates,
            List<String> futureCovariates, List<String> idColumns, List<String> ids) {
        public Info {
            pastCovariates = pastCovariates == null ? List.of() : List.copyOf(pastCovariates);
            futureCovariates = futureCovariates == null ? List.of() : List.copyOf(futureCovariates);
            idColumns = idColumns == null ? List.of() : List.copyOf(idColumns);
            ids = ids == null ? List.of() : List.copyOf(ids);
        }

        /** Whether the model was trained on many series (a forecast then names one of {@link #ids}). */
        public boolean isPanel() {
            return !idColumns.isEmpty();
        }

        /** The columns an input row carries: the series, then the past and future covariates. */
        public List<String> inputColumns() {
            List<String> out = new ArrayList<>(series);
            out.addAll(pastCovariates);
            out.addAll(futureCovariates);
            return out;
        }
    }

    private final String name;
    private final Path runDir;
    private final String device;
    private final int poolSize;
    private final int maxBatch;
    /** Calls waiting for a free copy of the model. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> waiting =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicLong passes = new java.util.concurrent.atomic.AtomicLong();
    private final ReadWriteLock generation = new ReentrantReadWriteLock();
    private BlockingQueue<TrainedModel> pool;
    private List<TrainedModel> loaded;
    private PredictionIntervals intervals;
    /** For a run over many series: each series' intervals, read (or calibrated) on its first forecast; null otherwise. */
    private java.util.concurrent.ConcurrentHashMap<String, PredictionIntervals> seriesIntervals;
    /** For a run over many series: each series' statistics {targets, covariates}; null otherwise. */
    private java.util.Map<String, org.hopcast.datasets.StandardScaler[]> seriesScalers;
    private Info info;
    private ReadOptions read;
    /** How a file of future covariates is read: the run's way, their columns only. */
    private ReadOptions futureRead;
    private long bestModified;
    private boolean closed;

    private RunForecaster(Builder b) {
        this.runDir = b.run;
        this.name = b.name != null ? b.name : b.run.toAbsolutePath().normalize().getFileName().toString();
        this.device = b.device;
        this.poolSize = b.poolSize;
        this.maxBatch = b.maxBatch;
        load();
    }

    /** A builder: {@code setRun} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Opens {@code runDir} on the CPU with one model. */
    public static RunForecaster open(Path runDir) {
        return builder().setRun(runDir).build();
    }

    /** Loads the pool, the intervals and what {@link #info} says; the caller holds the write lock or is the constructor. */
    private void load() {
        RunDirectory run = RunDirectory.open(runDir);
        boolean panel = run.dataInfo().isPanel();
        long modified = modified(run.best());
        List<TrainedModel> models = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                models.add(TrainedModel.load(run, device));
            }
            TrainedModel first = models.get(0);
            // a run without intervals.json is calibrated once here (and saved), as forecast does; a run over many
            // series calibrates each series on its first forecast (a thousand calibrations would delay the start)
            PredictionIntervals bands = panel ? null : RunService.calibration(first, null);
            RunSpec spec = first.spec();
            RunDirectory.DataInfo data = first.run().dataInfo();
            Info i = new Info(name, runDir.toAbsolutePath().normalize().toString(), data.series(), data.timeColumn(),
                    spec.model().inLen(), spec.model().outLen(), panel ? spec.training().coverages() : bands.coverages(),
                    spec.validatedBy(), first.epoch(), readProvenance(run), data.pastCovariates(),
                    data.futureCovariates(), panel ? data.idColumn() : null, panel ? List.copyOf(first.panelScalers()
                            .keySet()) : null);
            ReadOptions options = spec.dataRequest(Path.of(name + ".csv")).read();
            List<TrainedModel> old = loaded;
            loaded = models;
            pool = new ArrayBlockingQueue<>(poolSize, false, models);
            intervals = bands;
            seriesIntervals = panel ? new java.util.concurrent.ConcurrentHashMap<>() : null;
            seriesScalers = panel ? first.panelScalers() : null;
            info = i;
            read = options;
            futureRead = options.forColumns(i.futureCovariates());
            bestModified = modified;
            if (old != null) {
                old.forEach(TrainedModel::close);
            }
        } catch (RuntimeException e) {
            models.forEach(TrainedModel::close);
            throw e;
        }
    }

    private static Provenance readProvenance(RunDirectory run) {
        try {
            return run.readProvenance();
        } catch (RunException e) {
            return null; // a run from before provenance.json: nothing to say, the forecast still stands
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new RunException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The name it is served under (by default the run folder's name). */
    public String name() {
        return name;
    }

    /** The series, lengths, intervals and provenance of the model now loaded. */
    public Info info() {
        return underReadLock(() -> info);
    }

    /** The forecast after the last row of the CSV file {@code csv}, read as the run reads its data. */
    public FutureForecast forecast(Path csv) {
        return underReadLock(() -> forecast(SeriesCsvReader.read(SeriesSource.file(csv), read), csv.toString()));
    }

    /** The forecast after the last row of CSV text held in memory, named {@code source} in messages. */
    public FutureForecast forecast(byte[] csv, String source) {
        return underReadLock(() -> forecast(SeriesCsvReader.read(SeriesSource.bytes(source, csv), read), source));
    }

    /** The forecast after the last row of {@code table} (its columns the model's series). */
    public FutureForecast forecast(SeriesTable table) {
        return underReadLock(() -> forecast(table, table.source().name()));
    }

    /**
     * The forecast after the last row of CSV text {@code csv}, with the future covariates of its period from CSV text
     * {@code future} (the time column and {@link Info#futureCovariates()}; null for a model that needs none).
     */
    public FutureForecast forecast(byte[] csv, byte[] future, String source) {
        return underReadLock(() -> forecast(SeriesCsvReader.read(SeriesSource.bytes(source, csv), read), future == null
                ? null : SeriesCsvReader.read(SeriesSource.bytes(source + " (future)", future), futureRead), source,
                null));
    }

    /** The forecast after the last row of {@code table}, the future covariates of its period from {@code future}. */
    public FutureForecast forecast(SeriesTable table, SeriesTable future) {
        return underReadLock(() -> forecast(table, future, table.source().name(), null));
    }

    /**
     * For a run over many series: the forecast of series {@code series} after the last row of CSV text {@code csv}
     * (that series' rows: the time column, its targets and covariates, no id column), with the future covariates of
     * its period from {@code future} (null when the model needs none) and that series' intervals.
     */
    public FutureForecast forecast(byte[] csv, byte[] future, String source, String series) {
        return underReadLock(() -> forecast(SeriesCsvReader.read(SeriesSource.bytes(source, csv), read), future == null
                ? null : SeriesCsvReader.read(SeriesSource.bytes(source + " (future)", future), futureRead), source,
                series));
    }

    /** As above, from the CSV file {@code csv} (one series' rows), without future covariates. */
    public FutureForecast forecast(Path csv, String series) {
        return underReadLock(() -> forecast(SeriesCsvReader.read(SeriesSource.file(csv), read), null, csv.toString(),
                series));
    }

    /** {@code body} with the model loaded now: a reload waits for it, and it for a reload. */
    private <T> T underReadLock(java.util.function.Supplier<T> body) {
        generation.readLock().lock();
        try {
            return body.get();
        } finally {
            generation.readLock().unlock();
        }
    }

    /** A call waiting for its forecast, and the intervals it gets (its series' in a run over many). */
    private record Pending(FutureForecast.Window window, PredictionIntervals bands,
            java.util.concurrent.CompletableFuture<FutureForecast> result) {
    }

    /** Runs one forecast, batched with the calls waiting beside it; the caller holds the read lock. */
    private FutureForecast forecast(SeriesTable table, String source) {
        return forecast(table, null, source, null);
    }

    private FutureForecast forecast(SeriesTable table, SeriesTable future, String source, String series) {
        if (closed) {
            throw new IllegalStateException("the forecaster of " + name + " is closed");
        }
        FutureForecast.Window window;
        PredictionIntervals bands;
        if (seriesScalers == null) {
            if (series != null) {
                throw new IllegalArgumentException(name + " is a model of one series; it has no series '" + series + "'");
            }
            // checked and scaled by the caller (any copy: they share settings and scaler), so a bad input fails alone
            window = FutureForecast.window(loaded.get(0), table, source, future);
            bands = intervals;
        } else {
            org.hopcast.datasets.StandardScaler[] s = series == null ? null : seriesScalers.get(series);
            if (s == null) {
                throw new IllegalArgumentException(name + " was trained on many series (id column " + String.join(",",
                        info.idColumns()) + "): " + (series == null ? "name the series to forecast" : "it has no"
                        + " series '" + series + "'") + " (" + info.ids().size() + " series: " + String.join(", ",
                        info.ids().subList(0, Math.min(5, info.ids().size()))) + (info.ids().size() > 5 ? ", ..." : "")
                        + ")");
            }
            window = FutureForecast.window(loaded.get(0), table, source, future, s[0], s[1]);
            bands = seriesIntervals(series);
        }
        Pending p = new Pending(window, bands, new java.util.concurrent.CompletableFuture<>());
        waiting.add(p);
        serveWaiting();
        try {
            return p.result().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Forecasts the waiting calls on whichever copies are free, in batches of up to maxBatch, until none waits or no
     * copy is free (then the thread holding one serves them when it is done: it looks again after giving it back).
     */
    private void serveWaiting() {
        while (!waiting.isEmpty()) {
            TrainedModel model = pool.poll();
            if (model == null) {
                return;
            }
            try {
                List<Pending> batch = new ArrayList<>();
                Pending next;
                while (batch.size() < maxBatch && (next = waiting.poll()) != null) {
                    batch.add(next);
                }
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    List<FutureForecast> out = FutureForecast.of(model, batch.stream().map(Pending::window).toList());
                    passes.incrementAndGet();
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).result().complete(out.get(i).withIntervals(batch.get(i).bands()));
                    }
                } catch (RuntimeException | Error e) {
                    batch.forEach(b -> b.result().completeExceptionally(e));
                }
            } finally {
                pool.add(model);
            }
        }
    }

    /**
     * Series {@code id}'s intervals: its saved calibration, or calibrated now on its validation windows (with a copy
     * of the model taken from the pool, so no forecast shares it) and saved in its folder of the run; once per series.
     */
    private PredictionIntervals seriesIntervals(String id) {
        return seriesIntervals.computeIfAbsent(id, k -> {
            TrainedModel model;
            try {
                model = pool.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a model to calibrate series " + k, e);
            }
            try {
                return RunService.calibration(model.series(k), null);
            } finally {
                pool.add(model);
                serveWaiting(); // calls that waited for this copy
            }
        });
    }

    /** Forward passes run so far (fewer than forecasts when calls were batched). */
    public long passes() {
        return passes.get();
    }

    /** Loads the run's best model again (a final model retrained into the same folder), after the calls in flight. */
    public void reload() {
        generation.writeLock().lock();
        try {
            load();
        } finally {
            generation.writeLock().unlock();
        }
    }

    /** Reloads when best.params changed since it was loaded; returns whether it did. */
    public boolean reloadIfChanged() {
        long now = modified(RunDirectory.open(runDir).best());
        if (now == bestModifiedNow()) {
            return false;
        }
        reload();
        return true;
    }

    private long bestModifiedNow() {
        return underReadLock(() -> bestModified);
    }

    @Override
    public void close() {
        generation.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                loaded.forEach(TrainedModel::close);
            }
        } finally {
            generation.writeLock().unlock();
        }
    }

    /** Builds a {@link RunForecaster} in DJL's style: {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private Path run;
        private String name;
        private String device = "cpu";
        private int poolSize = 1;
        private int maxBatch = 32;

        private Builder() {
        }

        /** The run directory (an ordinary run or a final model). */
        public Builder setRun(Path runDir) {
            this.run = runDir;
            return this;
        }

        /** The name it goes by (default: the run folder's name). */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /** cpu (default), gpu or auto. */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /** How many copies of the model forecast in parallel (default 1). */
        public Builder optPoolSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("a pool of " + size + " models: at least 1");
            }
            this.poolSize = size;
            return this;
        }

        /** The most waiting calls one forward pass serves (default 32; 1: every call its own pass). */
        public Builder optMaxBatch(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("a batch of " + max + " calls: at least 1");
            }
            this.maxBatch = max;
            return this;
        }

        /** Opens the run: reads it, loads the models and the intervals. */
        public RunForecaster build() {
            if (run == null) {
                throw new IllegalStateException("setRun is required");
            }
            return new RunForecaster(this);
        }
    }
}
