package org.hopcast.forecasting.run;

import org.hopcast.forecasting.run.files.Since;

/**
 * What best.params' header says about its weights: the epoch they are from (0: a linear path's start, before the
 * first step) and that epoch's validation MSE.
 */
public record BestState(@Since("best models name their epoch") int epoch, double valMse) {
    public BestState {
        if (epoch < 0) {
            throw new IllegalArgumentException("key epoch must be 0 or more, found " + epoch);
        }
    }
}
