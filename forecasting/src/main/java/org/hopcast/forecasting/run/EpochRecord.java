package org.hopcast.forecasting.run;

import org.hopcast.forecasting.model.LinearMix;
import org.hopcast.forecasting.run.files.Since;

/**
 * One line of a run's history.
 *
 * @param epoch 1-based epoch; 0 for the model before its first step (a linear path's start, validated as it began)
 * @param learningRate the rate used during the epoch
 * @param steps optimizer steps taken in it
 * @param trainLoss mean training MSE over its steps
 * @param valMse validation MSE (mean of per-batch MSEs, as the reference)
 * @param testMse test MSE, logged only (model selection uses validation)
 * @param seconds wall time of the epoch including evaluation
 * @param best whether this epoch's model became the best checkpoint
 * @param partial whether a budget stopped the epoch before its last step (the record is replaced when a resumed
 *        run finishes the epoch)
 * @param evalStride validation and test MSE were measured on every {@code evalStride}-th window (1: all; 0 in
 *        runs from before it was recorded, which used all): a time budget thins long passes
 * @param outliers the outlier statistics at the end of the epoch, when the run tracks them (else null)
 * @param outlierSteps those measured every few steps during the epoch, when the run asks for them (else null)
 * @param start for epoch 0 of a model with a linear path: the name of the start its linear path took (linear,
 *        persistence or a mix of them and the seasonal naive forecast, the best on validation), else null
 * @param startMix for epoch 0 of a model with a linear path: that start's weights (null in runs from before mixes,
 *        whose start is the linear fit or, where {@code start} says so, persistence)
 */
public record EpochRecord(int epoch, double learningRate, int steps, double trainLoss, double valMse, double testMse,
        double seconds, boolean best, boolean partial, @Since("time budgets thin long passes") int evalStride,
        @Since("outlier tracking") OutlierRecord outliers,
        @Since("outlier tracking") java.util.List<OutlierRecord> outlierSteps,
        @Since("linear path") String start,
        @Since("linear path mixes") LinearMix startMix) {
}
