package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import org.hopcast.hopfield.Hopfield;
import org.hopcast.hopfield.HopfieldPooling;
import org.hopcast.hopfield.ops.Scopes;
import org.hopcast.hopfield.separation.Separation;

/**
 * One STanHop block (the reference's STHMLayer, stanhop.md 3.7) on X (B, D, N, d): TimeGSH, a Hopfield
 * self-association along the N segments of each series, then SeriesGSH across the D series of each segment.
 * <pre>
 *   time:   Z1 = LN1(Z + Drop(GSH(Z, Z)));   Z2 = LN2(Z1 + Drop(MLP1(Z1)))
 *   series: S1 = LN3(P + Drop(GSH(S, S)));   S2 = LN4(S1 + Drop(MLP2(S1))),   P = HopfieldPooling(S)
 * </pre>
 * The series residual is on the pooled retrieval P, not on S, as in the reference (not Crossformer), and the
 * series association is the full D x D one the code does. With {@link BlockNorms#OUTEFFHOP} only LN3 is
 * kept (the other three residuals are not normalised).
 */
final class StanHopBlock extends Module {
    private final float dropout;
    private final Hopfield timeHopfield;
    private final Norm norm1;
    private final Mlp mlp1;
    private final Norm norm2;
    private final HopfieldPooling pooling;
    private final Hopfield seriesHopfield;
    private final Norm norm3;
    private final Mlp mlp2;
    private final Norm norm4;

    StanHopBlock(StanHopConfig c) {
        this.dropout = (float) c.dropout();
        Separation sep = c.separation();
        int d = c.modelDim();
        boolean all = c.blockNorms() == BlockNorms.STANHOP;
        this.timeHopfield = child("time_hopfield", LayerPaths.TIME_HOPFIELD, hopfield(c, sep));
        this.norm1 = all ? child("norm1", LayerPaths.TIME.child("norm1"), new Norm(d)) : null;
        this.mlp1 = child("mlp1", LayerPaths.TIME.child("mlp1"), new Mlp(d, c.ffDim()));
        this.norm2 = all ? child("norm2", LayerPaths.TIME.child("norm2"), new Norm(d)) : null;
        this.pooling = child("pooling", LayerPaths.SERIES_POOLING, HopfieldPooling.builder()
                .setHopfield(hopfield(c, sep)).setPatterns(c.factor()).build());
        this.seriesHopfield = child("series_hopfield", LayerPaths.SERIES_HOPFIELD, hopfield(c, sep));
        this.norm3 = child("norm3", LayerPaths.SERIES.child("norm3"), new Norm(d));
        this.mlp2 = child("mlp2", LayerPaths.SERIES.child("mlp2"), new Mlp(d, c.ffDim()));
        this.norm4 = all ? child("norm4", LayerPaths.SERIES.child("norm4"), new Norm(d)) : null;
    }

    static Hopfield hopfield(StanHopConfig c, Separation sep) {
        return Hopfield.builder().setModelDim(c.modelDim()).setHeads(c.heads()).optSeparation(sep)
                .optDropout((float) c.dropout()).optMix(c.mix()).build();
    }

    NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        return Scopes.scoped(() -> applyInScope(ps, x, training), x);
    }

    private NDArray applyInScope(ParameterStore ps, NDArray x, boolean training) {
        Shape s = x.getShape();
        long b = s.get(0);
        long series = s.get(1);
        long n = s.get(2);
        long d = s.get(3);
        NDArray z = x.reshape(b * series, n, d);
        NDArray z1 = norm(norm1, ps, site("time.residual1", z.add(drop(timeHopfield.forward(ps, new NDList(z),
                training).head(), training))), training);
        NDArray z2 = norm(norm2, ps, site("time.residual2", z1.add(drop(mlp1.apply(ps, z1, training), training))),
                training);
        NDArray sIn = z2.reshape(b, series, n, d).transpose(0, 2, 1, 3).reshape(b * n, series, d);
        NDArray pooled = pooling.forward(ps, new NDList(sIn), training).head();
        NDArray g = seriesHopfield.forward(ps, new NDList(sIn), training).head();
        NDArray s1 = norm3.apply(ps, site("series.residual1", pooled.add(drop(g, training))), training);
        NDArray s2 = norm(norm4, ps, site("series.residual2", s1.add(drop(mlp2.apply(ps, s1, training), training))),
                training);
        return report(s2.reshape(b, n, series, d).transpose(0, 2, 1, 3));
    }

    private static NDArray norm(Norm norm, ParameterStore ps, NDArray x, boolean training) {
        return norm == null ? x : norm.apply(ps, x, training);
    }

    private NDArray drop(NDArray x, boolean training) {
        return drop(x, dropout, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(apply(ps, inputs.head(), training));
    }

    /** The Hopfield layers of this block, for inspection (alpha, memory patterns). */
    Hopfield timeHopfield() {
        return timeHopfield;
    }

    Hopfield seriesHopfield() {
        return seriesHopfield;
    }

    HopfieldPooling pooling() {
        return pooling;
    }
}
