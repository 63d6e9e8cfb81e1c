package org.hopcast.hopfield.separation;

import ai.djl.ndarray.NDArray;

import org.hopcast.hopfield.ops.Scalars;

/**
 * Clipped softmax (Bondarenko et al. 2023): {@code clip((zeta - gamma) * softmax(z) + gamma, 0, 1)} with
 * {@code zeta >= 1, gamma <= 0}, so exact zeros (and ones) are reached with finite logits. With softmax_1
 * inside it is the clipped OutEffHop variant. The gradient is zero where the output is clipped.
 */
public final class ClippedSoftmax implements SeparationFunction {
    /** zeta of the STanHop experiments (outeffhop.md 3.2). */
    public static final double DEFAULT_ZETA = 1.1;
    /** gamma of the STanHop experiments. */
    public static final double DEFAULT_GAMMA = -0.1;

    private final SeparationFunction inner;
    private final double zeta;
    private final double gamma;
    private final String name;

    public ClippedSoftmax(SeparationFunction inner, double zeta, double gamma) {
        if (!(zeta >= 1) || !(gamma <= 0)) {
            throw new IllegalArgumentException("clipped softmax needs zeta >= 1 and gamma <= 0, got zeta " + zeta
                    + ", gamma " + gamma);
        }
        this.inner = inner;
        this.zeta = zeta;
        this.gamma = gamma;
        this.name = "clipped-" + inner.name();
    }

    public double zeta() {
        return zeta;
    }

    public double gamma() {
        return gamma;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public NDArray apply(NDArray scores) {
        return Scalars.add(Scalars.mul(inner.apply(scores), zeta - gamma), gamma).clip(0, 1);
    }
}
