package org.hopcast.hopfield.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.GradientCollector;

import org.hopcast.hopfield.ManagedTest;
import org.hopcast.hopfield.Numeric;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dropout's masks drawn in Java are libtorch's, bit for bit, and so are the outputs and gradients. */
class InvertedDropoutTest extends ManagedTest {
    /** Sizes around the generator's 624-word state (an element takes two words) and one of many states. */
    private static final List<Shape> SHAPES = List.of(new Shape(1), new Shape(311), new Shape(312), new Shape(313),
            new Shape(5, 7, 13), new Shape(2, 3, 4, 5), new Shape(100_003));

    @AfterEach
    void backToTheDefault() {
        InvertedDropout.use(InvertedDropout.Masks.JAVA);
    }

    @Test
    void theGeneratorIsTheMersenneTwister() {
        // the first outputs of MT19937 at its reference seed 5489 (Matsumoto and Nishimura's mt19937ar)
        Mt19937 g = new Mt19937(5489);
        long[] expected = {3499211612L, 581869302L, 3890346734L, 3586334585L, 545404204L};
        for (long e : expected) {
            assertEquals(e, g.nextInt() & 0xffffffffL);
        }
    }

    @Test
    void masksOutputsAndGradientsAreLibtorchsForEverySeedRateAndSize() {
        // where this fails, the product is still right (libtorch's own dropout everywhere) but slower
        assertTrue(InvertedDropout.replicaAgrees(), "the replica draws libtorch's masks in this libtorch");
        for (int seed : new int[] {0, 1, 7, 12_345, Integer.MAX_VALUE}) {
            for (float rate : new float[] {0.05f, 0.1f, 0.3f, 0.5f, 0.9f}) {
                for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                    List<float[]> replica = sequence(seed, rate, type, InvertedDropout.Masks.JAVA);
                    List<float[]> libtorch = sequence(seed, rate, type, InvertedDropout.Masks.LIBTORCH);
                    for (int i = 0; i < libtorch.size(); i++) {
                        assertArrayEquals(libtorch.get(i), replica.get(i),
                                "seed " + seed + ", rate " + rate + ", " + type + ", array " + i);
                    }
                }
            }
        }
    }

    /**
     * Every shape in turn after one seed: each output and each gradient, as floats. Inputs come from Java's
     * generator: libtorch's would be advanced by its own dropouts and not by the replica's.
     */
    private List<float[]> sequence(int seed, float rate, DataType type, InvertedDropout.Masks source) {
        InvertedDropout.use(source);
        Random rnd = new Random(seed);
        InvertedDropout.seed(seed);
        List<float[]> out = new ArrayList<>();
        for (Shape s : SHAPES) {
            NDArray x = Numeric.gaussian(m, rnd, 1, s.getShape()).toType(type, false);
            NDArray g = Numeric.gaussian(m, rnd, 1, s.getShape()).toType(type, false);
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = InvertedDropout.apply(x, rate);
                gc.backward(y.mul(g).sum());
            }
            out.add(y.toType(DataType.FLOAT32, false).toFloatArray());
            out.add(x.getGradient().toType(DataType.FLOAT32, false).toFloatArray());
        }
        return out;
    }

    @Test
    void theKeptShareIsOneLessTheRateAndKeptValuesAreScaled() {
        InvertedDropout.seed(3);
        float[] y = InvertedDropout.apply(m.ones(new Shape(200_000)), 0.3f).toFloatArray();
        int kept = 0;
        for (float v : y) {
            assertTrue(v == 0f || v == 1f / 0.7f, "value " + v);
            kept += v == 0f ? 0 : 1;
        }
        assertEquals(0.7, kept / 200_000.0, 0.005);
    }

    @Test
    void aThreadThatWasNotSeededHereGetsLibtorchsDropout() throws InterruptedException {
        InvertedDropout.seed(5); // this thread only
        AtomicReference<float[]> other = new AtomicReference<>();
        AtomicReference<float[]> reference = new AtomicReference<>();
        Thread t = new Thread(() -> {
            Engine.getInstance().setRandomSeed(9);
            other.set(InvertedDropout.apply(m.ones(new Shape(1000)), 0.5f).toFloatArray());
            Engine.getInstance().setRandomSeed(9);
            reference.set(Dropout.dropout(m.ones(new Shape(1000)), 0.5f, true).head().toFloatArray());
        });
        t.start();
        t.join();
        assertArrayEquals(reference.get(), other.get());
    }

    @Test
    void theSameSeedGivesTheSameMasksAndAnotherSeedOthers() {
        Supplier<float[]> draw = () -> InvertedDropout.apply(m.ones(new Shape(4096)), 0.5f).toFloatArray();
        InvertedDropout.seed(11);
        float[] first = draw.get();
        float[] second = draw.get();
        InvertedDropout.seed(11);
        assertArrayEquals(first, draw.get());
        assertArrayEquals(second, draw.get());
        assertFalse(java.util.Arrays.equals(first, second), "the stream moves on between calls");
        InvertedDropout.seed(12);
        assertFalse(java.util.Arrays.equals(first, draw.get()));
    }
}
