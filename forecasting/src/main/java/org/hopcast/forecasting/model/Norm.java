package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import org.hopcast.hopfield.trace.OpTrace;

/** nn.LayerNorm over the last axis: affine, eps 1e-5, gamma 1 and beta 0 at start. */
final class Norm extends Module {
    static final float EPS = 1e-5f;

    private final int dim;
    private final Parameter gamma;
    private final Parameter beta;

    Norm(int dim) {
        this.dim = dim;
        this.gamma = parameter("gamma", Parameter.Type.GAMMA, new Shape(dim), new ConstantInitializer(1f));
        this.beta = parameter("beta", Parameter.Type.BETA, new Shape(dim), new ConstantInitializer(0f));
    }

    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return report(site("out", OpTrace.layerNorm(x, new Shape(dim), weight("gamma", ps.getValue(gamma,
                x.getDevice(), training)), ps.getValue(beta, x.getDevice(), training), EPS)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(apply(ps, inputs.head(), training));
    }
}
