package org.hopcast.forecasting.run;

import org.hopcast.hopfield.probe.ActivationRecorder;

/**
 * The outlier statistics of a model during training (issue #15): the paper's two aggregates (average kurtosis,
 * max infinity norm and the module that holds the max) over the decoder set and over every module, measured on
 * the same fixed windows each time, so that records of one run are comparable with each other.
 *
 * @param epoch the epoch in which it was measured (1-based)
 * @param step optimizer steps taken in all when it was measured
 * @param epochEnd whether it was measured at the end of the epoch (after its last step), not during it
 * @param windows how many windows the forward pass covered
 * @param decoder the aggregates over the decoder set
 * @param all the aggregates over every module
 */
public record OutlierRecord(int epoch, long step, boolean epochEnd, int windows, ActivationRecorder.Summary decoder,
        ActivationRecorder.Summary all) {
}
