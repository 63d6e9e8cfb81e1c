package org.hopcast.hopfield.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.hopfield.Hopfield;
import org.hopcast.hopfield.ManagedTest;
import org.hopcast.hopfield.Numeric;
import org.hopcast.hopfield.separation.AlphaEntmax;
import org.hopcast.hopfield.separation.Separation;
import org.junit.jupiter.api.Test;

/** The op trace sees a Hopfield layer's products and separation with their shapes; the replay times them. */
class OpTraceTest extends ManagedTest {
    private final Random rnd = new Random(11);

    private List<OpTrace.Op> traceOneRetrieval(Hopfield h, boolean training) {
        h.initialize(m, DataType.FLOAT32, new Shape(2, 7, 16), new Shape(2, 11, 16));
        ParameterStore ps = new ParameterStore(m, false);
        NDArray r = Numeric.gaussian(m, rnd, 1, 2, 7, 16).toType(DataType.FLOAT32, false);
        NDArray y = Numeric.gaussian(m, rnd, 1, 2, 11, 16).toType(DataType.FLOAT32, false);
        h.forward(ps, new NDList(r, y), training); // untraced: records nothing
        OpTrace.start();
        h.forward(ps, new NDList(r, y), training);
        return OpTrace.stop();
    }

    @Test
    void aRetrievalIsFourLinearMapsTwoProductsAndOneSeparation() {
        List<OpTrace.Op> ops = traceOneRetrieval(Hopfield.builder().setModelDim(16).setHeads(4)
                .optSeparation(Separation.parse("softmax")).build(), false);
        assertEquals(List.of("linear", "linear", "linear", "matmul", "softmax", "matmul", "linear"),
                ops.stream().map(OpTrace.Op::name).toList());
        assertEquals(List.of(new Shape(2, 7, 16), new Shape(16, 16)), ops.get(0).shapes());
        // scores (B, H, L, dh) x (B, H, dh, S) and their separation over S
        assertEquals(List.of(new Shape(2, 4, 7, 4), new Shape(2, 4, 4, 11)), ops.get(3).shapes());
        assertEquals(List.of(new Shape(2, 4, 7, 11)), ops.get(4).shapes());
        assertTrue(OpTrace.stop().isEmpty(), "a stopped trace records nothing more");
    }

    @Test
    void replayTimesEveryKindThatRan() {
        List<OpTrace.Op> ops = traceOneRetrieval(Hopfield.builder().setModelDim(16).setHeads(4)
                .optSeparation(Separation.parse("softmax")).optDropout(0.1f).build(), true);
        Map<OpTrace.Kind, Double> train = OpReplay.secondsByKind(m, ops, true, 2);
        Map<OpTrace.Kind, Double> infer = OpReplay.secondsByKind(m, ops, false, 2);
        assertTrue(train.get(OpTrace.Kind.MATRIX_PRODUCT) > 0 && train.get(OpTrace.Kind.SEPARATION) > 0, train.toString());
        assertTrue(train.get(OpTrace.Kind.DROPOUT) > 0, train.toString());
        assertEquals(0.0, train.get(OpTrace.Kind.LAYER_NORM));
        assertTrue(infer.get(OpTrace.Kind.MATRIX_PRODUCT) > 0, infer.toString());
    }

    @Test
    void aLearnedAlphaIsRecordedWithItsValue() {
        List<OpTrace.Op> ops = traceOneRetrieval(Hopfield.builder().setModelDim(16).setHeads(4)
                .optSeparation(Separation.parse("alpha-entmax")).build(), true);
        OpTrace.Op sep = ops.stream().filter(o -> o.kind() == OpTrace.Kind.SEPARATION).findFirst().orElseThrow();
        assertTrue(sep.name().startsWith(AlphaEntmax.NAME) && sep.parameter() > 1 && sep.parameter() < 2, sep.toString());
        assertTrue(OpReplay.secondsByKind(m, List.of(sep), true, 1).get(OpTrace.Kind.SEPARATION) > 0);
    }
}
