package org.hopcast.hopfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import org.hopcast.hopfield.probe.LayerPath;
import org.hopcast.hopfield.probe.LayerProbe;
import org.hopcast.hopfield.separation.Separation;
import org.junit.jupiter.api.Test;

/** Shapes, the head merge, parameters, initialisation and probes of the Hopfield layers. */
class HopfieldLayerTest extends ManagedTest {
    private final Random rnd = new Random(5);

    private static long parameterCount(ai.djl.nn.Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getShape().size();
        }
        return n;
    }

    private static Parameter param(ai.djl.nn.Block block, String suffix) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().endsWith(suffix)) {
                return p.getValue();
            }
        }
        throw new AssertionError("no parameter ending in " + suffix + " among " + block.getParameters().keys());
    }

    @Test
    void outputKeepsTheStatePatternsShape() {
        Hopfield h = Hopfield.builder().setModelDim(16).setHeads(4).build();
        h.initialize(m, DataType.FLOAT32, new Shape(2, 7, 16), new Shape(2, 11, 16));
        ParameterStore ps = new ParameterStore(m, false);
        NDArray r = Numeric.gaussian(m, rnd, 1, 2, 7, 16).toType(DataType.FLOAT32, false);
        NDArray y = Numeric.gaussian(m, rnd, 1, 2, 11, 16).toType(DataType.FLOAT32, false);
        assertEquals(new Shape(2, 7, 16), h.forward(ps, new NDList(r, y), false).head().getShape());
        assertEquals(new Shape(2, 7, 16), h.forward(ps, new NDList(r), true).head().getShape()); // self
        assertEquals(new Shape(2, 7, 16), h.getOutputShapes(new Shape[] {new Shape(2, 7, 16)})[0]);
    }

    @Test
    void mixReshapeFollowsItsDefinitionOnAnArange() {
        long b = 2;
        long heads = 3;
        long l = 4;
        long e = 2;
        long d = heads * e;
        NDArray o = m.arange(0, (int) (b * heads * l * e)).toType(DataType.FLOAT64, false).reshape(b, heads, l, e);
        double[] mixed = Hopfield.mergeHeads(o, true).toDoubleArray();
        double[] concat = Hopfield.mergeHeads(o, false).toDoubleArray();
        double[] src = o.toDoubleArray();
        for (int bi = 0; bi < b; bi++) {
            for (int li = 0; li < l; li++) {
                for (int c = 0; c < d; c++) {
                    int out = (int) ((bi * l + li) * d + c);
                    // mix: batch item flattened in (h, l, e) order, cut into L chunks of H*dh
                    assertEquals(src[(int) (bi * heads * l * e + li * d + c)], mixed[out]);
                    // concat: row l = [head 0 at l, head 1 at l, ...]
                    int h = (int) (c / e);
                    int ei = (int) (c % e);
                    assertEquals(src[(int) (((bi * heads + h) * l + li) * e + ei)], concat[out]);
                }
            }
        }
        assertNotEquals(java.util.Arrays.toString(mixed), java.util.Arrays.toString(concat));
    }

    @Test
    void parameterCountsAreThoseOfTheReference() {
        int d = 256;
        Hopfield dense = Hopfield.builder().setModelDim(d).setHeads(4).optSeparation(Separation.parse("softmax")).build();
        dense.initialize(m, DataType.FLOAT32, new Shape(1, 3, d));
        assertEquals(4L * (d * d + d), parameterCount(dense));
        Hopfield gsh = Hopfield.builder().setModelDim(d).setHeads(4).build();
        gsh.initialize(m, DataType.FLOAT32, new Shape(1, 3, d));
        assertEquals(4L * (d * d + d) + 1, parameterCount(gsh)); // + the learned alpha logit
        Hopfield gated = Hopfield.builder().setModelDim(d).setHeads(4).optSeparation(Separation.parse("gated-softmax_1"))
                .build();
        gated.initialize(m, DataType.FLOAT32, new Shape(1, 3, d));
        assertEquals(4L * (d * d + d) + 4 * (64 + 1), parameterCount(gated)); // n_heads (d_head + 1)
        HopfieldPooling pool = HopfieldPooling.builder().setHopfield(Hopfield.builder().setModelDim(d).setHeads(4)
                .optSeparation(Separation.parse("softmax")).build()).setPatterns(10).build();
        pool.initialize(m, DataType.FLOAT32, new Shape(1, 7, d));
        assertEquals(4L * (d * d + d) + 10L * d, parameterCount(pool));
    }

    @Test
    void initialisationFollowsPyTorchDefaultsAndTheRecordedChoices() {
        int d = 64;
        Hopfield h = Hopfield.builder().setModelDim(d).setHeads(4).optSeparation(Separation.parse("gated-alpha-entmax"))
                .build();
        HopfieldPooling pool = HopfieldPooling.builder().setHopfield(h).setPatterns(500).build();
        pool.initialize(m, DataType.FLOAT32, new Shape(1, 7, d));
        double bound = 1 / Math.sqrt(d);
        for (Pair<String, Parameter> p : pool.getParameters()) {
            NDArray a = p.getValue().getArray();
            String name = p.getKey();
            if (name.contains("query_") || name.contains("key_") || name.contains("value_") || name.contains("out_")) {
                assertTrue(a.abs().max().getFloat() <= bound, name + " within U(+-1/sqrt(fan_in))");
                // n uniform draws all stay below bound * (1 - 12 / n) with probability (1 - 12 / n)^n < e^-12;
                // a fixed 0.9 failed one run in a thousand on the 64 biases
                assertTrue(a.abs().max().getFloat() > bound * (1 - 12.0 / a.size()), name + " spans the bound");
            }
        }
        float[] memory = param(pool, "memory").getArray().toFloatArray();
        double sq = 0;
        for (float v : memory) {
            sq += v * v;
        }
        assertEquals(0.02, Math.sqrt(sq / memory.length), 0.002, "memory ~ N(0, 0.02)");
        float[] gateBias = param(pool, "gate_bias").getArray().toFloatArray();
        assertEquals(Math.log(0.25 / 0.75), gateBias[0], 1e-6);
        double alpha = h.alpha();
        assertTrue(alpha > 1 && alpha < 2, "alpha " + alpha);
    }

    @Test
    void probeReceivesPerHeadWeightsAndTheOutputAtItsPath() {
        Hopfield h = Hopfield.builder().setModelDim(8).setHeads(2).optSeparation(Separation.parse("softmax_1")).build();
        h.initialize(m, DataType.FLOAT64, new Shape(3, 5, 8), new Shape(3, 6, 8));
        List<String> seen = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        h.attachProbe(LayerPath.parse("encoder.block0.time.hopfield"), new LayerProbe() {
            @Override
            public void onAssociation(String path, NDArray weights) {
                seen.add("assoc " + path);
                shapes.add(weights.getShape());
                assertTrue(weights.sum(new int[] {-1}).lt(1).all().getBoolean(), "softmax_1 rows sum below 1");
            }

            @Override
            public void onOutput(String path, NDArray output) {
                seen.add("out " + path);
                shapes.add(output.getShape());
            }
        });
        ParameterStore ps = new ParameterStore(m, false);
        h.forward(ps, new NDList(Numeric.gaussian(m, rnd, 1, 3, 5, 8), Numeric.gaussian(m, rnd, 1, 3, 6, 8)), false);
        assertEquals(List.of("assoc encoder.block0.time.hopfield", "out encoder.block0.time.hopfield"), seen);
        assertEquals(List.of(new Shape(3, 2, 5, 6), new Shape(3, 5, 8)), shapes);
        h.attachProbe(null, null);
        seen.clear();
        h.forward(ps, new NDList(Numeric.gaussian(m, rnd, 1, 3, 5, 8)), false);
        assertTrue(seen.isEmpty());
    }

    @Test
    void poolingRetrievesFromItsMemoryAndKeepsTheInputLength() {
        HopfieldPooling pool = HopfieldPooling.builder().setHopfield(Hopfield.builder().setModelDim(8).setHeads(2)
                .optSeparation(Separation.parse("sparsemax")).build()).setPatterns(3).build();
        pool.initialize(m, DataType.FLOAT64, new Shape(4, 7, 8));
        List<Shape> assoc = new ArrayList<>();
        pool.attachProbe(LayerPath.of("x", "pool"), new LayerProbe() {
            @Override
            public void onAssociation(String path, NDArray weights) {
                assoc.add(weights.getShape());
            }
        });
        NDArray out = pool.forward(new ParameterStore(m, false), new NDList(Numeric.gaussian(m, rnd, 1, 4, 7, 8)), false)
                .head();
        assertEquals(new Shape(4, 7, 8), out.getShape());
        assertEquals(List.of(new Shape(4, 2, 7, 3)), assoc); // 7 queries x 3 memories per head
        assertEquals(3, pool.memoryPatterns().length);
    }

    @Test
    void dropoutActsOnlyWhileTraining() {
        HopfieldTestSupport.LayerUnderTest layer = HopfieldTestSupport.layer(m, "softmax", 8, 2, 0.5f, true);
        NDArray r = Numeric.gaussian(m, rnd, 1, 2, 3, 8);
        NDArray y = Numeric.gaussian(m, rnd, 1, 2, 5, 8);
        NDArray a = layer.forward(r, y);
        NDArray b = layer.forward(r, y);
        Numeric.assertClose(a.toDoubleArray(), b.toDoubleArray(), 0, "inference is deterministic");
        NDArray t = layer.block().forward(layer.store(), new NDList(r, y), true).head();
        assertFalse(t.sub(a).abs().max().getDouble() < 1e-12, "training applies dropout");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Hopfield.builder().setModelDim(10).setHeads(4).build());
        assertThrows(IllegalArgumentException.class,
                () -> Hopfield.builder().setModelDim(8).setHeads(2).optDropout(1.5f).build());
        assertThrows(IllegalArgumentException.class, () -> HopfieldPooling.builder().setPatterns(3).build());
    }
}
