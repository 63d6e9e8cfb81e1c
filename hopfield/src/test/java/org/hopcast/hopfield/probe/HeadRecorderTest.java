package org.hopcast.hopfield.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.hopfield.Hopfield;
import org.hopcast.hopfield.separation.Separation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-head statistics on a planted case: one head whose queries match no stored pattern, one that matches one. */
class HeadRecorderTest {
    private NDManager m;

    @BeforeEach
    void open() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

    /**
     * A layer of width 4 with 2 heads (dimensions 0-1 and 2-3), identity query and key maps. Head 0's queries point
     * away from every stored pattern (scores -7 to -21); head 1's query points at stored pattern 0 only.
     */
    private List<HeadRecorder.Head> planted(String separation) {
        Hopfield h = Hopfield.builder().setModelDim(4).setHeads(2).optSeparation(Separation.parse(separation)).build();
        h.initialize(m, DataType.FLOAT32, new Shape(1, 3, 4), new Shape(1, 5, 4));
        float[] identity = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        h.getParameters().get("query_weight").getArray().set(identity);
        h.getParameters().get("key_weight").getArray().set(identity);
        h.getParameters().get("query_bias").getArray().set(new float[4]);
        h.getParameters().get("key_bias").getArray().set(new float[4]);
        // head 0: query (-10, 0) against patterns (1..3, 0.1): every score -10 y0 / sqrt(2) is far below 0
        // head 1: query (0, 10) against pattern 0's (0, 3) and the others' (0, -1)
        NDArray state = m.create(new float[] {-10, 0, 0, 10, -10, 0, 0, 10, -10, 0, 0, 10}, new Shape(1, 3, 4));
        NDArray stored = m.create(new float[] {
            1.0f, 0.1f, 0, 3,
            1.5f, 0.1f, 0, -1,
            2.0f, 0.1f, 0, -1,
            2.5f, 0.1f, 0, -1,
            3.0f, 0.1f, 0, -1}, new Shape(1, 5, 4));
        HeadRecorder r = new HeadRecorder();
        h.attachProbe(LayerPath.parse("planted.hopfield"), r);
        h.forward(new ParameterStore(m, false), new NDList(state, stored), false);
        List<HeadRecorder.Head> heads = r.heads();
        assertEquals(2, heads.size());
        assertEquals(3, heads.get(0).rows());
        assertEquals(5, heads.get(0).storedPatterns());
        assertEquals(1, heads.get(0).lowNormPatterns());
        return heads;
    }

    @Test
    void softmax1CanRetrieveNothingAndSoftmaxCannot() {
        List<HeadRecorder.Head> one = planted("softmax_1");
        List<HeadRecorder.Head> plain = planted("softmax");
        // the head with nothing to retrieve: softmax_1 leaves almost all mass unassigned
        assertTrue(one.get(0).nullMass() > 0.99, "softmax_1 null mass " + one.get(0).nullMass());
        assertTrue(one.get(0).top1Mass() < 0.01, "softmax_1 top-1 " + one.get(0).top1Mass());
        // softmax must spend all of it: on the lowest-norm pattern (the one with the least negative score)
        assertEquals(0, plain.get(0).nullMass(), 1e-6);
        assertTrue(plain.get(0).top1Mass() > 0.9, "softmax top-1 " + plain.get(0).top1Mass());
        assertTrue(plain.get(0).lowNormShare() > 0.9, "softmax low-norm share " + plain.get(0).lowNormShare());
        assertEquals(0.2, plain.get(0).uniformLowNormShare(), 1e-12);
        // the head with a match retrieves it under both, with no null mass to speak of
        for (List<HeadRecorder.Head> heads : List.of(one, plain)) {
            assertTrue(heads.get(1).nullMass() < 1e-6 && heads.get(1).top1Mass() > 0.999, heads.get(1).toString());
            assertTrue(heads.get(1).entropy() < 0.01, heads.get(1).toString());
        }
    }

    @Test
    void uniformWeightsHaveMaximalEntropyAndTheUniformShare() {
        HeadRecorder r = new HeadRecorder();
        NDArray w = m.full(new Shape(2, 1, 3, 10), 0.1f);
        NDArray keys = m.arange(10f).reshape(1, 1, 10, 1); // norms 0..9: pattern 0 is the lowest
        r.onAssociation("u", w, keys);
        HeadRecorder.Head h = r.heads().get(0);
        assertEquals(6, h.rows());
        assertEquals(Math.log(10), h.entropy(), 1e-6);
        assertEquals(0.1, h.top1Mass(), 1e-6);
        assertEquals(0.1, h.lowNormShare(), 1e-6);
        assertEquals(h.uniformLowNormShare(), h.lowNormShare(), 1e-6);
        assertEquals(0, h.nullMass(), 1e-6);
    }
}
