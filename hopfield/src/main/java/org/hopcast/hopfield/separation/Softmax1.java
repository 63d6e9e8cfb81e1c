package org.hopcast.hopfield.separation;

import ai.djl.ndarray.NDArray;

import org.hopcast.hopfield.ops.Scalars;

/**
 * softmax_1 (OutEffHop, Hu et al. 2024): {@code exp(z_i) / (1 + sum_j exp(z_j))}, a softmax with an implicit
 * extra logit fixed at 0 ("attend to nothing"), so rows sum to less than 1.
 *
 * <p>Computed as {@code exp(z_i - m) / (exp(-m) + sum_j exp(z_j - m))} with {@code m = max(0, max z)},
 * so that logits of +-1000 overflow nowhere, forward or backward (outeffhop.md 1.2). The reference code
 * shifts by max z alone, which overflows exp(-m) for very negative rows. The shift is detached: it cancels
 * exactly, so its gradient is zero.
 */
public final class Softmax1 implements SeparationFunction {
    public static final String NAME = "softmax_1";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray apply(NDArray scores) {
        NDArray m = Scalars.maximum(scores.stopGradient().max(new int[] {-1}, true), 0);
        NDArray e = scores.sub(m).exp();
        return e.div(m.neg().exp().add(e.sum(new int[] {-1}, true)));
    }
}
