package org.hopcast.forecasting.run;

import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.run.machine.Devices;

/** A run's best model loaded for inference, with its scaler. Close it to free its arrays. */
public final class TrainedModel implements AutoCloseable {
    private final RunDirectory run;
    private final RunSpec spec;
    private final NDManager manager;
    private final StanHopNet net;
    private final ParameterStore ps;
    private final StandardScaler scaler;
    /** The covariates' training statistics, or null for a model without covariates. */
    private final StandardScaler covariateScaler;
    /** For a run over many series: each series' statistics {targets, covariates}; null otherwise. */
    private final java.util.Map<String, StandardScaler[]> panelScalers;
    private final int epoch;
    /** For one series of a run over many series ({@link #series}): its id; null for the whole run. */
    private final String seriesId;
    /** Whether closing this closes the arrays (not for a series view: the run's model it came from owns them). */
    private final boolean ownsArrays;

    private TrainedModel(RunDirectory run, String device) {
        this.run = run;
        this.spec = run.spec();
        RunDirectory.DataInfo info = run.dataInfo();
        int series = info.series().size();
        // a run over many series has statistics per series (panel.json), no scaler.json
        this.scaler = info.isPanel() ? null : run.scaler();
        this.covariateScaler = info.isPanel() ? null : run.covariateScaler();
        this.panelScalers = info.isPanel() ? run.panel().scalers() : null;
        RunDirectory.Weights weights = run.bestWeights();
        this.epoch = weights.epoch();
        this.manager = NDManager.newBaseManager(Devices.choose(device));
        try {
            int c = info.covariateColumns();
            int k = info.knownColumns();
            this.net = new StanHopNet(spec.model(), series, c, k);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, spec.model().inLen(), series));
            Checkpoints.load(weights.file(), net, () -> new StanHopNet(spec.model(), series, c, k),
                    run.modelSignature(net), manager).close();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        this.ps = new ParameterStore(manager, false);
        this.seriesId = null;
        this.ownsArrays = true;
    }

    private TrainedModel(TrainedModel whole, String id, StandardScaler[] scalers) {
        this.run = whole.run;
        this.spec = whole.spec;
        this.manager = whole.manager;
        this.net = whole.net;
        this.ps = whole.ps;
        this.scaler = scalers[0];
        this.covariateScaler = scalers[1];
        this.panelScalers = null;
        this.epoch = whole.epoch;
        this.seriesId = id;
        this.ownsArrays = false;
    }

    /**
     * Series {@code id} of a run over many series: the same network (shared, not copied: close the run's model, not
     * this) with that series' training statistics, its data that series alone, and its own files (intervals,
     * memories) under {@link #filesDir()}. What a run over one series offers (intervals, charts, backtests, memories,
     * layer inspection) then works on one series of many.
     */
    public TrainedModel series(String id) {
        if (panelScalers == null) {
            throw new RunException(run.dir() + " is a run over one series: it has no series " + id + " to choose");
        }
        StandardScaler[] s = panelScalers.get(id);
        if (s == null) {
            List<String> ids = new java.util.ArrayList<>(panelScalers.keySet());
            String skipped = run.panel().skipped().get(id);
            throw new RunException(run.dir() + " has no series '" + id + "'" + (skipped != null
                    ? ": it was left out of the training (" + skipped + ")"
                    : "; it was trained on " + ids.size() + " series: " + String.join(", ", ids.subList(0,
                            Math.min(10, ids.size()))) + (ids.size() > 10 ? ", ..." : "")));
        }
        return new TrainedModel(this, id, s);
    }

    /** The series this model is a view of ({@link #series}), or null for the whole run. */
    public String seriesId() {
        return seriesId;
    }

    /**
     * Where the analyses of this model keep their files (intervals.json, memory/): the run directory, or for one
     * series of many its own folder {@code RUN_DIR/series/NAME} (see {@link RunDirectory#seriesDir}).
     */
    public Path filesDir() {
        return seriesId == null ? run.dir() : run.seriesDir(seriesId);
    }

    /** The epoch of the loaded (best) model. */
    public int epoch() {
        return epoch;
    }

    public static TrainedModel load(Path runDir, String device) {
        return load(RunDirectory.open(runDir), device);
    }

    /** Loads the best model of a run already opened (its settings are not read again). */
    public static TrainedModel load(RunDirectory run, String device) {
        LOADS.incrementAndGet();
        return new TrainedModel(run, device);
    }

    /** How many models this process has loaded (a diagnostic: a forecast loads one). */
    public static long loads() {
        return LOADS.get();
    }

    private static final java.util.concurrent.atomic.AtomicLong LOADS = new java.util.concurrent.atomic.AtomicLong();

    public RunDirectory run() {
        return run;
    }

    public RunSpec spec() {
        return spec;
    }

    public StanHopNet net() {
        return net;
    }

    public ParameterStore parameterStore() {
        return ps;
    }

    public NDManager manager() {
        return manager;
    }

    public StandardScaler scaler() {
        return scaler;
    }

    /** The covariates' training statistics, or null for a model without covariates. */
    public StandardScaler covariateScaler() {
        return covariateScaler;
    }

    /** {@code data} (the same columns) scaled with this model's statistics: in the units it was trained in. */
    public PreparedSeries inModelUnits(PreparedSeries data) {
        if (data.panel() != null) {
            java.util.List<String> unknown = data.panel().ids().stream().filter(id -> !panelScalers.containsKey(id))
                    .toList();
            if (!unknown.isEmpty()) {
                throw new RunException(data.panel().panel().source() + " has series the model was not trained on: "
                        + unknown.subList(0, Math.min(5, unknown.size())) + (unknown.size() > 5 ? " and "
                        + (unknown.size() - 5) + " more" : "") + ". Train on them, or leave them out of the file.");
            }
            return PreparedSeries.pooled(data.panel().withScalers(panelScalers));
        }
        return data.withScalers(scaler, covariateScaler);
    }

    /** For a run over many series, each series' statistics {targets, covariates} by id; null otherwise. */
    public java.util.Map<String, StandardScaler[]> panelScalers() {
        return panelScalers;
    }

    /**
     * The data a trained model is evaluated on: its own file, or {@code input} with the same series, checked
     * against the run and scaled with the model's own statistics (metrics in original units must use the
     * statistics it was trained with).
     */
    public PreparedSeries evaluationData(Path input) {
        org.hopcast.datasets.DataRequest r = input == null ? spec.dataRequest() : spec.dataRequest(input);
        RunDirectory.DataInfo info = run.dataInfo();
        if (info.covariateColumns() > 0) {
            // the roles as the run resolved them: "on" stays the calendar features the model was trained with
            r = new org.hopcast.datasets.DataRequest(r.input(), r.dataset(), r.dataDirs(), r.read(), r.split(),
                    r.window(), info.roles(), r.idColumns());
        }
        PreparedSeries raw = PreparedSeries.prepare(r);
        run.checkData(raw);
        if (seriesId != null) {
            // the series alone, in the statistics it was trained with (its own part of the run's data already is)
            PreparedSeries one = member(raw, input);
            return input == null ? one : one.withScalers(scaler, covariateScaler);
        }
        // the run's own data is in its units by construction (its statistics were fitted on it, checked on resume)
        return input == null ? raw : inModelUnits(raw);
    }

    /** This view's series in {@code data} (a file of many series), or a clear refusal naming the file. */
    private PreparedSeries member(PreparedSeries data, Path input) {
        if (data.panel() == null) {
            throw new RunException(input + " is one series; " + run.dir() + " was trained on many (id column "
                    + String.join(",", run.dataInfo().idColumn()) + "): give a file with that id column");
        }
        if (!data.panel().ids().contains(seriesId)) {
            String why = data.panel().skipped().get(seriesId);
            throw new RunException((input == null ? run.dataInfo().source() : input) + (why != null
                    ? ": series '" + seriesId + "' is too short here (" + why + ")"
                    : " has no series '" + seriesId + "'"));
        }
        return data.panel().member(seriesId);
    }

    @Override
    public void close() {
        if (ownsArrays) {
            manager.close();
        }
    }
}
