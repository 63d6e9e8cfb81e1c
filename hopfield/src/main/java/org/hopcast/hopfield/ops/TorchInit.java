package org.hopcast.hopfield.ops;

import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;

/**
 * PyTorch's default initialisations, which the reference models rely on and DJL's defaults (Xavier) do not
 * match (stanhop.md 9.11).
 */
public final class TorchInit {
    private TorchInit() {
    }

    /**
     * nn.Linear's weight and bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (kaiming_uniform with a = sqrt(5) gives
     * exactly this bound for the weight, and the bias uses the same bound).
     */
    public static Initializer linear(long fanIn) {
        return new UniformInitializer((float) (1.0 / Math.sqrt(fanIn)));
    }
}
