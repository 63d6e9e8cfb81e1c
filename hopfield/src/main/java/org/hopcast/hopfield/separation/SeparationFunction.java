package org.hopcast.hopfield.separation;

import ai.djl.ndarray.NDArray;

/**
 * A separation function: turns association scores into retrieval weights over the last axis, for inputs
 * of any rank in float32 or float64, differentiably. The Hopfield retrieval update is
 * {@code xi_new = X * sep(beta * X^T * xi)}; softmax gives the dense modern Hopfield model, sparsemax and
 * entmax the sparse ones, softmax_1 the outlier-efficient one.
 */
public interface SeparationFunction {
    /** The stable name used by configs, the CLI and the GUI. */
    String name();

    /** Applies the function over the last axis of {@code scores}. */
    NDArray apply(NDArray scores);
}
