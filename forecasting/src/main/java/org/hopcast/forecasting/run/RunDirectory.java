package org.hopcast.forecasting.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import ai.djl.Device;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;

import org.hopcast.datasets.IoErrors;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.forecasting.model.InstanceNorm;
import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.JsonSchema;
import org.hopcast.forecasting.run.files.Omissible;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.run.files.Since;
import org.hopcast.forecasting.run.machine.BuildInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's directory: everything needed to reproduce, resume, evaluate and inspect a training.
 * <pre>
 *   config.json       the resolved RunSpec (preset, data, model, training); written last at creation
 *   data.json         the data it was trained on: source, SHA-256, rows, series names, split sizes
 *   scaler.json       the z-score statistics fitted on the training rows
 *   provenance.json   seed, versions, device, parameter count, start time
 *   checkpoint.params the last committed state: model, optimizer, position, history (the commit point)
 *   best.params       the best model so far (by validation MSE)
 *   history.json      one record per epoch (a copy of the checkpoint's, for reading)
 *   metrics.json      test metrics of the best model
 *   forecast.csv      test-split forecasts in original units; charts/ one PNG per series
 *   .lock             who is writing the run now (see RunLock)
 * </pre>
 * Every file is written atomically and every file is checked when it is read (JSON against its record,
 * checkpoints against their SHA-256); a problem names the file and the key. At an epoch's end the checkpoint is
 * written first (it holds the state and the history), then best.params, then history.json: whatever the moment
 * a run is stopped, the checkpoint says what happened, and the other two are brought back in line with it
 * ({@link #bestWeights()}, and a resume rewrites them).
 */
public final class RunDirectory {
    private static final Logger LOG = LoggerFactory.getLogger("org.hopcast.run");

    /**
     * What data.json holds; {@code insertedRows} and {@code mergedRows} the rows the gap policy inserted at missing
     * timestamps (filled) and the repeated timestamps it averaged (0 in runs from before gaps could be filled).
     */
    public record DataInfo(String source, String sha256, int rows, List<String> series, String timeColumn,
            String split, int train, int val, int test, @Since("gaps") int insertedRows,
            @Since("gaps") int mergedRows, @Since("covariates") List<String> pastCovariates,
            @Since("covariates") List<String> futureCovariates, @Since("covariates") List<String> calendarFeatures,
            @Since("panels") List<String> idColumn) {
        /** Whether the run is over many series of one file (its series in panel.json). */
        public boolean isPanel() {
            return idColumn != null && !idColumn.isEmpty();
        }

        /** The covariate columns the model takes: past, future, then two per calendar feature (none: 0). */
        public int covariateColumns() {
            return size(pastCovariates) + knownColumns();
        }

        /** Of those, the ones known ahead: future covariates and calendar features. */
        public int knownColumns() {
            return size(futureCovariates) + 2 * size(calendarFeatures);
        }

        /** Which columns were targets and which covariates, as the run resolved them ("on" became its features). */
        public org.hopcast.datasets.ColumnRoles roles() {
            return new org.hopcast.datasets.ColumnRoles(series, pastCovariates, futureCovariates,
                    calendarFeatures == null || calendarFeatures.isEmpty() ? null : calendarFeatures);
        }

        private static int size(List<String> l) {
            return l == null ? 0 : l.size();
        }
    }

    /** What scaler.json holds: the targets' statistics, then the covariates' (absent without covariates). */
    public record ScalerInfo(List<String> series, double[] mean, double[] std, @Since("covariates") List<String> covariates,
            @Since("covariates") double[] covariateMean, @Since("covariates") double[] covariateStd) {
        public StandardScaler toScaler() {
            return new StandardScaler(mean, std);
        }
    }

    /**
     * What panel.json holds: the id columns, each series kept (its rows, first and last timestamp, split sizes and
     * training statistics: targets' and covariates') and the series left out with why.
     */
    public record PanelInfo(List<String> idColumn, List<PanelSeries> series, Map<String, String> skipped) {
        /** Each kept series' statistics by id: {targets, covariates (null without)}. */
        public Map<String, StandardScaler[]> scalers() {
            Map<String, StandardScaler[]> out = new java.util.LinkedHashMap<>();
            for (PanelSeries s : series) {
                out.put(s.id(), new StandardScaler[] {new StandardScaler(s.mean(), s.std()), s.covariateMean() == null
                        ? null : new StandardScaler(s.covariateMean(), s.covariateStd())});
            }
            return out;
        }
    }

    /** One series of a panel run. */
    public record PanelSeries(String id, int rows, String first, String last, int train, int val, int test,
            double[] mean, double[] std, @Omissible double[] covariateMean, @Omissible double[] covariateStd) {
    }

    /** panel.json, checked against data.json's series; for a run over many series only. */
    public PanelInfo panel() {
        Path f = file(PANEL);
        PanelInfo p = Json.read(f, PanelInfo.class);
        int n = dataInfo().series().size();
        int c = dataInfo().covariateColumns();
        for (PanelSeries s : p.series()) {
            if (s.mean().length != n || s.std().length != n || c > 0 && (s.covariateMean() == null
                    || s.covariateMean().length != c || s.covariateStd().length != c)) {
                throw new RunException(f + ": series " + s.id() + " must hold one mean and std per series (" + n
                        + ") and per covariate column (" + c + ")");
            }
        }
        return p;
    }

    /** What a checkpoint says: where training stands and the history up to there (null in old checkpoints). */
    public record CheckpointInfo(TrainingState state, List<EpochRecord> history) {
    }

    /** Where the best model's weights are: best.params, or the checkpoint when it holds the same weights. */
    public record Weights(Path file, int epoch, boolean fromCheckpoint) {
    }

    /** Where new runs and studies go when the user names no folder. */
    public static final Path DEFAULT_PARENT = Path.of("runs");

    /**
     * The folder for a new run or study the user did not name: {@code runs/<yyyyMMdd-HHmmss>-<label>}, so a
     * plain listing of runs/ is in the order they were started.
     */
    public static Path defaultPath(String label) {
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return DEFAULT_PARENT.resolve(stamp + "-" + label);
    }

    /** The file that makes a folder a run (its settings). */
    public static final String CONFIG = "config.json";
    /** The resumable checkpoint, written at every epoch's end and on cancel. */
    public static final String CHECKPOINT = "checkpoint.params";
    public static final String BEST = "best.params";
    public static final String HISTORY = "history.json";
    public static final String DATA = "data.json";
    public static final String SCALER = "scaler.json";
    /** A run over many series: each series' rows, splits and statistics, and the series left out. */
    public static final String PANEL = "panel.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.json";
    public static final String FORECAST = "forecast.csv";
    /** The conformal calibration of the prediction intervals ({@code eval.PredictionIntervals}). */
    public static final String INTERVALS = "intervals.json";
    public static final String STATUS = "status.json";
    public static final String CHARTS = "charts";
    /** The folder of per-series analyses' files in a run over many series ({@link #seriesDir}). */
    public static final String SERIES = "series";

    /** Reads of config.json by every opened run of this process (a diagnostic: tests hold commands to one each). */
    private static final java.util.concurrent.atomic.AtomicLong CONFIG_READS = new java.util.concurrent.atomic.AtomicLong();

    private final Path dir;
    /**
     * The settings, read and checked once per opened run: config.json is written once, when the run is created, and
     * a run is opened once per command and handed on.
     */
    private RunSpec spec;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** How many times this process has read a config.json. */
    public static long configReads() {
        return CONFIG_READS.get();
    }

    /** Whether {@code dir} holds a run (without opening it). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /** Whether {@code dir} holds a run whose best model was tested (its metrics.json written at the training's end). */
    public static boolean isTested(Path dir) {
        return isRun(dir) && Files.isRegularFile(dir.resolve(METRICS));
    }

    /** Whether {@code dir} holds a run that can be resumed. */
    public static boolean hasCheckpoint(Path dir) {
        return Files.isRegularFile(dir.resolve(CHECKPOINT));
    }

    /** Whether {@code dir} holds a run with no trained state at all (stopped before its first checkpoint). */
    public static boolean hasNoProgress(Path dir) {
        return !Files.exists(dir.resolve(CHECKPOINT)) && !Files.exists(dir.resolve(BEST));
    }

    /**
     * Writes a new run's data.json, scaler.json and, last, config.json into {@code dir}; the caller holds its
     * lock. A folder that holds a run with progress is refused; one whose run never reached a checkpoint is
     * started over.
     */
    public static RunDirectory create(Path dir, RunSpec spec, PreparedSeries data) {
        if (isRun(dir) && !hasNoProgress(dir)) {
            throw new RunException(dir + " already holds a run with trained state; resume it, or choose another run"
                    + " directory");
        }
        RunDirectory run = new RunDirectory(dir);
        run.discardResults();
        run.writeData(data);
        run.writeJson(CONFIG, spec);
        run.spec = spec; // the settings it was created with are the ones it holds
        return run;
    }

    /** Opens an existing run, checking that it is one. */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RunException("run directory " + dir + (Files.exists(dir) ? " is not a directory" : " does not"
                    + " exist"));
        }
        if (!isRun(dir)) {
            throw new RunException(dir + " is not a Hopcast run directory (no " + CONFIG + ": it holds no run, or its"
                    + " training stopped before the settings were saved; start the training again)");
        }
        return new RunDirectory(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    /**
     * The folder where the analyses of series {@code id} of a run over many series keep their files (its intervals and
     * memories): {@code series/ID}, the id kept as it is when it is a plain file name, else its safe characters and a
     * short digest of the whole id (two ids never share a folder, "store1/A" and "store1_A" included).
     */
    public Path seriesDir(String id) {
        boolean plain = id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        String name = plain ? id : id.replaceAll("[^A-Za-z0-9._-]", "_").substring(0, Math.min(40, id.length())) + "-"
                + sha256Hex(id).substring(0, 10);
        return dir.resolve(SERIES).resolve(name);
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    public Path checkpoint() {
        return file(CHECKPOINT);
    }

    public Path best() {
        return file(BEST);
    }

    public Path charts() {
        return file(CHARTS);
    }

    /** The run's settings, checked: every key present with the right type, every value in range. */
    public synchronized RunSpec spec() {
        if (spec == null) {
            CONFIG_READS.incrementAndGet();
            spec = Json.read(file(CONFIG), RunSpec.class);
        }
        return spec;
    }

    /** data.json, checked. */
    public DataInfo dataInfo() {
        Path f = file(DATA);
        DataInfo d = Json.read(f, DataInfo.class);
        if (d.series() == null || d.series().isEmpty()) {
            throw new RunException(f + ": key series must list at least one series name");
        }
        if (new HashSet<>(d.series()).size() != d.series().size()) {
            throw new RunException(f + ": key series names a series twice: " + d.series());
        }
        if (d.train() < 1 || d.val() < 0 || d.test() < 0 || d.rows() < d.train()) {
            throw new RunException(f + ": keys rows, train, val and test must be row counts (train at least 1, at most"
                    + " rows), found rows " + d.rows() + ", train " + d.train() + ", val " + d.val() + ", test " + d.test());
        }
        return d;
    }

    /** The training statistics from scaler.json, checked against data.json's series. */
    public StandardScaler scaler() {
        Path f = file(SCALER);
        ScalerInfo s = Json.read(f, ScalerInfo.class);
        List<String> series = dataInfo().series();
        int n = series.size();
        if (s.mean().length != n || s.std().length != n) {
            throw new RunException(f + ": keys mean and std must hold one value per series (" + n + " in " + DATA
                    + "), found " + s.mean().length + " and " + s.std().length);
        }
        if (s.series() != null && !s.series().equals(series)) {
            throw new RunException(f + ": key series " + s.series() + " differs from " + DATA + "'s " + series);
        }
        for (int c = 0; c < n; c++) {
            if (!Double.isFinite(s.mean()[c]) || !Double.isFinite(s.std()[c]) || s.std()[c] < 0) {
                throw new RunException(f + ": mean[" + c + "] and std[" + c + "] (series " + series.get(c) + ") must be"
                        + " finite numbers with std >= 0, found " + s.mean()[c] + " and " + s.std()[c]);
            }
        }
        return s.toScaler();
    }

    /**
     * The covariates' training statistics from scaler.json, checked against data.json's covariates; null for a run
     * without covariates.
     */
    public StandardScaler covariateScaler() {
        int n = dataInfo().covariateColumns();
        if (n == 0) {
            return null;
        }
        Path f = file(SCALER);
        ScalerInfo s = Json.read(f, ScalerInfo.class);
        if (s.covariateMean() == null || s.covariateStd() == null || s.covariateMean().length != n
                || s.covariateStd().length != n) {
            throw new RunException(f + ": keys covariate_mean and covariate_std must hold one value per covariate column"
                    + " (" + n + " in " + DATA + ")");
        }
        for (int c = 0; c < n; c++) {
            if (!Double.isFinite(s.covariateMean()[c]) || !Double.isFinite(s.covariateStd()[c])
                    || s.covariateStd()[c] < 0) {
                throw new RunException(f + ": covariate_mean[" + c + "] and covariate_std[" + c + "] must be finite"
                        + " numbers with std >= 0");
            }
        }
        return new StandardScaler(s.covariateMean(), s.covariateStd());
    }

    /**
     * Checks scaler.json (see {@link #scaler()}) and that it holds {@code fitted}, the statistics of the run's data
     * fitted again: the model was trained on data scaled with them.
     */
    public void checkScaler(StandardScaler fitted) {
        StandardScaler saved = scaler();
        int c = firstDifference(saved, fitted);
        if (c >= 0) {
            throw new RunException(file(SCALER) + ": mean[" + c + "] and std[" + c + "] (" + saved.mean(c) + ", "
                    + saved.std(c) + ") are not the statistics of the run's training rows (" + fitted.mean(c) + ", "
                    + fitted.std(c) + "); the file was edited or belongs to another run");
        }
    }

    /** The first column whose saved mean or std differs from the one fitted again, or -1 when none does. */
    private static int firstDifference(StandardScaler saved, StandardScaler fitted) {
        for (int c = 0; c < saved.columns(); c++) {
            if (!close(saved.mean(c), fitted.mean(c)) || !close(saved.std(c), fitted.std(c))) {
                return c;
            }
        }
        return -1;
    }

    /** Checks that panel.json holds the series of {@code panel} and their statistics fitted again. */
    public void checkPanel(org.hopcast.datasets.PreparedPanel panel) {
        Map<String, StandardScaler[]> saved = panel().scalers();
        if (!saved.keySet().equals(new java.util.LinkedHashSet<>(panel.ids()))) {
            throw new RunException(file(PANEL) + " lists other series than the run's data has now; the file was edited"
                    + " or belongs to another run");
        }
        for (int i = 0; i < panel.ids().size(); i++) {
            if (firstDifference(saved.get(panel.ids().get(i))[0], panel.members().get(i).scaler()) >= 0) {
                throw new RunException(file(PANEL) + ": series " + panel.ids().get(i) + "'s statistics are not"
                        + " those of its training rows; the file was edited or belongs to another run");
            }
        }
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** A description of the model that a checkpoint must match to be loaded into it. */
    public String modelSignature(StanHopNet net) {
        StanHopConfig c = net.config();
        return "stanhop in=" + c.inLen() + " out=" + c.outLen() + " seg=" + c.segLen() + " win=" + c.winSize() + " d="
                + c.modelDim() + " ff=" + c.ffDim() + " heads=" + c.heads() + " e=" + c.encoderLayers() + " factor="
                + c.factor() + " sep=" + c.separation() + " mix=" + c.mix() + " norms=" + c.blockNorms().label()
                + " series=" + net.series() + (net.covariates() == 0 ? "" : " covariates=" + net.covariates() + " known="
                        + net.knownCovariates()) + " params=" + net.parameterCount()
                // said only when used, so that runs from before the option keep their signature
                + (c.instanceNorm() == InstanceNorm.NONE ? "" : " inorm=" + c.instanceNorm().label());
    }

    /**
     * Where this run's weights come from, as every checkpoint's header carries it (Tribuo's rule: a model
     * says where it came from wherever it is copied): provenance.json's facts and the full configuration.
     */
    public String provenanceJson() {
        com.google.gson.JsonObject p = new com.google.gson.JsonObject();
        try {
            Provenance read = readProvenance();
            if (read != null) {
                p = Json.GSON.toJsonTree(read).getAsJsonObject();
            }
        } catch (RunException e) {
            p.addProperty("provenance_file", "unreadable: " + e.getMessage());
        }
        p.add("config", Json.GSON.toJsonTree(spec()));
        return Json.GSON.toJson(p);
    }

    public void writeProvenance(StanHopNet net, Device device) {
        writeJson(PROVENANCE, new Provenance(Instant.now().toString(), spec().training().seed(), device.toString(),
                net.parameterCount(), modelSignature(net), dataInfo(), BuildInfo.versions()));
    }

    /** provenance.json, checked; null when there is none (a run created but not started). */
    public Provenance readProvenance() {
        return Files.isRegularFile(file(PROVENANCE)) ? Json.read(file(PROVENANCE), Provenance.class) : null;
    }

    /**
     * Checks that {@code data} is what this run was trained on (series count and names, in order), or names
     * the differences. A different file with the same series is accepted (evaluating on new data).
     */
    public void checkData(PreparedSeries data) {
        DataInfo info = dataInfo();
        List<String> now = data.table().columns();
        if (!now.equals(info.series())) {
            List<String> missing = new ArrayList<>(info.series());
            missing.removeAll(now);
            List<String> extra = new ArrayList<>(now);
            extra.removeAll(info.series());
            String detail = missing.isEmpty() && extra.isEmpty() ? "the same series in another order"
                    : (missing.isEmpty() ? "" : "missing " + missing) + (missing.isEmpty() || extra.isEmpty() ? "" : "; ")
                            + (extra.isEmpty() ? "" : "not in the model " + extra);
            throw new RunException(data.table().source().name() + " does not match the run in " + dir + ": the model"
                    + " was trained on " + info.series().size() + " series " + info.series() + ", the file has "
                    + now.size() + " (" + detail + "). Choose the same columns.");
        }
        List<String> covariates = data.covariates() == null ? List.of() : data.covariates().names();
        List<String> trained = covariateNames(info);
        if (!covariates.equals(trained)) {
            throw new RunException(data.table().source().name() + " does not match the run in " + dir + ": the model"
                    + " takes the covariates " + trained + ", the data gives " + covariates + ". Use the run's"
                    + " covariate and calendar-features settings.");
        }
    }

    /** The covariate column names a run's model takes, in its order (calendar features as their two columns). */
    private static List<String> covariateNames(DataInfo info) {
        if (info.covariateColumns() == 0) {
            return List.of();
        }
        return org.hopcast.datasets.Covariates.columnNames(info.pastCovariates(), info.futureCovariates(),
                org.hopcast.datasets.CalendarFeatures.parse(info.calendarFeatures()));
    }

    /** Writes data.json and scaler.json for {@code data} (panel.json instead of scaler.json for many series). */
    public void writeData(PreparedSeries data) {
        SeriesTable t = data.table();
        org.hopcast.datasets.Covariates cov = data.covariates();
        org.hopcast.datasets.PreparedPanel panel = data.panel();
        writeJson(DATA, new DataInfo(panel == null ? t.source().name() : panel.panel().source(), t.sha256(),
                data.layout().fileRows(), t.columns(), t.timeColumn().orElse(null),
                data.layout().protocol().name(), data.layout().sizes().train(), data.layout().sizes().val(),
                data.layout().sizes().test(), t.fillReport().insertedRows(), t.fillReport().mergedRows(),
                cov == null ? null : cov.pastCovariates(), cov == null ? null : cov.futureCovariates(),
                cov == null || cov.calendar().isOff() ? null : cov.calendar().labelsOf(),
                panel == null ? null : panel.panel().idColumns()));
        if (panel != null) {
            List<PanelSeries> series = new ArrayList<>();
            for (int i = 0; i < panel.ids().size(); i++) {
                PreparedSeries m = panel.members().get(i);
                SeriesTable mt = m.table();
                org.hopcast.datasets.Covariates mc = m.covariates();
                series.add(new PanelSeries(panel.ids().get(i), mt.rows(), mt.hasTimestamps()
                        ? org.hopcast.datasets.Timestamps.format(mt.timestamp(0)) : null, mt.hasTimestamps()
                        ? org.hopcast.datasets.Timestamps.format(mt.timestamp(mt.rows() - 1)) : null,
                        m.layout().sizes().train(), m.layout().sizes().val(), m.layout().sizes().test(),
                        m.scaler().means(), m.scaler().stds(), mc == null ? null : mc.scaler().means(),
                        mc == null ? null : mc.scaler().stds()));
            }
            writeJson(PANEL, new PanelInfo(panel.panel().idColumns(), series, panel.skipped()));
            return;
        }
        writeJson(SCALER, new ScalerInfo(t.columns(), data.scaler().means(), data.scaler().stds(),
                cov == null ? null : cov.names(), cov == null ? null : cov.scaler().means(),
                cov == null ? null : cov.scaler().stds()));
    }

    public void saveBest(StanHopNet net, int epoch, double valMse) {
        try {
            Checkpoints.save(best(), new Checkpoints.Header("best", modelSignature(net),
                    Json.GSON.toJson(new BestState(epoch, valMse)), null, provenanceJson()), net, null);
        } catch (IOException e) {
            throw new RunException("cannot write the best model to " + best() + ": " + IoErrors.reason(e), e);
        }
    }

    /**
     * The epoch whose model best.params holds (its checksum verified; 0 for the model at the start of a run with a
     * linear path), or -1 when there is no best.params.
     */
    public int bestFileEpoch() {
        if (!Files.isRegularFile(best())) {
            return -1;
        }
        BestState state = fromHeader(best(), Checkpoints.header(best()).stateJson(), BestState.class, "state");
        return state.epoch();
    }

    /** What checkpoint.params says (its checksum verified), or null when there is none. */
    public CheckpointInfo checkpointInfo() {
        if (!Files.isRegularFile(checkpoint())) {
            return null;
        }
        Checkpoints.Header h = Checkpoints.header(checkpoint());
        TrainingState state = fromHeader(checkpoint(), h.stateJson(), TrainingState.class, "state");
        List<EpochRecord> history = h.historyJson() == null ? null
                : fromHeader(checkpoint(), h.historyJson(), new TypeToken<List<EpochRecord>>() { }.getType(), "history");
        if (state.epoch() < 1 || state.stepInEpoch() < 0 || state.globalStep() < 0 || state.bestEpoch() < 0) {
            throw new RunException(checkpoint() + " has an impossible training state (" + h.stateJson() + ")");
        }
        return new CheckpointInfo(state, history);
    }

    /** A record in a checkpoint's header, checked as a run file is. */
    private static <T> T fromHeader(Path f, String json, java.lang.reflect.Type type, String what) {
        try {
            if (json == null) {
                throw new JsonParseException("it is missing");
            }
            var tree = JsonParser.parseString(json);
            JsonSchema.check(f.resolveSibling(f.getFileName() + " (" + what + ")"), tree, type);
            return Json.GSON.fromJson(tree, type);
        } catch (RunException e) {
            throw e; // the schema named the key
        } catch (RuntimeException e) {
            throw new RunException(f + " has a damaged " + what + " in its header (" + Json.rootProblem(e) + ")", e);
        }
    }

    /**
     * Where the run's best model is. The checkpoint names the best epoch; best.params is used when it holds that
     * epoch, the checkpoint itself when its weights are that epoch's (a run stopped between writing the two).
     * Throws, naming the files, when no trained model exists or the files disagree beyond repair.
     */
    public Weights bestWeights() {
        CheckpointInfo ck;
        RunException checkpointProblem = null;
        try {
            ck = checkpointInfo();
        } catch (RunException e) {
            ck = null;
            checkpointProblem = e;
        }
        int fileEpoch;
        RunException bestProblem = null;
        try {
            fileEpoch = bestFileEpoch();
        } catch (RunException e) {
            fileEpoch = -1;
            bestProblem = e;
        }
        if (ck != null) {
            TrainingState s = ck.state();
            int b = s.bestEpoch();
            if (!s.hasBest()) {
                throw new RunException(dir + " has no validated model yet: no epoch has finished. Continue its"
                        + " training first");
            }
            if (fileEpoch == b) {
                return new Weights(best(), b, false);
            }
            if (s.weightsAreBest()) {
                if (bestProblem != null) {
                    LOG.warn("{}; using the same weights from {}", bestProblem.getMessage(), checkpoint());
                }
                return new Weights(checkpoint(), b, true);
            }
            if (bestProblem != null) {
                throw bestProblem;
            }
            throw new RunException(fileEpoch < 0 ? best() + " is missing; the run's best model (epoch " + b
                    + ") cannot be recovered from its checkpoint. Restore best.params or train again"
                    : best() + " holds epoch " + fileEpoch + " but " + checkpoint() + " says the best epoch was " + b
                            + "; the files come from different runs or moments. Restore them together or train again");
        }
        if (fileEpoch >= 0) {
            if (checkpointProblem != null) {
                LOG.warn("{}; evaluating best.params (epoch {}) on its own", checkpointProblem.getMessage(), fileEpoch);
            }
            return new Weights(best(), fileEpoch, false);
        }
        if (bestProblem != null) {
            throw bestProblem;
        }
        if (checkpointProblem != null) {
            throw checkpointProblem;
        }
        throw new RunException(dir + " holds no trained model yet (no epoch has finished)");
    }

    public List<EpochRecord> readHistory() {
        Path f = file(HISTORY);
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        return Arrays.asList(Json.read(f, EpochRecord[].class));
    }

    /** history.json as it is, or null when it is missing or damaged (a resume rewrites it from the checkpoint). */
    public List<EpochRecord> readHistoryIfIntact() {
        if (!Files.isRegularFile(file(HISTORY))) {
            return null;
        }
        try {
            return readHistory();
        } catch (RunException e) {
            return null;
        }
    }

    public void writeHistory(List<EpochRecord> history) {
        writeJson(HISTORY, history);
    }

    /** status.json: how the last training of this run ended, and whether a resume can continue it. */
    public void writeStatus(StopReason reason, long steps) {
        writeJson(STATUS, RunStatus.now(reason, steps));
    }

    /** status.json, checked; null when no training of this run has stopped yet. */
    public RunStatus readStatus() {
        return Files.isRegularFile(file(STATUS)) ? Json.read(file(STATUS), RunStatus.class) : null;
    }

    /** Removes what an earlier, unfinished start left beside the settings (history, status, results). */
    private void discardResults() {
        for (String name : List.of(HISTORY, STATUS, METRICS, FORECAST, PROVENANCE, INTERVALS)) {
            try {
                Files.deleteIfExists(file(name));
            } catch (IOException e) {
                throw new RunException("cannot remove " + file(name) + " of the earlier start: " + IoErrors.reason(e), e);
            }
        }
        // the earlier start's per-series analyses belong to its model
        Path series = file(SERIES);
        if (Files.isDirectory(series)) {
            try (java.util.stream.Stream<Path> all = Files.walk(series)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new RunException("cannot remove " + series + " of the earlier start: " + IoErrors.reason(e), e);
            }
        }
    }

    public void writeJson(String name, Object value) {
        try {
            Json.write(file(name), value);
        } catch (IOException e) {
            throw new RunException("cannot write " + file(name) + ": " + IoErrors.reason(e), e);
        }
    }
}
