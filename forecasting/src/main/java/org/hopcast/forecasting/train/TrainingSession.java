package org.hopcast.forecasting.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.datasets.IoErrors;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeededShuffleSampler;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.model.LinearMix;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.Checkpoints;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.OutlierRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunLock;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.run.TrainingConfig;
import org.hopcast.forecasting.run.TrainingState;
import org.hopcast.forecasting.run.files.AtomicFiles;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.run.machine.Devices;
import org.hopcast.hopfield.ops.InvertedDropout;

/**
 * One training run of STanHop-Net, as the reference trains it (stanhop.md section 6): shuffled windows, MSE,
 * backward, global gradient-norm clipping, Adam, the learning-rate schedule per epoch, validation after
 * every epoch with early stopping, the best model kept and reloaded for the final test.
 *
 * <p>A session holds the run directory's lock from start (or resume) to close. At every epoch's end it commits:
 * the checkpoint first (weights, optimizer, position and the history: the one consistent state), then
 * best.params, then history.json. A resume continues from the checkpoint and brings the other two back in line
 * with it, so a run stopped at any moment (kill -9, a full disk, Ctrl-C, a budget) continues with the same epochs
 * in its history. Batches are built straight from the shared scaled array (one native copy per batch) and every
 * step's arrays live in a sub-manager closed at the step's end. DJL allows one GradientCollector per process, so
 * one session trains at a time.
 */
public final class TrainingSession implements AutoCloseable {
    /**
     * What jobs that train hold (a grid's cells, a backtest's refits), whatever runs them (Spark's task threads): DJL
     * keeps one gradient collector per process (platform.md 3c), so one training at a time in a process.
     */
    public static final Object ONE_PER_PROCESS = new Object();

    private final RunLock lock;
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
    /** Steps taken since the last commit: a stop then has something to save. */
    private boolean uncommitted;
    /** Said once when training starts (a run started over, a repaired file). */
    private final List<String> notices = new ArrayList<>();
    private TimeBudget budget;
    /** The outlier measurements of a run that tracks them, else null. */
    private OutlierTracking tracking;
    /**
     * The predictions of the validation and test passes of the epoch whose weights best.params holds, when this
     * session wrote it: the final test and the interval calibration take them instead of forecasting the same
     * windows with the same weights again (same batches in the same order, so the same floats).
     */
    private Held held;

    /** Predictions of one epoch's passes (test null when that pass skipped windows); see {@link #held}. */
    private record Held(int epoch, int stride, float[] val, float[] test) {
    }

    /** Predicted values (4 bytes each) above which a split's predictions are not kept: 64 MB. */
    private static final long HOLD_LIMIT = 1L << 24;
    private TrainingListener listener = new TrainingListener() {
    };
    /** The mix a new model's linear path started as (recorded in epoch 0), else null. */
    private LinearMix linearStart;
    /**
     * Seconds this session spent before training on work a time budget must count: the linear path's fit and the
     * choice of its start (seconds on ETTm1), which run before {@link #train} starts its clock.
     */
    private double setupSeconds;

    private TrainingSession(RunLock lock, RunDirectory run, RunSpec spec, PreparedSeries data,
            RunDirectory.CheckpointInfo from) {
        this.lock = lock;
        this.run = run;
        this.spec = spec;
        this.data = data;
        TrainingConfig t = spec.training();
        Device device = Devices.choose(t.device());
        InvertedDropout.seed((int) t.seed());
        this.manager = NDManager.newBaseManager(device);
        try {
            this.net = newNet();
            net.initialize(manager, DataType.FLOAT32, new Shape(t.batchSize(), spec.model().inLen(),
                    data.table().columnCount()));
            this.ps = new ParameterStore(manager, false);
            this.trainStep = new TrainStep(net, ps, manager);
            this.adam = trainStep.optimizer();
            if (from != null) {
                // loaded into the arrays the parameter store and the optimizer already hold
                NDList optimizerState = Checkpoints.load(run.checkpoint(), net, this::newNet, run.modelSignature(net),
                        manager);
                try {
                    adam.restore(optimizerState);
                } catch (IllegalArgumentException e) {
                    throw new RunException(run.checkpoint() + " holds an optimizer state that does not fit its model ("
                            + e.getMessage() + "); restore the file or train again", e);
                } finally {
                    optimizerState.close();
                }
                this.state = from.state();
                this.history = new ArrayList<>(from.history() != null ? from.history() : olderHistory(from.state()));
            } else {
                this.state = TrainingState.start();
                this.history = new ArrayList<>();
                if (spec.model().linearPath().on()) {
                    long fitStart = System.nanoTime();
                    // the best baseline on validation as a linear map (the linear fit on this run's training windows
                    // on most files; a final model takes its validated run's choice, fitted on every row): with the
                    // prediction heads at zero, the untrained model is that baseline
                    if (data.covariates() != null) {
                        // the linear baseline given the same covariates: what the model is compared with
                        net.setLinearPath(org.hopcast.forecasting.model.CovariateLinear.fit(
                                data.windows(Split.TRAIN).build()));
                        this.linearStart = LinearMix.LINEAR;
                        notices.add("the linear path starts as the linear baseline given the covariates "
                                + data.covariates().names() + "; the Hopfield layers learn a correction to it");
                    } else {
                        LinearStart start = spec.isFinal()
                                ? LinearStart.named(data, LinearStart.recordedIn(spec.validatedBy()))
                                : LinearStart.choose(data, 1);
                        net.setLinearPath(start.map());
                        this.linearStart = start.mix();
                        notices.add(start.describe());
                    }
                    this.setupSeconds = (System.nanoTime() - fitStart) / 1e9;
                }
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private StanHopNet newNet() {
        org.hopcast.datasets.Covariates c = data.covariates();
        return c == null ? new StanHopNet(spec.model(), data.table().columnCount())
                : new StanHopNet(spec.model(), data.table().columnCount(), c.columns(), c.known());
    }

    /** A checkpoint from before histories were kept inside it: history.json's epochs that it had committed. */
    private List<EpochRecord> olderHistory(TrainingState s) {
        return run.readHistory().stream().filter(r -> r.epoch() < s.epoch()).toList();
    }

    /**
     * Starts a new run in {@code runDir}. A folder that already holds a run with trained state is refused; one
     * whose run stopped before its first checkpoint is started over with these settings.
     */
    public static TrainingSession start(RunSpec spec, Path runDir) {
        return start(spec, runDir, null);
    }

    /** As above, on the table {@code loaded} holds when it was read as this run reads its data (not read again). */
    public static TrainingSession start(RunSpec spec, Path runDir, org.hopcast.datasets.LoadedTable loaded) {
        RunLock lock = RunLock.acquire(runDir, "train");
        try {
            boolean over = RunDirectory.isRun(runDir);
            int stale = AtomicFiles.removeStaleTemporaries(runDir);
            PreparedSeries data = spec.prepareData(loaded); // the data is checked before anything is written
            RunDirectory run = RunDirectory.create(runDir, spec, data);
            TrainingSession s = new TrainingSession(lock, run, spec, data, null);
            if (over) {
                s.notices.add(runDir + " held a run that stopped before its first checkpoint; started it over");
            }
            s.noteStale(stale);
            run.writeProvenance(s.net, s.manager.getDevice());
            return s;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** Reopens an interrupted run to continue it with its saved settings. */
    public static TrainingSession resume(Path runDir) {
        return resume(runDir, null, null, null);
    }

    /**
     * Reopens an interrupted run to continue it, optionally with a new budget (epochs, max steps, max minutes;
     * null keeps the saved one). Everything is checked before anything is written: a refused resume leaves the
     * run as it was. The new budget is saved in config.json once the run has something to do with it.
     *
     * <p>From whatever complete state the run is in: a checkpoint continues where it was; settings alone (the
     * run stopped before its first checkpoint) start it over in place; best.params without a checkpoint can be
     * evaluated but not continued, and the message says so.
     */
    public static TrainingSession resume(Path runDir, Integer epochs, Long maxSteps, Double maxMinutes) {
        RunDirectory run = RunDirectory.open(runDir);
        RunLock lock = RunLock.acquire(runDir, "resume");
        try {
            RunSpec saved = run.spec();
            RunSpec spec;
            try {
                spec = new RunSpec(saved.preset(), saved.data(), saved.model(),
                        saved.training().withBudget(epochs, maxSteps, maxMinutes), saved.validatedBy());
            } catch (IllegalArgumentException e) {
                throw new RunException("cannot resume " + runDir + ": " + e.getMessage(), e);
            }
            int stale = AtomicFiles.removeStaleTemporaries(runDir);
            RunDirectory.CheckpointInfo ck = run.checkpointInfo();
            if (ck == null) {
                if (Files.exists(run.best())) {
                    throw new RunException(runDir + " has a best model (" + RunDirectory.BEST + ") but no "
                            + RunDirectory.CHECKPOINT + ", so its training cannot continue where it stopped (the"
                            + " optimizer state and position are lost). Its model can still be evaluated and used for"
                            + " forecasts; to train further, start a new run");
                }
                PreparedSeries data = spec.prepareData();
                RunDirectory fresh = RunDirectory.create(runDir, spec, data);
                TrainingSession s = new TrainingSession(lock, fresh, spec, data, null);
                s.notices.add("no epoch of " + runDir + " had been saved; started it over from the beginning with its"
                        + " saved settings");
                s.noteStale(stale);
                fresh.writeProvenance(s.net, s.manager.getDevice());
                return s;
            }
            TrainingState st = ck.state();
            if (epochs != null && epochs < st.completedEpochs()) {
                throw new RunException("cannot resume " + runDir + " with " + epochs + " epochs: it has already"
                        + " completed " + st.completedEpochs());
            }
            PreparedSeries data = spec.prepareData();
            run.checkData(data);
            if (data.panel() == null) {
                run.checkScaler(data.scaler());
            } else {
                run.checkPanel(data.panel());
            }
            String sha = run.dataInfo().sha256();
            if (sha != null && !sha.equals(data.table().sha256())) {
                throw new RunException("cannot resume " + runDir + ": its data " + data.table().source().name()
                        + " has changed since the run started (SHA-256 " + data.table().sha256().substring(0, 12)
                        + "..., the run recorded " + sha.substring(0, Math.min(12, sha.length())) + "...)");
            }
            TrainingSession s = new TrainingSession(lock, run, spec, data, ck);
            if (st.finished() && st.stopReason() == StopReason.COMPLETED && st.completedEpochs() < spec.training().epochs()) {
                s.state = st.reopened(); // more epochs for a run that had simply run out of them
            }
            s.noteStale(stale);
            s.reconcile();
            if (s.idleReason().isEmpty() && !spec.equals(saved)) {
                run.writeJson(RunDirectory.CONFIG, spec);
            }
            return s;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private void noteStale(int stale) {
        if (stale > 0) {
            notices.add("removed " + stale + " temporary file" + (stale == 1 ? "" : "s") + " of interrupted writes");
        }
    }

    /**
     * Brings history.json and best.params in line with the checkpoint: a run stopped between the three writes of
     * an epoch's end left them one step behind.
     */
    private void reconcile() {
        if (!history.equals(run.readHistoryIfIntact())) {
            run.writeHistory(history);
            notices.add("history.json brought in line with the checkpoint (" + history.size() + " epochs)");
        }
        if (state.hasBest() && state.weightsAreBest()) {
            int inFile;
            try {
                inFile = run.bestFileEpoch();
            } catch (RunException e) {
                inFile = -1; // damaged: rebuilt below from the same weights
            }
            if (inFile != state.bestEpoch()) {
                run.saveBest(net, state.bestEpoch(), state.bestVal());
                notices.add("best.params rebuilt from the checkpoint (epoch " + state.bestEpoch() + ")");
            }
        }
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

    /** The epochs recorded so far, one per epoch. */
    public List<EpochRecord> history() {
        return List.copyOf(history);
    }

    /** Adam steps taken so far (restored on resume). */
    public long optimizerSteps() {
        return adam.step();
    }

    /**
     * Why {@link #train} would have nothing to do: the run has finished, or its budget is used up (a resume that
     * did not raise it). Empty when there is training to do.
     */
    public Optional<String> idleReason() {
        TrainingConfig t = spec.training();
        if (startsWithEpochZero()) {
            return Optional.empty(); // the start is validated first, whatever the budget
        }
        if (state.finished()) {
            return Optional.of("this run has already finished (" + state.stopReason().description() + ")");
        }
        if (t.maxSteps() > 0 && state.globalStep() >= t.maxSteps()) {
            return Optional.of("this run has used its step budget (" + state.globalStep() + " of max-steps "
                    + t.maxSteps() + "); raise max-steps to continue it");
        }
        if (t.maxMinutes() > 0 && state.elapsedSeconds() >= t.maxMinutes() * 60) {
            return Optional.of(String.format(java.util.Locale.ROOT, "this run has used its time budget (%.2f of"
                    + " max-minutes %s); raise max-minutes to continue it", state.elapsedSeconds() / 60,
                    t.maxMinutes()));
        }
        if (state.completedEpochs() >= t.epochs()) {
            return Optional.of("this run has completed all " + t.epochs() + " epochs; raise epochs to continue it");
        }
        return Optional.empty();
    }

    /** Trains until done, stopped early, out of budget, diverged or cancelled; returns why it stopped. */
    public StopReason train(TrainingListener listener, BooleanSupplier cancelled) {
        notices.forEach(listener::onMessage);
        notices.clear();
        Optional<String> idle = idleReason();
        if (idle.isPresent()) {
            listener.onMessage(idle.get() + "; nothing was changed");
            return idleStop();
        }
        TrainingConfig t = spec.training();
        this.listener = listener;
        this.budget = new TimeBudget(t.maxMinutes() * 60, t.batchSize());
        WindowDataset train = data.windows(Split.TRAIN).build();
        int n = (int) train.size();
        int stepsPerEpoch = (n + t.batchSize() - 1) / t.batchSize();
        tracking = t.trackOutliers() ? new OutlierTracking(net, ps, manager, data, t.batchSize()) : null;
        listener.onStart(new TrainingListener.Plan(t.epochs(), stepsPerEpoch, net.parameterCount(),
                manager.getDevice().toString(), state.epoch(), state.stepInEpoch()));
        if (budget.limited() && data.layout().windows(Split.VAL) > 0) {
            measureInference(t.batchSize());
        }
        long sessionStart = System.nanoTime();
        double elapsedBefore = state.elapsedSeconds();
        StopReason stop = null;
        if (startsWithEpochZero()) {
            // the model before its first step (the linear baseline under zero heads) is validated and saved as
            // epoch 0, so early stopping can never publish a model worse on validation than its start
            endEpoch(0, 0, true, null, sessionStart, elapsedBefore, sessionStart, listener);
            if (state.finished()) {
                stop = state.stopReason();
            }
        }
        for (int epoch = state.epoch(); epoch <= t.epochs() && stop == null; epoch++) {
            long epochStart = System.nanoTime();
            double lr = t.learningRateAt(epoch);
            int[] order = SeededShuffleSampler.permutation(t.seed(), epoch, n); // a resume replays it
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
                if (budget.mustStop(elapsed + setupSeconds, reserveWindows(), reserveSeconds())) {
                    // what must follow (validation, the final test, the baselines) would not fit after another step
                    stop = StopReason.TIME_BUDGET;
                    break;
                }
                int from = k * t.batchSize();
                int to = Math.min(n, from + t.batchSize());
                long[] idx = new long[to - from];
                for (int i = from; i < to; i++) {
                    idx[i - from] = order[i];
                }
                long stepStart = System.nanoTime();
                double loss = step(train, idx, lr, t.clipNorm());
                budget.step((System.nanoTime() - stepStart) / 1e9);
                if (!Double.isFinite(loss)) {
                    listener.onMessage("training loss became " + loss + " at epoch " + epoch + ", step " + (k + 1)
                            + "; stopping. " + (state.hasBest() ? "The best model (epoch " + state.bestEpoch()
                            + ") is intact and is tested; a lower learning rate may help."
                            : "No epoch had finished, so there is no model to test; try a lower learning rate."));
                    stop = StopReason.DIVERGED;
                    break;
                }
                lossSum += loss;
                state = state.afterStep(lossSum, elapsedBefore + (System.nanoTime() - sessionStart) / 1e9);
                uncommitted = true;
                listener.onStep(new TrainingListener.Step(epoch, k + 1, stepsPerEpoch, state.globalStep(), loss, lr,
                        state.elapsedSeconds()));
                if (tracking != null && t.trackOutliersEvery() > 0 && state.globalStep() % t.trackOutliersEvery() == 0
                        && k + 1 < stepsPerEpoch) {
                    // the epoch's end measures anyway; kept in the state so that a resume continues the series
                    OutlierRecord r = tracking.measure(epoch, state.globalStep(), false);
                    state = state.withOutlierStep(r);
                    listener.onOutliers(r);
                }
            }
            if (stop == StopReason.DIVERGED) {
                break;
            }
            boolean epochDone = state.stepInEpoch() >= stepsPerEpoch;
            if (stop == StopReason.CANCELLED || (!epochDone && !uncommitted)) {
                // cancelled, or a budget reached before this epoch took a step: keep the position to resume
                if (uncommitted) {
                    commit();
                }
                break;
            }
            endEpoch(epoch, lr, epochDone, stop, epochStart, elapsedBefore, sessionStart, listener);
            if (state.finished()) {
                stop = state.stopReason();
            }
        }
        if (stop == null) {
            stop = state.finished() ? state.stopReason() : StopReason.COMPLETED;
        }
        // the last checkpoint stays as it was after a divergence; status.json says how the run ended
        run.writeStatus(stop, state.globalStep());
        listener.onMessage("stopped: " + stop.description());
        return stop;
    }

    /**
     * Validates after an epoch (or the part of it a budget allowed), records it and commits: checkpoint, then
     * best.params, then history.json.
     */
    private void endEpoch(int epoch, double lr, boolean epochDone, StopReason budgetStop, long epochStart,
            double elapsedBefore, long sessionStart, TrainingListener listener) {
        TrainingConfig t = spec.training();
        int stride = evalStride();
        // a final model has no validation or test rows: each finished epoch replaces the last, none is judged
        boolean heldOut = data.layout().windows(Split.VAL) > 0;
        float[] valPredicted = heldOut ? holdable(Split.VAL, stride) : null;
        float[] testPredicted = heldOut && stride == 1 ? holdable(Split.TEST, 1) : null;
        double val = heldOut ? meanBatchMse(Split.VAL, t.batchSize(), stride, "validating", valPredicted) : Double.NaN;
        double test = heldOut ? meanBatchMse(Split.TEST, t.batchSize(), stride, "testing (logged only)", testPredicted)
                : Double.NaN;
        boolean best = heldOut ? state.improves(val) : epochDone;
        int steps = state.stepInEpoch();
        double trainLoss = steps == 0 ? Double.NaN : state.lossSum() / steps;
        OutlierRecord outliers = tracking == null ? null : tracking.measure(epoch, state.globalStep(), true);
        if (outliers != null) {
            listener.onOutliers(outliers);
        }
        EpochRecord rec = new EpochRecord(epoch, lr, steps, trainLoss, val, test, (System.nanoTime() - epochStart) / 1e9,
                best, !epochDone, stride, outliers, state.outlierSteps(),
                epoch == 0 && linearStart != null ? linearStart.label() : null, epoch == 0 ? linearStart : null);
        if (!history.isEmpty() && history.get(history.size() - 1).epoch() == epoch) {
            history.set(history.size() - 1, rec); // the partial record of this epoch, now finished
        } else {
            history.add(rec);
        }
        // a partial epoch (a budget stop) does not count toward patience; its finished self will
        int bad = best ? 0 : epochDone ? state.badEpochs() + 1 : state.badEpochs();
        StopReason end = null;
        if (budgetStop == null && bad >= t.patience()) {
            end = StopReason.EARLY_STOPPED;
        } else if (budgetStop == null && epochDone && epoch >= t.epochs()) {
            end = StopReason.COMPLETED;
        }
        state = new TrainingState(epochDone ? epoch + 1 : epoch, epochDone ? 0 : state.stepInEpoch(),
                state.globalStep(), best ? val : state.bestVal(), best ? epoch : state.bestEpoch(), bad,
                elapsedBefore + (System.nanoTime() - sessionStart) / 1e9, epochDone ? 0 : state.lossSum(), end != null,
                end, best, stride, epochDone ? null : state.outlierSteps(), best ? epoch == 0 : state.bestIsStart());
        commit();
        if (best) {
            run.saveBest(net, epoch, val);
            held = heldOut ? new Held(epoch, stride, valPredicted, testPredicted) : null;
        }
        run.writeHistory(history);
        listener.onEpoch(rec);
    }

    /**
     * Whether training begins by validating the untrained model as epoch 0: a model with a linear path that has
     * taken no step and recorded nothing yet (a resume after epoch 0 was committed does not repeat it).
     */
    private boolean startsWithEpochZero() {
        return spec.model().linearPath().on() && history.isEmpty() && state.globalStep() == 0 && !state.finished();
    }

    private StopReason idleStop() {
        if (state.finished()) {
            return state.stopReason();
        }
        TrainingConfig t = spec.training();
        if (t.maxSteps() > 0 && state.globalStep() >= t.maxSteps()) {
            return StopReason.STEP_BUDGET;
        }
        if (t.maxMinutes() > 0 && state.elapsedSeconds() >= t.maxMinutes() * 60) {
            return StopReason.TIME_BUDGET;
        }
        return StopReason.COMPLETED;
    }

    /**
     * One optimizer step on the windows {@code idx}; returns the batch's loss. The engine's generator is seeded
     * from (seed, step) first, so the dropout masks of a step do not depend on what ran before it in this process:
     * a resumed run takes exactly the steps the uninterrupted one takes.
     */
    private double step(WindowDataset train, long[] idx, double lr, double clipNorm) {
        InvertedDropout.seed(stepSeed(spec.training().seed(), state.globalStep()));
        try (NDManager step = manager.newSubManager()) {
            NDList xy = train.batch(step, idx);
            return trainStep.run(xy, lr, clipNorm, step);
        }
    }

    /** A well-mixed seed for step {@code step} of a run seeded with {@code seed} (SplitMix64's finaliser). */
    static int stepSeed(long seed, long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (z & 0x7fffffff);
    }

    /** The reference's validation loss: the unweighted mean of per-batch MSEs, in window order. */
    public double meanBatchMse(Split split, int batchSize) {
        return meanBatchMse(split, batchSize, 1, null, null);
    }

    /**
     * The predictions of the best model over every {@code stride}-th window of {@code split} (windows x steps x
     * series, z-scored), as this session's validation or test pass of that model's epoch made them, or null when
     * it made none (the best epoch was trained by an earlier session, the pass skipped windows, or the split was
     * too large to keep). Equal to forecasting those windows with batches of the training's batch size.
     */
    public float[] bestPredictions(Split split, int stride) {
        if (held == null || held.epoch() != state.bestEpoch()) {
            return null;
        }
        return switch (split) {
            case VAL -> held.stride() == stride ? held.val() : null;
            case TEST -> stride == 1 ? held.test() : null;
            default -> null;
        };
    }

    /** An array for a pass's predictions over every {@code stride}-th window of {@code split}, or null if too large. */
    private float[] holdable(Split split, int stride) {
        long windows = (data.layout().windows(split) + stride - 1) / stride;
        long values = windows * spec.model().outLen() * data.table().columns().size();
        return values <= HOLD_LIMIT ? new float[(int) values] : null;
    }

    /**
     * The mean of per-batch MSEs over every {@code stride}-th window of {@code split}, in order; reports progress
     * as {@code pass} (when not null) and what the pass took to the time budget. The predictions go into
     * {@code predicted} when it is not null.
     */
    private double meanBatchMse(Split split, int batchSize, int stride, String pass, float[] predicted) {
        WindowDataset ds = data.windows(split).build();
        long[] windows = java.util.stream.LongStream.iterate(0, i -> i < ds.size(), i -> i + stride).toArray();
        int n = windows.length;
        long start = System.nanoTime();
        double sum = 0;
        int batches = 0;
        for (int from = 0; from < n; from += batchSize) {
            try (NDManager step = manager.newSubManager()) {
                NDList xy = ds.batch(step, java.util.Arrays.copyOfRange(windows, from, Math.min(n, from + batchSize)));
                NDArray y = net.predict(ps, xy, false);
                if (predicted != null) {
                    float[] batch = y.toFloatArray();
                    System.arraycopy(batch, 0, predicted, from * (batch.length / (int) y.getShape().get(0)), batch.length);
                }
                NDArray diff = y.sub(xy.get(1));
                sum += diff.mul(diff).mean().toType(DataType.FLOAT64, false).getDouble();
                batches++;
            }
            if (pass != null) {
                listener.onPass(pass, Math.min(n, from + batchSize), n);
            }
        }
        if (budget != null) {
            budget.inference(n, (System.nanoTime() - start) / 1e9);
        }
        return sum / batches;
    }

    /**
     * Times inference on validation batches (the first one warms up) so that the time budget knows what a pass
     * costs before the first one runs.
     */
    private void measureInference(int batchSize) {
        WindowDataset ds = data.windows(Split.VAL).build();
        long n = Math.min(ds.size(), batchSize);
        long batches = Math.min(4, ds.size() / n);
        long start = 0;
        for (int b = 0; b <= batches; b++) {
            if (b == 1) {
                start = System.nanoTime(); // after one batch of warm-up
            }
            long from = Math.min(b * n, ds.size() - n);
            try (NDManager step = manager.newSubManager()) {
                net.predict(ps, ds.batch(step, from, from + n), false).toFloatArray();
            }
        }
        if (batches > 0) {
            budget.inference(batches * n, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Every how many windows validation and the per-epoch test use: decided at the first validation from the
     * time budget (1 without one) and kept for the whole run, so every epoch is judged on the same windows.
     */
    private int evalStride() {
        if (state.evalStride() > 0) {
            return state.evalStride();
        }
        long windows = data.layout().windows(Split.VAL);
        int stride = budget == null ? 1 : budget.stride(windows);
        if (stride > 1) {
            listener.onMessage(String.format(java.util.Locale.ROOT, "validating on every %d-th window (%d of %d) to"
                    + " keep a pass within %.0f%% of the time budget; the final test uses every window", stride,
                    (windows + stride - 1) / stride, windows, 100 * TimeBudget.PASS_SHARE));
        }
        state = state.withEvalStride(stride);
        return stride;
    }

    /**
     * Inference windows that must still fit in the time budget after the next step: the end-of-epoch validation
     * and test (after the epoch's last step, or when the budget cuts it), the final test of the best model and its
     * pass over every validation window that calibrates the prediction intervals.
     */
    private long reserveWindows() {
        int stride = state.evalStride() > 0 ? state.evalStride() : budget.stride(data.layout().windows(Split.VAL));
        long val = data.layout().windows(Split.VAL);
        long test = data.layout().windows(Split.TEST);
        long tracked = tracking == null ? 0 : tracking.windows();
        return 2 * ((val + stride - 1) / stride) + (test + stride - 1) / stride + test + tracked;
    }

    /**
     * Seconds the work after training takes besides inference: the baselines' fit, the conformal replays (each a
     * sorted insert per test window, step and series) and writing the results.
     */
    private double reserveSeconds() {
        long trainWindows = data.layout().windows(Split.TRAIN);
        double p = spec.model().inLen() + 1.0;
        int series = data.table().columnCount();
        double fit = Math.min(trainWindows * p * p, 1.5e9) * series / 1e9; // about 1e9 products a second
        long csvRows = data.layout().windows(Split.TEST) * (long) spec.model().outLen() * series;
        // four adaptive replays: the model's and persistence's, on absolute and on scaled errors
        long replays = 4L * csvRows * Math.max(1, data.layout().windows(Split.VAL)) / 4;
        return 2 + fit + csvRows / 1e6 + replays / 4e9;
    }

    /** Writes the checkpoint: the commit point of the state and the history. */
    private void commit() {
        try (NDManager tmp = manager.newSubManager()) {
            Checkpoints.save(run.checkpoint(), new Checkpoints.Header("checkpoint", run.modelSignature(net),
                    Json.GSON.toJson(state), Json.GSON.toJson(history), run.provenanceJson()), net, adam.state(tmp));
            uncommitted = false;
        } catch (IOException e) {
            throw new RunException("cannot write the checkpoint " + run.checkpoint() + ": " + IoErrors.reason(e)
                    + ". The run keeps its last complete checkpoint; resume it once the problem is fixed", e);
        }
    }

    /**
     * Loads the best model into this session's network (in place: the parameter store and the optimizer see it)
     * for the final test. Returns its epoch.
     */
    public int loadBest() {
        RunDirectory.Weights w = run.bestWeights();
        Checkpoints.load(w.file(), net, this::newNet, run.modelSignature(net), manager).close();
        return w.epoch();
    }

    @Override
    public void close() {
        try {
            manager.close();
        } finally {
            lock.close();
        }
    }
}
