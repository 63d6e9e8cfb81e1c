package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import org.hopcast.hopfield.ops.Scopes;

/**
 * The step-wise path of the known-ahead covariates (ADR 0025): at each forecast step, a small MLP of the forecast so
 * far (K targets) and that step's known covariates (F) adds a correction to the targets' forecast. The decoder
 * queries carry the known future to the network as a whole; this path lets a step's value depend on that step's
 * covariates directly and non-linearly (load on that day's temperature, sales on that day's promotion), as TiDE's
 * temporal decoder does. Its output layer starts at zero, so the untrained model is unchanged by it.
 */
final class KnownFutureHead extends Module {
    private final Dense first;
    private final Dense second;

    KnownFutureHead(int targets, int known, int hidden) {
        this.first = child("fc1", new Dense(targets + known, hidden));
        this.second = child("fc2", new Dense(hidden, targets, true));
    }

    /** The forecast (B, tau, K) corrected by the known-ahead covariates (B, tau, F). */
    NDArray apply(ParameterStore ps, NDArray forecast, NDArray ahead, boolean training) {
        return report(Scopes.scoped(() -> forecast.add(second.apply(ps,
                Activation.gelu(first.apply(ps, forecast.concat(ahead, 2), training)), training)), forecast, ahead));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(apply(ps, inputs.get(0), inputs.get(1), training));
    }
}
