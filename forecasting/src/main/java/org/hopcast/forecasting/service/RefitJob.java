package org.hopcast.forecasting.service;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.hopcast.forecasting.run.DataSpec;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.forecasting.train.TrainingSession;

/**
 * One refit of a backtest as a job that can run wherever its folders are seen (this process, a Spark executor): the
 * final model of {@code runDir}'s configuration trained for {@code epochs} epochs on the rows its planner wrote into
 * {@code dir}/rows.csv. Plain strings and numbers, so that it travels to an executor; training it again when its
 * folder holds a finished refit does nothing, so a job retried after a lost executor, or a backtest run again, reuses
 * what finished.
 *
 * @param runDir the backtested run (its configuration)
 * @param dir the refit's folder, holding {@code rows.csv}
 * @param timeColumn the rows' time column, or "none"
 * @param epochs epochs to train
 * @param label what a progress line calls it ("refit 2 of 5: rows 0-8639")
 */
public record RefitJob(String runDir, String dir, String timeColumn, int epochs, String label) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where a backtest's refits are trained: one after another here, or spread by a grid runner. */
    public interface Trainer {
        /** Trains every job (any order, any number at once); returns when all are finished or throws. */
        void train(List<RefitJob> jobs, TrainingListener listener, BooleanSupplier cancelled);

        /** Where, in words. */
        String describe();
    }

    /** One job after another in this process. */
    public static final Trainer IN_PROCESS = new Trainer() {
        @Override
        public void train(List<RefitJob> jobs, TrainingListener listener, BooleanSupplier cancelled) {
            for (RefitJob j : jobs) {
                if (cancelled.getAsBoolean()) {
                    throw new IllegalStateException("backtest cancelled; run it again to resume from the refits it"
                            + " finished");
                }
                listener.onMessage(j.label());
                j.train(listener, cancelled);
            }
        }

        @Override
        public String describe() {
            return "in-process";
        }
    };

    /** Whether the folder holds this refit, finished (a final model of these epochs with its rows beside it). */
    public boolean finished() {
        Path d = Path.of(dir);
        return BacktestRefits.finished(d) && RunDirectory.open(d).spec().training().epochs() == epochs;
    }

    /**
     * Trains the refit unless it finished before; one training at a time in a process (DJL's one gradient collector,
     * platform.md 3c), as a grid's cells.
     */
    public void train(TrainingListener listener, BooleanSupplier cancelled) {
        synchronized (TrainingSession.ONE_PER_PROCESS) {
            if (finished()) {
                return;
            }
            Path d = Path.of(dir);
            Path rows = d.resolve(BacktestRefits.DATA_FILE);
            if (!Files.isRegularFile(rows)) {
                throw new IllegalStateException("the refit folder " + d + " lost its " + BacktestRefits.DATA_FILE
                        + ": run the backtest again to write it");
            }
            RunSpec spec = RunDirectory.open(Path.of(runDir)).spec();
            // the rows file holds the targets and the file's covariates as the run resolved them (a gap marker is a
            // column there, no longer made by reading); the calendar features come from its timestamps again
            RunDirectory.DataInfo info = RunDirectory.open(Path.of(runDir)).dataInfo();
            DataSpec data = DataSpec.builder().setInput(rows.toAbsolutePath().normalize().toString())
                    .setTimeColumn(timeColumn).setTargets(info.covariateColumns() == 0 ? null : info.series())
                    .setPastCovariates(info.pastCovariates()).setFutureCovariates(info.futureCovariates())
                    .setCalendarFeatures(info.calendarFeatures()).build();
            RunSpec refit = new RunSpec(spec.preset(), data, spec.model(), spec.training(), null)
                    .forFinalModel(Path.of(runDir).toAbsolutePath().normalize().toString(), epochs);
            RunService.TrainOutcome o = RunService.run(() -> TrainingSession.start(refit, d), s -> listener, cancelled);
            if (!BacktestRefits.finished(d)) {
                throw new IllegalStateException("the refit in " + d + " stopped before it finished (" + o.stop() + ")");
            }
        }
    }
}
