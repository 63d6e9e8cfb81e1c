package org.hopcast.forecasting.train;

/**
 * Where a training stands, saved in every checkpoint so that {@code --resume} continues exactly there: the
 * data order of an epoch is a function of (seed, epoch), so a resumed run replays the remaining batches of
 * the interrupted epoch. (Dropout masks after a resume differ: libtorch's generator state is not saved.)
 *
 * @param epoch the epoch in progress (1-based)
 * @param stepInEpoch optimizer steps already taken in it
 * @param globalStep optimizer steps in all
 * @param bestVal best validation MSE so far (infinity before the first)
 * @param bestEpoch epoch of the best checkpoint (0 before the first)
 * @param badEpochs epochs since the last improvement
 * @param elapsedSeconds training time so far
 * @param lossSum sum of training losses in the current epoch
 * @param finished whether the run has ended (no more training to resume)
 * @param stopReason why it ended, or null
 */
public record TrainingState(int epoch, int stepInEpoch, long globalStep, double bestVal, int bestEpoch, int badEpochs,
        double elapsedSeconds, double lossSum, boolean finished, StopReason stopReason) {

    public static TrainingState start() {
        return new TrainingState(1, 0, 0, Double.POSITIVE_INFINITY, 0, 0, 0, 0, false, null);
    }
}
