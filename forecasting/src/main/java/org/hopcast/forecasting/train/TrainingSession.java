package org.hopcast.forecasting.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeededShuffleSampler;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.Devices;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.Checkpoints;
import org.hopcast.forecasting.run.Json;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunException;
import org.hopcast.forecasting.run.RunSpec;

/**
 * One training run of STanHop-Net, as the reference trains it (stanhop.md section 6): shuffled windows, MSE,
 * backward, global gradient-norm clipping, Adam, the learning-rate schedule per epoch, validation after
 * every epoch with early stopping, the best model kept and reloaded for the final test.
 *
 * <p>Everything is written to the run directory as it happens: the best model, a resumable checkpoint at
 * every epoch end and on cancel or budget stop, the history. Batches are built straight from the shared
 * scaled array (one native copy per batch) and every step's arrays live in a sub-manager closed at the
 * step's end. DJL allows one GradientCollector per process, so one session trains at a time.
 */
public final class TrainingSession implements AutoCloseable {
    private final RunDirectory run;
    private final RunSpec spec;
    private final PreparedSeries data;
    private final NDManager manager;
    private final StanHopNet net;
    private final ParameterStore ps;
    private final TrainStep trainStep;
    private final TorchAdam adam;
    private final List<EpochRecord> history;
    private TrainingState state;

    private TrainingSession(RunDirectory run, RunSpec spec, PreparedSeries data, boolean resume) {
        this.run = run;
        this.spec = spec;
        this.data = data;
        TrainingConfig t = spec.training();
        Device device = Devices.choose(t.device());
        Engine.getInstance().setRandomSeed((int) t.seed());
        this.manager = NDManager.newBaseManager(device);
        this.net = new StanHopNet(spec.model(), data.table().columnCount());
        net.initialize(manager, DataType.FLOAT32, new Shape(t.batchSize(), spec.model().inLen(),
                data.table().columnCount()));
        this.ps = new ParameterStore(manager, false);
        NDList optimizerState = null;
        if (resume) {
            optimizerState = Checkpoints.load(run.checkpoint(), net, run.modelSignature(net), manager);
            // loading replaces the parameter arrays with ones that record no gradient
            for (Pair<String, Parameter> p : net.getParameters()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        this.trainStep = new TrainStep(net, ps, manager); // after loading: it holds the current arrays
        this.adam = trainStep.optimizer();
        if (resume) {
            adam.restore(optimizerState);
            Checkpoints.Header h = Checkpoints.header(run.checkpoint());
            this.state = Json.GSON.fromJson(h.stateJson(), TrainingState.class);
            this.history = new ArrayList<>(run.readHistory());
        } else {
            this.state = TrainingState.start();
            this.history = new ArrayList<>();
        }
    }

    /** Starts a new run in {@code runDir} (which must not already hold one). */
    public static TrainingSession start(RunSpec spec, Path runDir) {
        PreparedSeries data = PreparedSeries.prepare(spec.data().toRequest(spec.model().inLen(), spec.model().outLen()));
        RunDirectory run = RunDirectory.create(runDir, spec, data);
        TrainingSession s = new TrainingSession(run, spec, data, false);
        run.writeProvenance(s.net, s.manager.getDevice());
        return s;
    }

    /** Reopens an interrupted run to continue it with its saved settings. */
    public static TrainingSession resume(Path runDir) {
        return resume(runDir, null, null, null);
    }

    /**
     * Reopens an interrupted run to continue it, optionally with a new budget (epochs, max steps, max
     * minutes; null keeps the saved one). The new budget is saved in the run's config.json.
     */
    public static TrainingSession resume(Path runDir, Integer epochs, Long maxSteps, Double maxMinutes) {
        RunDirectory run = RunDirectory.open(runDir);
        RunSpec saved = run.spec();
        RunSpec spec = new RunSpec(saved.preset(), saved.data(), saved.model(),
                saved.training().withBudget(epochs, maxSteps, maxMinutes));
        if (!spec.equals(saved)) {
            run.writeJson(RunDirectory.CONFIG, spec);
        }
        if (!Files.isRegularFile(run.checkpoint())) {
            throw new RunException(runDir + " has no checkpoint to resume from (it stopped before its first epoch"
                    + " ended); start it again");
        }
        PreparedSeries data = PreparedSeries.prepare(spec.data().toRequest(spec.model().inLen(), spec.model().outLen()));
        run.checkData(data);
        return new TrainingSession(run, spec, data, true);
    }

    public RunDirectory run() {
        return run;
    }

    public StanHopNet net() {
        return net;
    }

    public PreparedSeries data() {
        return data;
    }

    public ParameterStore parameterStore() {
        return ps;
    }

    public NDManager manager() {
        return manager;
    }

    public TrainingState state() {
        return state;
    }

    /** Adam steps taken so far (restored on resume). */
    public long optimizerSteps() {
        return adam.step();
    }

    /** Trains until done, stopped early, out of budget, diverged or cancelled; returns why it stopped. */
    public StopReason train(TrainingListener listener, BooleanSupplier cancelled) {
        if (state.finished()) {
            listener.onMessage("this run has already finished (" + state.stopReason().description() + ")");
            return state.stopReason();
        }
        TrainingConfig t = spec.training();
        WindowDataset train = data.windows(Split.TRAIN).build();
        int n = (int) train.size();
        int stepsPerEpoch = (n + t.batchSize() - 1) / t.batchSize();
        listener.onStart(new TrainingListener.Plan(t.epochs(), stepsPerEpoch, net.parameterCount(),
                manager.getDevice().toString(), state.epoch(), state.stepInEpoch()));
        long sessionStart = System.nanoTime();
        double elapsedBefore = state.elapsedSeconds();
        StopReason stop = null;
        for (int epoch = state.epoch(); epoch <= t.epochs() && stop == null; epoch++) {
            long epochStart = System.nanoTime();
            double lr = t.learningRateAt(epoch);
            int[] order = SeededShuffleSampler.permutation(t.seed(), epoch, n); // a resume replays it
            int stepsThisEpoch = 0;
            double lossSum = state.lossSum();
            for (int k = state.stepInEpoch(); k < stepsPerEpoch; k++) {
                double elapsed = elapsedBefore + (System.nanoTime() - sessionStart) / 1e9;
                if (cancelled.getAsBoolean()) {
                    stop = StopReason.CANCELLED;
                    break;
                }
                if (t.maxSteps() > 0 && state.globalStep() >= t.maxSteps()) {
                    stop = StopReason.STEP_BUDGET;
                    break;
                }
                if (t.maxMinutes() > 0 && elapsed >= t.maxMinutes() * 60) {
                    stop = StopReason.TIME_BUDGET;
                    break;
                }
                int from = k * t.batchSize();
                int to = Math.min(n, from + t.batchSize());
                long[] idx = new long[to - from];
                for (int i = from; i < to; i++) {
                    idx[i - from] = order[i];
                }
                double loss = step(train, idx, lr, t.clipNorm());
                if (!Double.isFinite(loss)) {
                    listener.onMessage("training loss became " + loss + " at epoch " + epoch + ", step " + (k + 1)
                            + "; stopping. The best checkpoint (epoch " + state.bestEpoch() + ") is intact; try a"
                            + " lower --lr.");
                    stop = StopReason.DIVERGED;
                    break;
                }
                lossSum += loss;
                stepsThisEpoch++;
                state = new TrainingState(epoch, k + 1, state.globalStep() + 1, state.bestVal(), state.bestEpoch(),
                        state.badEpochs(), elapsedBefore + (System.nanoTime() - sessionStart) / 1e9, lossSum, false, null);
                listener.onStep(new TrainingListener.Step(epoch, k + 1, stepsPerEpoch, state.globalStep(), loss, lr,
                        state.elapsedSeconds()));
            }
            if (stop == StopReason.DIVERGED) {
                break;
            }
            boolean epochDone = state.stepInEpoch() >= stepsPerEpoch;
            if (stop == StopReason.CANCELLED || (!epochDone && state.stepInEpoch() == 0)) {
                // cancelled, or a budget reached before this epoch took a step: keep the position to resume
                saveCheckpoint();
                break;
            }
            // the epoch is complete, or a budget cut it short after some steps: validate and keep the best
            double val = meanBatchMse(Split.VAL, t.batchSize());
            double test = meanBatchMse(Split.TEST, t.batchSize());
            boolean best = val < state.bestVal();
            int steps = state.stepInEpoch();
            double trainLoss = steps == 0 ? Double.NaN : state.lossSum() / steps;
            if (best) {
                saveBest(epoch, val);
            }
            EpochRecord rec = new EpochRecord(epoch, lr, steps, trainLoss, val, test,
                    (System.nanoTime() - epochStart) / 1e9, best);
            history.add(rec);
            int bad = best ? 0 : state.badEpochs() + 1;
            state = new TrainingState(epochDone ? epoch + 1 : epoch, epochDone ? 0 : state.stepInEpoch(),
                    state.globalStep(), best ? val : state.bestVal(), best ? epoch : state.bestEpoch(), bad,
                    elapsedBefore + (System.nanoTime() - sessionStart) / 1e9, epochDone ? 0 : state.lossSum(), false,
                    null);
            run.writeHistory(history);
            listener.onEpoch(rec);
            if (stop == null && bad >= t.patience()) {
                stop = StopReason.EARLY_STOPPED;
            }
            if (stop == null && epoch == t.epochs()) {
                stop = StopReason.COMPLETED;
            }
            saveCheckpoint();
        }
        if (stop == null) {
            stop = StopReason.COMPLETED;
        }
        boolean resumable = stop == StopReason.CANCELLED || stop == StopReason.STEP_BUDGET
                || stop == StopReason.TIME_BUDGET;
        if (!resumable) {
            state = new TrainingState(state.epoch(), state.stepInEpoch(), state.globalStep(), state.bestVal(),
                    state.bestEpoch(), state.badEpochs(), state.elapsedSeconds(), state.lossSum(), true, stop);
            if (stop != StopReason.DIVERGED) {
                saveCheckpoint();
            } else {
                run.markFinished(stop); // the last checkpoint (before divergence) stays as it was
            }
        }
        listener.onMessage("stopped: " + stop.description());
        return stop;
    }

    /** One optimizer step on the windows {@code idx}; returns the batch's loss. */
    private double step(WindowDataset train, long[] idx, double lr, double clipNorm) {
        try (NDManager step = manager.newSubManager()) {
            NDList xy = train.batch(step, idx);
            return trainStep.run(xy.get(0), xy.get(1), lr, clipNorm, step);
        }
    }

    /** The reference's validation loss: the unweighted mean of per-batch MSEs, in window order. */
    public double meanBatchMse(Split split, int batchSize) {
        WindowDataset ds = data.windows(split).build();
        int n = (int) ds.size();
        double sum = 0;
        int batches = 0;
        for (int start = 0; start < n; start += batchSize) {
            try (NDManager step = manager.newSubManager()) {
                NDList xy = ds.batch(step, start, Math.min(n, start + batchSize));
                NDArray diff = net.predict(ps, xy.get(0), false).sub(xy.get(1));
                sum += diff.mul(diff).mean().toType(DataType.FLOAT64, false).getDouble();
                batches++;
            }
        }
        return sum / batches;
    }

    private void saveBest(int epoch, double val) {
        try {
            run.saveBest(net, epoch, val);
        } catch (IOException e) {
            throw new RunException("cannot write the best model to " + run.best() + ": " + e.getMessage(), e);
        }
    }

    private void saveCheckpoint() {
        try (NDManager tmp = manager.newSubManager()) {
            Checkpoints.save(run.checkpoint(), new Checkpoints.Header("checkpoint", run.modelSignature(net),
                    Json.GSON.toJson(state)), net, adam.state(tmp));
        } catch (IOException e) {
            throw new RunException("cannot write the checkpoint " + run.checkpoint() + ": " + e.getMessage(), e);
        }
    }

    /** Loads the best model into this session's network for the final test (training cannot continue after). */
    public void loadBest() {
        if (Files.isRegularFile(run.best())) {
            Checkpoints.load(run.best(), net, run.modelSignature(net), manager);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
