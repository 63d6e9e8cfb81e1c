package org.hopcast.hopfield.probe;

import ai.djl.ndarray.NDArray;

/**
 * Receives what a Hopfield layer computes, under the layer's stable path (for example
 * {@code decoder.layer3.sthm.series.hopfield}). Layers call a probe only when one is attached, so an
 * unprobed model pays nothing. Arrays are handed over detached and must not be kept beyond the call: copy
 * what is needed (the GUI's association maps) or reduce it on the device (the outlier statistics).
 */
public interface LayerProbe {
    /** The retrieval weights of every head, shape (B, H, L, S): queries x stored patterns. */
    default void onAssociation(String path, NDArray weights) {
    }

    /**
     * The retrieval weights (B, H, L, S) with the stored patterns they retrieve from, per head as the scores saw
     * them: the projected keys, shape (B or 1, H, S, d_head). The default passes the weights on.
     */
    default void onAssociation(String path, NDArray weights, NDArray storedPatterns) {
        onAssociation(path, weights);
    }

    /** A block's output. */
    default void onOutput(String path, NDArray output) {
    }

    /**
     * An activation site where a quantization study may replace the value (fake quantization): the block
     * uses the returned array instead of {@code x}. Sites are named {@code path.kind} (for example
     * {@code decoder.layer1.cross.hopfield.scores}). The default passes x through.
     */
    default NDArray site(String site, NDArray x) {
        return x;
    }

    /**
     * A weight matrix the block is about to use (Linear weights, LayerNorm gains); a quantization study may
     * return a fake-quantized copy. The stored parameter is never changed. The default passes it through.
     */
    default NDArray weight(String site, NDArray w) {
        return w;
    }
}
