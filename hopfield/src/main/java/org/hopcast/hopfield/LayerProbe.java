package org.hopcast.hopfield;

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

    /** A block's output. */
    default void onOutput(String path, NDArray output) {
    }
}
