package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import org.hopcast.hopfield.ops.TorchInit;
import org.hopcast.hopfield.trace.OpTrace;

/** nn.Linear over the last axis, with PyTorch's default initialisation. */
final class Dense extends Module {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    Dense(int in, int out) {
        this(in, out, false);
    }

    /**
     * A Linear that starts at zero when {@code zero} (a prediction head under a linear path: the untrained network
     * then adds nothing to the linear forecast), else with PyTorch's default initialisation.
     */
    Dense(int in, int out, boolean zero) {
        this.in = in;
        this.out = out;
        this.weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(out, in),
                zero ? new ConstantInitializer(0f) : TorchInit.linear(in));
        this.bias = parameter("bias", Parameter.Type.BIAS, new Shape(out),
                zero ? new ConstantInitializer(0f) : TorchInit.linear(in));
    }

    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return report(site("out", OpTrace.linear(x, weight("weight", ps.getValue(weight, x.getDevice(), training)),
                ps.getValue(bias, x.getDevice(), training))));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(apply(ps, inputs.head(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
    }

    int in() {
        return in;
    }
}
