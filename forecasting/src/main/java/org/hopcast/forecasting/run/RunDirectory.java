package org.hopcast.forecasting.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.forecasting.BuildInfo;
import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.train.EpochRecord;
import org.hopcast.forecasting.train.StopReason;

/**
 * A run's directory: everything needed to reproduce, resume, evaluate and inspect a training.
 * <pre>
 *   config.json       the resolved RunSpec (preset, data, model, training)
 *   data.json         the data it was trained on: source, SHA-256, rows, series names, split sizes
 *   scaler.json       the z-score statistics fitted on the training rows
 *   provenance.json   seed, versions, device, parameter count, start time
 *   history.json      one record per epoch
 *   best.params       the best model so far (by validation MSE)
 *   checkpoint.params the last resumable state (model, optimizer, position)
 *   metrics.json      test metrics of the best model
 *   forecast.csv      test-split forecasts in original units; charts/ one PNG per series
 * </pre>
 * Every file is written atomically, so a run killed at any moment leaves loadable files behind.
 */
public final class RunDirectory {
    /** What data.json holds. */
    public record DataInfo(String source, String sha256, int rows, List<String> series, String timeColumn,
            String split, int train, int val, int test) {
    }

    /** What scaler.json holds. */
    public record ScalerInfo(List<String> series, double[] mean, double[] std) {
        public StandardScaler toScaler() {
            return new StandardScaler(mean, std);
        }
    }

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** The file that makes a folder a run (its settings). */
    public static final String CONFIG = "config.json";
    /** The resumable checkpoint, written at every epoch's end and on cancel. */
    public static final String CHECKPOINT = "checkpoint.params";

    /** Whether {@code dir} holds a run (without opening it). */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /** Whether {@code dir} holds a run that can be resumed. */
    public static boolean hasCheckpoint(Path dir) {
        return Files.isRegularFile(dir.resolve(CHECKPOINT));
    }

    public static RunDirectory create(Path dir, RunSpec spec, PreparedSeries data) {
        if (isRun(dir)) {
            throw new RunException(dir + " already holds a run; pass --resume " + dir + " to continue it, or another"
                    + " --out");
        }
        RunDirectory run = new RunDirectory(dir);
        try {
            Files.createDirectories(dir);
            Json.write(run.file(CONFIG), spec);
            SeriesTable t = data.table();
            Json.write(run.file("data.json"), new DataInfo(t.source().name(), t.sha256(), t.rows(), t.columns(),
                    t.timeColumn().orElse(null), data.layout().protocol().name(), data.layout().sizes().train(),
                    data.layout().sizes().val(), data.layout().sizes().test()));
            Json.write(run.file("scaler.json"), new ScalerInfo(t.columns(), data.scaler().means(), data.scaler().stds()));
        } catch (IOException e) {
            throw new RunException("cannot write the run directory " + dir + ": " + e.getMessage(), e);
        }
        return run;
    }

    /** Opens an existing run, checking that it is one. */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RunException("run directory " + dir + " does not exist");
        }
        if (!isRun(dir)) {
            throw new RunException(dir + " is not a Hopcast run directory (no config.json)");
        }
        return new RunDirectory(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path file(String name) {
        return dir.resolve(name);
    }

    public Path checkpoint() {
        return file(CHECKPOINT);
    }

    public Path best() {
        return file("best.params");
    }

    public Path charts() {
        return file("charts");
    }

    public RunSpec spec() {
        return Json.read(file(CONFIG), RunSpec.class);
    }

    public DataInfo dataInfo() {
        return Json.read(file("data.json"), DataInfo.class);
    }

    public StandardScaler scaler() {
        return Json.read(file("scaler.json"), ScalerInfo.class).toScaler();
    }

    /** A description of the model that a checkpoint must match to be loaded into it. */
    public String modelSignature(StanHopNet net) {
        StanHopConfig c = net.config();
        return "stanhop in=" + c.inLen() + " out=" + c.outLen() + " seg=" + c.segLen() + " win=" + c.winSize() + " d="
                + c.modelDim() + " ff=" + c.ffDim() + " heads=" + c.heads() + " e=" + c.encoderLayers() + " factor="
                + c.factor() + " sep=" + c.separation() + " mix=" + c.mix() + " norms=" + c.blockNorms().label()
                + " series=" + net.series() + " params=" + net.parameterCount();
    }

    public void writeProvenance(StanHopNet net, Device device) {
        RunSpec spec = spec();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("created", Instant.now().toString());
        p.put("seed", spec.training().seed());
        p.put("device", device.toString());
        p.put("parameters", net.parameterCount());
        p.put("model", modelSignature(net));
        p.put("data", dataInfo());
        p.put("versions", BuildInfo.versions());
        try {
            Json.write(file("provenance.json"), p);
        } catch (IOException e) {
            throw new RunException("cannot write " + file("provenance.json") + ": " + e.getMessage(), e);
        }
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
                    + now.size() + " (" + detail + "). Choose the same columns with --columns.");
        }
    }

    public void saveBest(StanHopNet net, int epoch, double valMse) throws IOException {
        Checkpoints.save(best(), new Checkpoints.Header("best", modelSignature(net),
                "{\"epoch\":" + epoch + ",\"val_mse\":" + (Double.isFinite(valMse) ? valMse : "null") + "}"), net, null);
    }

    public List<EpochRecord> readHistory() {
        Path f = file("history.json");
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        return Arrays.asList(Json.read(f, EpochRecord[].class));
    }

    public void writeHistory(List<EpochRecord> history) {
        try {
            Json.write(file("history.json"), history);
        } catch (IOException e) {
            throw new RunException("cannot write " + file("history.json") + ": " + e.getMessage(), e);
        }
    }

    public void markFinished(StopReason reason) {
        try {
            Json.write(file("status.json"), Map.of("finished", true, "stop_reason", reason.name(),
                    "description", reason.description()));
        } catch (IOException e) {
            throw new RunException("cannot write " + file("status.json") + ": " + e.getMessage(), e);
        }
    }

    public void writeJson(String name, Object value) {
        try {
            Json.write(file(name), value);
        } catch (IOException e) {
            throw new RunException("cannot write " + file(name) + ": " + e.getMessage(), e);
        }
    }
}
