package org.hopcast.hopfield;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.hopfield.separation.Separation;

/** Builds initialised float64 Hopfield layers for tests. */
public final class HopfieldTestSupport {
    private HopfieldTestSupport() {
    }

    public record LayerUnderTest(Hopfield block, ParameterStore store) {
        public NDArray forward(NDArray r, NDArray y) {
            return block.forward(store, new NDList(r, y), false).head();
        }
    }

    public static LayerUnderTest layer(NDManager m, String separation, int d, int heads, float dropout, boolean mix) {
        Hopfield h = Hopfield.builder().setModelDim(d).setHeads(heads).optSeparation(Separation.parse(separation))
                .optDropout(dropout).optMix(mix).build();
        h.initialize(m, DataType.FLOAT64, new Shape(2, 3, d), new Shape(2, 5, d));
        return new LayerUnderTest(h, new ParameterStore(m, false));
    }
}
