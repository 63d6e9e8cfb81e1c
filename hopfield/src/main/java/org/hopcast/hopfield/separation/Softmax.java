package org.hopcast.hopfield.separation;

import ai.djl.ndarray.NDArray;

/** softmax: the dense modern Hopfield separation (Ramsauer et al. 2021). */
public final class Softmax implements SeparationFunction {
    public static final String NAME = "softmax";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray apply(NDArray scores) {
        return scores.softmax(-1);
    }
}
