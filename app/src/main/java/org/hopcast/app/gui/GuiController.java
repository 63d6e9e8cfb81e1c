package org.hopcast.app.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.hopcast.datasets.DataException;
import org.hopcast.datasets.DataRequest;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.forecasting.BatchRunner;
import org.hopcast.forecasting.Presets;
import org.hopcast.forecasting.RunSettings;
import org.hopcast.forecasting.run.RunException;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.train.EpochRecord;
import org.hopcast.forecasting.train.TrainingListener;

/**
 * The desktop app's state and actions, with no JavaFX in it: loading data, starting and cancelling a
 * training on a background thread (DJL allows one per process, so one at a time), and reporting progress to
 * the view through {@link Listener} callbacks delivered on the UI thread by {@code ui} at a bounded rate.
 * All forecasting goes through {@link BatchRunner}; this class holds no math.
 */
public final class GuiController implements AutoCloseable {
    /** What the view hears about. Called on the UI thread. */
    public interface Listener {
        default void dataLoaded(PreparedSeries data) {
        }

        default void dataFailed(String message) {
        }

        default void trainingStep(TrainingListener.Step step) {
        }

        default void trainingEpoch(EpochRecord epoch) {
        }

        default void trainingMessage(String message) {
        }

        default void trainingFinished(BatchRunner.TrainOutcome outcome, String error) {
        }
    }

    /** Step updates are forwarded at most this often (a fast model steps hundreds of times a second). */
    static final long STEP_INTERVAL_NANOS = 100_000_000L;

    private final Consumer<Runnable> ui;
    private final List<Listener> listeners = new ArrayList<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hopcast-training");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean cancel = new AtomicBoolean();
    private volatile Future<?> running;
    private PreparedSeries data;
    private DataRequest request;

    /** {@code ui} runs a task on the UI thread (Platform::runLater in the app). */
    public GuiController(Consumer<Runnable> ui) {
        this.ui = ui;
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public PreparedSeries data() {
        return data;
    }

    public boolean isTraining() {
        Future<?> f = running;
        return f != null && !f.isDone();
    }

    /** Reads a file (or the built-in ETTh1 when {@code file} is null) with the default preset's window lengths. */
    public void loadData(Path file) {
        var m = Presets.get(RunSettings.DEFAULT_PRESET).model();
        DataRequest r = new DataRequest(file, null, null, null, null,
                new org.hopcast.datasets.WindowSpec(m.inLen(), m.outLen()));
        try {
            PreparedSeries loaded = PreparedSeries.prepare(r);
            this.data = loaded;
            this.request = r;
            ui.accept(() -> listeners.forEach(l -> l.dataLoaded(loaded)));
        } catch (DataException e) {
            ui.accept(() -> listeners.forEach(l -> l.dataFailed(e.getMessage())));
        }
    }

    /**
     * Starts training with {@code settings} (RunSettings keys) on the loaded data, into {@code runDir}. Refused
     * while another training runs.
     */
    public void startTraining(Map<String, Object> settings, Path runDir) {
        if (isTraining()) {
            throw new IllegalStateException("a training is already running; cancel it first");
        }
        Map<String, Object> s = new java.util.LinkedHashMap<>(settings);
        if (request != null && request.input() != null) {
            s.put("input", request.input().toString());
        }
        RunSpec spec = RunSettings.resolve(s);
        cancel.set(false);
        running = worker.submit(() -> {
            long[] last = {0};
            TrainingListener forward = new TrainingListener() {
                @Override
                public void onStep(Step step) {
                    long now = System.nanoTime();
                    if (now - last[0] >= STEP_INTERVAL_NANOS || step.stepInEpoch() == step.stepsPerEpoch()) {
                        last[0] = now;
                        ui.accept(() -> listeners.forEach(l -> l.trainingStep(step)));
                    }
                }

                @Override
                public void onEpoch(EpochRecord epoch) {
                    ui.accept(() -> listeners.forEach(l -> l.trainingEpoch(epoch)));
                }

                @Override
                public void onMessage(String message) {
                    ui.accept(() -> listeners.forEach(l -> l.trainingMessage(message)));
                }
            };
            try {
                BatchRunner.TrainOutcome outcome = BatchRunner.train(spec, runDir, false, forward, cancel::get);
                ui.accept(() -> listeners.forEach(l -> l.trainingFinished(outcome, null)));
            } catch (DataException | RunException | IllegalArgumentException e) {
                ui.accept(() -> listeners.forEach(l -> l.trainingFinished(null, e.getMessage())));
            } catch (RuntimeException | Error e) {
                // anything else still ends the training in the UI (buttons re-enabled, message shown)
                ui.accept(() -> listeners.forEach(l -> l.trainingFinished(null, "unexpected error: " + e)));
            }
        });
    }

    /** Asks the running training to stop after its current step (its checkpoint is kept and resumable). */
    public void cancelTraining() {
        cancel.set(true);
    }

    @Override
    public void close() {
        cancel.set(true);
        worker.shutdown();
    }
}
