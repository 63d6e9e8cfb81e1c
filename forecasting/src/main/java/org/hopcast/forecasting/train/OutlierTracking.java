package org.hopcast.forecasting.train;

import java.util.Arrays;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.model.OutlierSets;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.OutlierRecord;
import org.hopcast.hopfield.probe.ActivationRecorder;

/**
 * Outlier statistics during training (issue #15): a forward pass in eval mode over a fixed set of validation
 * windows (evenly spread over the split; the training windows for a final model, which has none), recorded with
 * the same {@link ActivationRecorder} and module sets as {@code evaluate --outliers}. The windows never change
 * within a run, so records are comparable across epochs, and an eval-mode pass draws no random numbers, so
 * tracking leaves the trained model exactly as it would be without.
 */
public final class OutlierTracking {
    /** Windows per measurement: enough for stable means, few enough to cost a few forward batches. */
    public static final int WINDOWS = 256;

    private final StanHopNet net;
    private final ParameterStore ps;
    private final NDManager manager;
    private final WindowDataset windows;
    private final long[] chosen;
    private final int batchSize;

    public OutlierTracking(StanHopNet net, ParameterStore ps, NDManager manager, PreparedSeries data, int batchSize) {
        this.net = net;
        this.ps = ps;
        this.manager = manager;
        this.batchSize = batchSize;
        Split split = data.layout().windows(Split.VAL) > 0 ? Split.VAL : Split.TRAIN;
        this.windows = data.windows(split).build();
        this.chosen = spread(windows.size(), WINDOWS);
    }

    /** {@code k} window indices evenly spread over {@code 0 .. n - 1} (all of them when n <= k). */
    static long[] spread(long n, int k) {
        int m = (int) Math.min(n, k);
        long[] idx = new long[m];
        for (int i = 0; i < m; i++) {
            idx[i] = i * n / m;
        }
        return idx;
    }

    /** How many windows a measurement covers. */
    public int windows() {
        return chosen.length;
    }

    /** Measures the model as it is now. */
    public OutlierRecord measure(int epoch, long step, boolean epochEnd) {
        ActivationRecorder recorder = new ActivationRecorder();
        net.probe(recorder);
        try {
            for (int from = 0; from < chosen.length; from += batchSize) {
                try (NDManager scope = manager.newSubManager()) {
                    long[] batch = Arrays.copyOfRange(chosen, from, Math.min(chosen.length, from + batchSize));
                    net.predict(ps, windows.batch(scope, batch), false);
                }
            }
        } finally {
            net.probe(null);
        }
        return new OutlierRecord(epoch, step, epochEnd, chosen.length, recorder.summarise(OutlierSets::inDecoderSet),
                recorder.summarise(OutlierSets::inAll));
    }
}
