package org.hopcast.forecasting.run;

import java.util.ArrayList;
import java.util.List;

import org.hopcast.forecasting.run.files.Since;

/**
 * Where a training stands, saved in every checkpoint so that a resume continues exactly there: the data order
 * of an epoch is a function of (seed, epoch) and the dropout masks of a step a function of (seed, step), so a
 * resumed run replays the remaining batches of the interrupted epoch as the uninterrupted run would.
 *
 * @param epoch the epoch in progress (1-based)
 * @param stepInEpoch optimizer steps already taken in it
 * @param globalStep optimizer steps in all
 * @param bestVal best validation MSE so far (NaN, written as null, before the first)
 * @param bestEpoch epoch of the best checkpoint (0 before the first)
 * @param badEpochs epochs since the last improvement
 * @param elapsedSeconds training time so far
 * @param lossSum sum of training losses in the current epoch
 * @param finished whether the run has ended (no more training to resume)
 * @param stopReason why it ended, or null
 * @param weightsAreBest whether the model's weights at this state are the best epoch's (the state was saved
 *        right after the validation that made them the best): best.params can be rebuilt from such a checkpoint
 * @param evalStride every how many windows validation uses (0: not decided yet; fixed at the first validation so
 *        that every epoch is judged on the same windows)
 * @param outlierSteps outlier records measured during the epoch in progress (null: none), kept here so that a
 *        resume continues the series; they move into the epoch's record when it ends
 * @param bestIsStart whether the best model is the one before the first step (epoch 0 of a model with a linear
 *        path, validated as it started: the linear baseline); bestEpoch is then 0 (false in older runs, which had
 *        no epoch 0)
 */
public record TrainingState(int epoch, int stepInEpoch, long globalStep, double bestVal, int bestEpoch, int badEpochs,
        double elapsedSeconds, double lossSum, boolean finished, StopReason stopReason, boolean weightsAreBest,
        @Since("time budgets thin long passes") int evalStride,
        @Since("outlier tracking") List<OutlierRecord> outlierSteps,
        @Since("linear path") boolean bestIsStart) {

    public static TrainingState start() {
        return new TrainingState(1, 0, 0, Double.NaN, 0, 0, 0, 0, false, null, false, 0, null, false);
    }

    /** Whether a best model exists: an epoch's, or the model at the start (epoch 0). */
    public boolean hasBest() {
        return bestEpoch > 0 || bestIsStart;
    }

    /** Whether a validation MSE beats the best so far (any finite value does before the first). */
    public boolean improves(double valMse) {
        return Double.isFinite(valMse) && (!hasBest() || valMse < bestVal);
    }

    /** Epochs whose every step has run. */
    public int completedEpochs() {
        return epoch - 1;
    }

    /** The same state after one more optimizer step (the weights are no longer the validated ones). */
    public TrainingState afterStep(double lossSumNow, double elapsed) {
        return new TrainingState(epoch, stepInEpoch + 1, globalStep + 1, bestVal, bestEpoch, badEpochs, elapsed,
                lossSumNow, false, null, false, evalStride, outlierSteps, bestIsStart);
    }

    /** The same state with training resumable again (a completed run given more epochs). */
    public TrainingState reopened() {
        return new TrainingState(epoch, stepInEpoch, globalStep, bestVal, bestEpoch, badEpochs, elapsedSeconds, lossSum,
                false, null, weightsAreBest, evalStride, outlierSteps, bestIsStart);
    }

    /** The same state with the validation stride decided. */
    public TrainingState withEvalStride(int stride) {
        return new TrainingState(epoch, stepInEpoch, globalStep, bestVal, bestEpoch, badEpochs, elapsedSeconds, lossSum,
                finished, stopReason, weightsAreBest, stride, outlierSteps, bestIsStart);
    }

    /** The same state with one more outlier record of the epoch in progress. */
    public TrainingState withOutlierStep(OutlierRecord r) {
        List<OutlierRecord> steps = new ArrayList<>(outlierSteps == null ? List.of() : outlierSteps);
        steps.add(r);
        return new TrainingState(epoch, stepInEpoch, globalStep, bestVal, bestEpoch, badEpochs, elapsedSeconds, lossSum,
                finished, stopReason, weightsAreBest, evalStride, List.copyOf(steps), bestIsStart);
    }
}
