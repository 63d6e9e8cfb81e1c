package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import org.hopcast.hopfield.ops.Scopes;

/**
 * Coarse-graining between encoder scales (the reference's CoarseGrain, Crossformer's SegMerging,
 * stanhop.md 3.8): (B, D, N, d) -> (B, D, ceil(N/w), d). When N is not a multiple of w the last
 * (w - N mod w) segments are appended again; then each run of w neighbouring segments is concatenated
 * ([X_jw, ..., X_jw+w-1]), layer-normalised over w*d and projected to d. When even that is too few (N less
 * than w - N mod w, where the reference code fails), the first segment fills the missing places.
 */
final class CoarseGrain extends Module {
    private final int window;
    private final Norm norm;
    private final Dense projection;

    CoarseGrain(int modelDim, int window) {
        this.window = window;
        this.norm = child("norm", new Norm(window * modelDim));
        this.projection = child("linear", new Dense(window * modelDim, modelDim));
    }

    NDArray apply(ParameterStore ps, NDArray input, boolean training) {
        return Scopes.scoped(() -> applyInScope(ps, input, training), input);
    }

    private NDArray applyInScope(ParameterStore ps, NDArray x, boolean training) {
        Shape s = x.getShape();
        long n = s.get(2);
        long pad = (window - n % window) % window;
        if (pad > 0 && pad <= n) {
            x = x.concat(x.get(":, :, " + (n - pad) + ":, :"), 2);
        } else if (pad > n) {
            // Fewer segments than the padding needs: the reference fails here; Hopcast repeats the first
            // segment for the positions before the sequence and appends the rest as usual.
            NDArray first = x.get(":, :, 0:1, :").repeat(2, pad - n);
            x = x.concat(first, 2).concat(x, 2);
        }
        long merged = (n + pad) / window;
        NDArray grouped = x.reshape(s.get(0), s.get(1), merged, window * s.get(3));
        return report(projection.apply(ps, norm.apply(ps, grouped, training), training));
    }

    /** (B, D, N, d) -> (B, D, ceil(N/w), d): what {@link #apply} returns. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), s.get(1), (s.get(2) + window - 1) / window, s.get(3))};
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(apply(ps, inputs.head(), training));
    }
}
