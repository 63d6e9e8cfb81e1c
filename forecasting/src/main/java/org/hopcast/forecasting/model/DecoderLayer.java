package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import org.hopcast.hopfield.Hopfield;
import org.hopcast.hopfield.ops.Scopes;

/**
 * One decoder layer (stanhop.md 3.10): a STanHop block on the queries, a Hopfield cross-association of each
 * series' query segments to the same series' encoder segments at this layer's scale, LN, an MLP of hidden
 * width d (not d_ff) with no dropout, LN, and a Linear(d -> L_seg) prediction head.
 */
final class DecoderLayer extends Module {
    private final float dropout;
    private final StanHopBlock block;
    private final Hopfield cross;
    private final Norm norm1;
    private final Mlp mlp;
    private final Norm norm2;
    private final Dense predict;

    DecoderLayer(StanHopConfig c) {
        this.dropout = (float) c.dropout();
        this.block = child("sthm", LayerPaths.STHM, new StanHopBlock(c));
        this.cross = child("cross_hopfield", LayerPaths.CROSS_HOPFIELD,
                StanHopBlock.hopfield(c, c.separation()));
        this.norm1 = child("norm1", new Norm(c.modelDim()));
        this.mlp = child("mlp", new Mlp(c.modelDim(), c.modelDim()));
        this.norm2 = child("norm2", new Norm(c.modelDim()));
        // under a linear path the heads start at zero: the untrained model forecasts the linear path alone
        this.predict = child("predict", new Dense(c.modelDim(), c.segLen(), c.linearPath().on()));
    }

    /** Returns [next x (B, D, N_out, d), this layer's prediction (B, D, N_out, L_seg)]. */
    NDList apply(ParameterStore ps, NDArray x, NDArray memory, boolean training) {
        return Scopes.scopedList(() -> applyInScope(ps, x, memory, training), x, memory);
    }

    private NDList applyInScope(ParameterStore ps, NDArray x, NDArray memory, boolean training) {
        NDArray y = block.apply(ps, x, training);
        Shape s = y.getShape();
        long b = s.get(0);
        long series = s.get(1);
        long n = s.get(2);
        long d = s.get(3);
        NDArray q = y.reshape(b * series, n, d);
        NDArray m = memory.reshape(b * series, memory.getShape().get(2), d);
        NDArray t = drop(cross.forward(ps, new NDList(q, m), training).head(), dropout, training);
        NDArray x1 = norm1.apply(ps, site("residual1", q.add(t)), training);
        NDArray out = norm2.apply(ps, site("residual2", x1.add(mlp.apply(ps, x1, training))), training);
        NDArray next = report(out.reshape(b, series, n, d));
        return new NDList(next, predict.apply(ps, next, training));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return apply(ps, inputs.get(0), inputs.get(1), training);
    }

    /** [next x (B, D, N_out, d), prediction (B, D, N_out, L_seg)] for x (B, D, N_out, d) and the memory. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {x, predict.getOutputShapes(new Shape[] {x})[0]};
    }

    StanHopBlock block() {
        return block;
    }

    Hopfield cross() {
        return cross;
    }
}
