package org.hopcast.hopfield;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import org.hopcast.hopfield.separation.Separation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cause of the "1 run in 7 ends in NaN" defect: DJL's {@code NDArray.mul(Number)} (and div, pow, maximum,
 * ...) wraps the number in a tensor over a Java direct buffer, closes it right after the op, and libtorch's
 * autograd keeps that tensor for the backward pass. Once the garbage collector frees the buffer, the backward
 * pass reads freed memory. This test collects garbage and scribbles NaN over freshly freed native memory between
 * the forward and the backward pass: the gradients must not change.
 */
class FreedScalarTest extends ManagedTest {
    static List<String> separations() {
        return Separation.names();
    }

    @ParameterizedTest
    @MethodSource("separations")
    void gradientsSurviveAGarbageCollectionBetweenForwardAndBackward(String separation) {
        float[][] calm = gradients(separation, false);
        float[][] stressed = gradients(separation, true);
        for (int i = 0; i < calm.length; i++) {
            for (float g : stressed[i]) {
                assertTrue(Float.isFinite(g), separation + ": gradient " + i + " is not finite");
            }
            assertArrayEquals(calm[i], stressed[i], 0f, separation + ": gradient " + i);
        }
    }

    private float[][] gradients(String separation, boolean collectGarbage) {
        Hopfield h = Hopfield.builder().setModelDim(8).setHeads(2).optSeparation(Separation.parse(separation))
                .build();
        Engine.getInstance().setRandomSeed(3);
        h.initialize(m, DataType.FLOAT32, new Shape(2, 5, 8), new Shape(2, 6, 8));
        ParameterStore ps = new ParameterStore(m, false);
        Random rnd = new Random(11);
        NDArray r = Numeric.gaussian(m, rnd, 1, 2, 5, 8).toType(DataType.FLOAT32, false);
        NDArray y = Numeric.gaussian(m, rnd, 1, 2, 6, 8).toType(DataType.FLOAT32, false);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = h.forward(ps, new NDList(r, y), true).head();
            NDArray loss = out.mul(out).sum();
            if (collectGarbage) {
                scribbleOverFreedMemory();
            }
            gc.backward(loss);
        }
        List<float[]> grads = new ArrayList<>();
        for (Pair<String, Parameter> p : h.getParameters()) {
            NDArray g = p.getValue().getArray().getGradient();
            grads.add(g.toFloatArray());
            g.close();
        }
        return grads.toArray(new float[0][]);
    }

    /** Frees what is unreachable, then fills new direct buffers (likely at the freed addresses) with NaN. */
    static void scribbleOverFreedMemory() {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20); // the cleaner frees direct buffers on its own thread
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
                b.putFloat(0, Float.NaN).putFloat(4, Float.NaN);
                keep.add(b);
            }
        }
        keep.clear();
    }
}
