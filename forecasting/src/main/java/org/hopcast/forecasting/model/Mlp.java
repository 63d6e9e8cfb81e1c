package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import org.hopcast.hopfield.ops.Scopes;

/** Linear(d -> hidden), exact (erf) GELU, Linear(hidden -> d). */
final class Mlp extends Module {
    private final Dense first;
    private final Dense second;

    Mlp(int dim, int hidden) {
        this.first = child("fc1", new Dense(dim, hidden));
        this.second = child("fc2", new Dense(hidden, dim));
    }

    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return report(Scopes.scoped(() -> second.apply(ps, Activation.gelu(first.apply(ps, x, training)), training), x));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(apply(ps, inputs.head(), training));
    }
}
