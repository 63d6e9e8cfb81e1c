package org.hopcast.hopfield;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

import org.hopcast.hopfield.ops.Scalars;
import org.hopcast.hopfield.ops.Scopes;
import org.hopcast.hopfield.ops.TorchInit;
import org.hopcast.hopfield.probe.ProbedBlock;
import org.hopcast.hopfield.separation.Separation;
import org.hopcast.hopfield.separation.SeparationFunction;
import org.hopcast.hopfield.trace.OpTrace;

/**
 * A Hopfield layer (the GSH layer of STanHop, stanhop.md 3.4-3.5): state patterns R (B, L, d) retrieve from
 * stored patterns Y (B or 1, S, d),
 * <pre>
 *   Z = sep( beta (R W_Q)(Y W_K)^T ) (Y W_K W_V) W_O,     beta = 1/sqrt(d_head)
 * </pre>
 * per head, with dropout on the retrieval weights. As in the reference, the values are the projected keys
 * passed through a second projection (Ramsauer et al.'s Hopfield layer form), not a separate input.
 *
 * <p>Options: the separation function (any {@link Separation}; alpha-entmax adds one learned scalar
 * {@code a}, alpha = 1 + sigmoid(a), initialised N(0, 1)); a per-head output gate for the gated variants
 * (sigmoid of a Linear(d_head -> 1) of the head's slice of R, bias initialised to logit(0.25), applied
 * before the heads are merged: outeffhop.md 3.3); and the head merge: {@code mix} (default, as the
 * reference) flattens the (head, position, feature) array row-major and cuts it into L rows of d, which
 * mixes positions and heads; with mix off, heads are concatenated per position.
 *
 * <p>Inputs: [R, Y], or [R] for self-association (Y = R). Output: [Z] of shape (B, L, d).
 */
public final class Hopfield extends ProbedBlock {
    private static final byte VERSION = 1;

    private final int modelDim;
    private final int heads;
    private final int headDim;
    private final Separation separation;
    private final SeparationFunction function;
    private final float dropout;
    private final boolean mix;

    private final Parameter queryWeight;
    private final Parameter queryBias;
    private final Parameter keyWeight;
    private final Parameter keyBias;
    private final Parameter valueWeight;
    private final Parameter valueBias;
    private final Parameter outWeight;
    private final Parameter outBias;
    private final Parameter alphaLogit;
    private final Parameter gateWeight;
    private final Parameter gateBias;

    private Hopfield(Builder b) {
        super(VERSION);
        this.modelDim = b.modelDim;
        this.heads = b.heads;
        this.headDim = b.modelDim / b.heads;
        this.separation = b.separation;
        this.function = separation.learnsAlpha() ? null : separation.function();
        this.dropout = b.dropout;
        this.mix = b.mix;
        Shape square = new Shape(modelDim, modelDim);
        Shape vector = new Shape(modelDim);
        queryWeight = addParameter(param("query_weight", Parameter.Type.WEIGHT, square, TorchInit.linear(modelDim)));
        queryBias = addParameter(param("query_bias", Parameter.Type.BIAS, vector, TorchInit.linear(modelDim)));
        keyWeight = addParameter(param("key_weight", Parameter.Type.WEIGHT, square, TorchInit.linear(modelDim)));
        keyBias = addParameter(param("key_bias", Parameter.Type.BIAS, vector, TorchInit.linear(modelDim)));
        valueWeight = addParameter(param("value_weight", Parameter.Type.WEIGHT, square, TorchInit.linear(modelDim)));
        valueBias = addParameter(param("value_bias", Parameter.Type.BIAS, vector, TorchInit.linear(modelDim)));
        outWeight = addParameter(param("out_weight", Parameter.Type.WEIGHT, square, TorchInit.linear(modelDim)));
        outBias = addParameter(param("out_bias", Parameter.Type.BIAS, vector, TorchInit.linear(modelDim)));
        alphaLogit = separation.learnsAlpha()
                ? addParameter(param("alpha_logit", Parameter.Type.OTHER, new Shape(1), new NormalInitializer(1f)))
                : null;
        if (separation.gated()) {
            gateWeight = addParameter(param("gate_weight", Parameter.Type.WEIGHT, new Shape(heads, headDim),
                    TorchInit.linear(headDim)));
            gateBias = addParameter(param("gate_bias", Parameter.Type.BIAS, new Shape(heads),
                    new ConstantInitializer((float) Math.log(GATE_INIT / (1 - GATE_INIT)))));
        } else {
            gateWeight = null;
            gateBias = null;
        }
    }

    /** The gate's initial opening, pi_init = 0.25 as in the OutEffHop runs (bias = logit(0.25)). */
    public static final double GATE_INIT = 0.25;

    private static Parameter param(String name, Parameter.Type type, Shape shape, ai.djl.training.initializer.Initializer init) {
        return Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int modelDim() {
        return modelDim;
    }

    public int heads() {
        return heads;
    }

    public Separation separation() {
        return separation;
    }

    public boolean mix() {
        return mix;
    }

    /** The current alpha = 1 + sigmoid(a), or NaN when this layer does not learn one. */
    public double alpha() {
        if (alphaLogit == null || !alphaLogit.isInitialized()) {
            return Double.NaN;
        }
        double a = alphaLogit.getArray().toType(DataType.FLOAT64, false).getDouble(0);
        return 1 + 1 / (1 + Math.exp(-a));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray r = inputs.get(0);
        NDArray y = inputs.size() > 1 ? inputs.get(1) : r;
        return new NDList(retrieve(ps, r, y, training));
    }

    /** The retrieval Z for state patterns r (B, L, d) and stored patterns y (B or 1, S, d). */
    NDArray retrieve(ParameterStore ps, NDArray r, NDArray y, boolean training) {
        return Scopes.scoped(() -> retrieveInScope(ps, r, y, training), r, y);
    }

    private NDArray retrieveInScope(ParameterStore ps, NDArray r, NDArray y, boolean training) {
        ai.djl.Device device = r.getDevice();
        long batch = r.getShape().get(0);
        long length = r.getShape().get(1);
        NDArray q = site("query", OpTrace.linear(r, weight("query", ps.getValue(queryWeight, device, training)),
                ps.getValue(queryBias, device, training)));
        NDArray k = site("key", OpTrace.linear(y, weight("key", ps.getValue(keyWeight, device, training)),
                ps.getValue(keyBias, device, training)));
        NDArray v = site("value", OpTrace.linear(k, weight("value", ps.getValue(valueWeight, device, training)),
                ps.getValue(valueBias, device, training)));
        NDArray qh = splitHeads(q); // (B, H, L, dh)
        NDArray kh = splitHeads(k); // (B|1, H, S, dh)
        NDArray vh = splitHeads(v);
        NDArray scores = site("scores", Scalars.mul(OpTrace.matMul(qh, kh.transpose(0, 1, 3, 2)),
                1.0 / Math.sqrt(headDim))); // (B, H, L, S)
        NDArray weights;
        if (alphaLogit != null) {
            // parameters live in the model's long-lived manager: move what is computed from them into this scope
            NDArray sig = ps.getValue(alphaLogit, device, training).getNDArrayInternal().sigmoid();
            sig.attach(scores.getManager());
            NDArray alpha = Scalars.add(sig, 1);
            weights = OpTrace.alphaEntmax(scores, alpha);
        } else {
            weights = OpTrace.separate(function, scores);
        }
        weights = site("weights", weights);
        reportAssociation(weights, kh);
        if (training && dropout > 0) {
            weights = OpTrace.dropout(weights, dropout);
        }
        NDArray o = site("context", OpTrace.matMul(weights, vh)); // (B, H, L, dh)
        if (gateWeight != null) {
            NDArray rh = r.reshape(batch, length, heads, headDim);
            NDArray logits = rh.mul(ps.getValue(gateWeight, device, training)).sum(new int[] {-1})
                    .add(ps.getValue(gateBias, device, training)); // (B, L, H)
            o = o.mul(logits.getNDArrayInternal().sigmoid().transpose(0, 2, 1).expandDims(-1));
        }
        NDArray merged = mergeHeads(o, mix);
        NDArray z = site("out", OpTrace.linear(merged, weight("out", ps.getValue(outWeight, device, training)),
                ps.getValue(outBias, device, training)));
        return report(z);
    }

    /**
     * Merges per-head outputs o (B, H, L, dh) into (B, L, H dh). With {@code mix} (the reference), each batch
     * item's array is flattened in (head, position, feature) order and cut into L consecutive rows, which
     * mixes heads and positions; without, row l is the concatenation of every head's output at position l.
     */
    static NDArray mergeHeads(NDArray o, boolean mix) {
        Shape s = o.getShape();
        long batch = s.get(0);
        long length = s.get(2);
        long width = s.get(1) * s.get(3);
        return mix ? o.reshape(batch, length, width) : o.transpose(0, 2, 1, 3).reshape(batch, length, width);
    }

    private NDArray splitHeads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public String toString() {
        return "Hopfield(d=" + modelDim + ", heads=" + heads + ", separation=" + separation.name() + ", mix=" + mix
                + ")";
    }

    /** Builder in DJL's style: setX for required settings, optX for optional ones. */
    public static final class Builder {
        private int modelDim;
        private int heads;
        private Separation separation = Separation.DEFAULT;
        private float dropout;
        private boolean mix = true;

        private Builder() {
        }

        /** d_model, the width of state and stored patterns. */
        public Builder setModelDim(int d) {
            this.modelDim = d;
            return this;
        }

        public Builder setHeads(int h) {
            this.heads = h;
            return this;
        }

        /** Default: alpha-entmax (STanHop's GSH). */
        public Builder optSeparation(Separation s) {
            this.separation = s;
            return this;
        }

        /** Dropout on the retrieval weights while training (default 0). */
        public Builder optDropout(float p) {
            this.dropout = p;
            return this;
        }

        /** The reference's head "mix" reshape (default true); false concatenates heads per position. */
        public Builder optMix(boolean m) {
            this.mix = m;
            return this;
        }

        public Hopfield build() {
            if (modelDim < 1 || heads < 1 || modelDim % heads != 0) {
                throw new IllegalArgumentException("d_model (" + modelDim + ") must be a positive multiple of the"
                        + " number of heads (" + heads + ")");
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            return new Hopfield(this);
        }
    }

}
