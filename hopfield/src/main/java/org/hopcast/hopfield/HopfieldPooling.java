package org.hopcast.hopfield;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

import org.hopcast.hopfield.probe.LayerPath;
import org.hopcast.hopfield.probe.ProbedBlock;

/**
 * Retrieval from c learned memory patterns (STanHop's HopfieldPooling, stanhop.md 3.6): the input R
 * (B, L, d) is the query and a learned memory M (1, c, d) holds the stored patterns, so the output keeps the
 * input's length L. The memory is projected once per call and broadcast over the batch rather than repeated
 * B times as in the reference; the result is the same.
 *
 * <p>Initialisation: both reference repositories allocate M uninitialised ({@code torch.empty}), which made
 * CPU training NaN from the first step (outeffhop.md 10). Hopcast initialises M from N(0, 0.02), the choice
 * of the hopfield-layers library's pooling weights.
 */
public final class HopfieldPooling extends ProbedBlock {
    private static final byte VERSION = 1;

    /** The standard deviation of the memory's initialisation. */
    public static final float MEMORY_INIT_STD = 0.02f;

    private final int patterns;
    private final Parameter memory;
    private final Hopfield hopfield;

    private HopfieldPooling(Builder b) {
        super(VERSION);
        this.patterns = b.patterns;
        this.memory = addParameter(Parameter.builder().setName("memory").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, b.patterns, b.hopfield.modelDim()))
                .optInitializer(new NormalInitializer(MEMORY_INIT_STD)).build());
        // the inner layer reports under the pooling's own path
        this.hopfield = child("hopfield", LayerPath.ROOT, b.hopfield);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int patterns() {
        return patterns;
    }

    public Hopfield hopfield() {
        return hopfield;
    }

    /** The learned memory patterns (c, d), copied to the host. */
    public float[][] memoryPatterns() {
        NDArray m = memory.getArray();
        long d = m.getShape().get(2);
        float[] flat = m.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] out = new float[patterns][(int) d];
        for (int i = 0; i < patterns; i++) {
            System.arraycopy(flat, (int) (i * d), out[i], 0, (int) d);
        }
        return out;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray r = inputs.head();
        NDArray m = ps.getValue(memory, r.getDevice(), training);
        return new NDList(hopfield.retrieve(ps, r, m, training));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hopfield.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** Builder: the inner Hopfield layer and the number of memory patterns are required. */
    public static final class Builder {
        private Hopfield hopfield;
        private int patterns;

        private Builder() {
        }

        /** The Hopfield layer that retrieves from the memory (its d_model sets the memory's width). */
        public Builder setHopfield(Hopfield h) {
            this.hopfield = h;
            return this;
        }

        /** c, the number of learned memory patterns (STanHop's "factor", default 10 there). */
        public Builder setPatterns(int c) {
            this.patterns = c;
            return this;
        }

        public HopfieldPooling build() {
            if (hopfield == null || patterns < 1) {
                throw new IllegalArgumentException("HopfieldPooling needs a Hopfield layer and at least one pattern");
            }
            return new HopfieldPooling(this);
        }
    }
}
