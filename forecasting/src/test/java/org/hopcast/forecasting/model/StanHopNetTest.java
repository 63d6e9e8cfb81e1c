package org.hopcast.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.hopfield.probe.LayerProbe;
import org.hopcast.hopfield.separation.Separation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Shapes through every block and the reference's parameter counts. */
class StanHopNetTest {
    static StanHopConfig etth1Example(String separation, BlockNorms norms) {
        return new StanHopConfig(168, 24, 12, 4, 256, 512, 4, 2, 10, 0.3, Separation.parse(separation), true, norms);
    }

    @Test
    void etth1ExampleHasTheReferenceParameterCount() {
        // the reference reports 8,093,256, of which 18 are alpha_chooser scalars it never uses
        assertEquals(8_093_238L, new StanHopNet(etth1Example("alpha-entmax", BlockNorms.STANHOP), 7).parameterCount());
        // softmax layers learn no alpha: 18 fewer
        assertEquals(8_093_220L, new StanHopNet(etth1Example("softmax", BlockNorms.STANHOP), 7).parameterCount());
    }

    @Test
    void outEffHopBlockNormLayoutHasItsReferenceCount() {
        assertEquals(8_085_540L, new StanHopNet(etth1Example("softmax_1", BlockNorms.OUTEFFHOP), 7).parameterCount());
    }

    @Test
    void outEffHopTable1ConfigurationHasItsReferenceCount() {
        // seg 6, win 1 (no merge layers), e_layers 11, softmax_1, one LayerNorm per block: 35,150,664 in the
        // reference (outeffhop.md section 10)
        StanHopConfig c = new StanHopConfig(168, 24, 6, 1, 256, 512, 4, 11, 10, 0.5, Separation.parse("softmax_1"), true,
                BlockNorms.OUTEFFHOP);
        assertEquals(35_150_664L, new StanHopNet(c, 7).parameterCount());
    }

    @Test
    void blockCountsAddUp() {
        StanHopNet net = new StanHopNet(etth1Example("alpha-entmax", BlockNorms.STANHOP), 7);
        assertEquals(net.parameterCount(), net.parameterCountsByBlock().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(3, net.hopfieldLayers().keySet().stream().filter(k -> k.startsWith(LayerPaths.encoderBlock(0))).count());
        assertEquals(3 * 2 + 4 * 3, net.hopfieldLayers().size()); // 18 associations, as the reference
    }

    @ParameterizedTest(name = "T={0} tau={1} seg={2} w={3} e={4}")
    @CsvSource({"168, 24, 12, 4, 2", "50, 7, 6, 3, 3", "13, 5, 4, 2, 2", "24, 24, 24, 1, 1", "30, 11, 7, 5, 4"})
    void shapesThroughEveryBlockWithLengthsNotDivisible(int in, int out, int seg, int win, int layers) {
        StanHopConfig c = new StanHopConfig(in, out, seg, win, 16, 32, 2, layers, 3, 0.1, Separation.parse("alpha-entmax"), true,
                BlockNorms.STANHOP);
        StanHopNet net = new StanHopNet(c, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(2, in, 3));
            List<String> seen = new ArrayList<>();
            List<Shape> shapes = new ArrayList<>();
            net.probe(new LayerProbe() {
                @Override
                public void onOutput(String path, NDArray output) {
                    seen.add(path);
                    shapes.add(output.getShape());
                }
            });
            NDArray x = m.randomNormal(new Shape(2, in, 3));
            NDArray y = net.predict(new ParameterStore(m, false), x, true);
            assertEquals(new Shape(2, out, 3), y.getShape());
            int[] segments = c.scaleSegments();
            for (int i = 0; i < layers; i++) {
                Shape s = shapes.get(seen.indexOf("encoder.block" + i + ".sthm"));
                assertEquals(new Shape(2, 3, segments[i + 1], 16), s, "encoder scale " + i);
            }
            Shape dec = shapes.get(seen.indexOf("decoder.layer0"));
            assertEquals(new Shape(2, 3, c.outSegments(), 16), dec);
            assertTrue(seen.contains("decoder.layer" + layers + ".predict"));
            assertTrue(seen.contains("decoder.layer0.sthm.series.mlp2"));
            assertTrue(seen.contains("output"), "the model's own output");
        }
    }

    /**
     * Channel independence: one network shared by the series, each series its own sample, so permuting the input's
     * series permutes the forecast's the same way (the paper's model, with a position per series and its
     * cross-series stage, does not). Float64, no dropout, no instance norm or linear path (per series by design).
     */
    @Test
    void aChannelIndependentNetworkTreatsEverySeriesAlike() {
        StanHopConfig mixed = new StanHopConfig(24, 6, 6, 2, 8, 16, 2, 2, 2, 0, Separation.parse("softmax"), true,
                BlockNorms.STANHOP);
        for (boolean independent : new boolean[] {true, false}) {
            StanHopConfig c = mixed.withChannelIndependence(independent);
            try (NDManager m = NDManager.newBaseManager()) {
                StanHopNet net = new StanHopNet(c, 3);
                net.initialize(m, DataType.FLOAT64, new Shape(2, 24, 3));
                NDArray x = m.randomNormal(new Shape(2, 24, 3)).toType(DataType.FLOAT64, false);
                NDArray permuted = x.get(":, :, 2:3").concat(x.get(":, :, 0:2"), 2); // series (2, 0, 1)
                ParameterStore ps = new ParameterStore(m, false);
                NDArray y = net.predict(ps, x, false);
                NDArray yp = net.predict(ps, permuted, false);
                assertEquals(new Shape(2, 6, 3), y.getShape());
                double diff = y.get(":, :, 2:3").concat(y.get(":, :, 0:2"), 2).sub(yp).abs().max().getDouble();
                if (independent) {
                    assertEquals(0, diff, 1e-12, "channel-independent forecasts follow the series");
                } else {
                    assertTrue(diff > 1e-3, "the paper's model tells its series apart (" + diff + ")");
                }
            }
        }
        assertEquals(new StanHopNet(mixed, 3).parameterCount() - (3 - 1) * (4 + 1) * 8L,
                new StanHopNet(mixed.withChannelIndependence(true), 3).parameterCount(),
                "positions for one series instead of three (4 input and 1 output segments of width 8)");
    }

    @Test
    void frontPaddingRepeatsTheFirstStep() {
        // T = 10, seg 4 -> padded to 12 by two copies of x[:, 0]; a constant-first-step input and its padded
        // twin of length 12 must give the same prediction from models with the same weights
        StanHopConfig c10 = new StanHopConfig(10, 4, 4, 2, 8, 16, 2, 1, 2, 0, Separation.parse("softmax"), true,
                BlockNorms.STANHOP);
        StanHopConfig c12 = new StanHopConfig(12, 4, 4, 2, 8, 16, 2, 1, 2, 0, Separation.parse("softmax"), true,
                BlockNorms.STANHOP);
        try (NDManager m = NDManager.newBaseManager()) {
            StanHopNet a = new StanHopNet(c10, 2);
            StanHopNet b = new StanHopNet(c12, 2);
            a.initialize(m, DataType.FLOAT64, new Shape(1, 10, 2));
            b.initialize(m, DataType.FLOAT64, new Shape(1, 12, 2));
            for (int i = 0; i < a.getParameters().size(); i++) {
                b.getParameters().get(i).getValue().getArray().set(a.getParameters().get(i).getValue().getArray()
                        .toDoubleArray());
            }
            NDArray x = m.randomNormal(new Shape(1, 10, 2)).toType(DataType.FLOAT64, false);
            NDArray padded = x.get(":, 0:1, :").repeat(1, 2).concat(x, 1);
            ParameterStore ps = new ParameterStore(m, false);
            double diff = a.predict(ps, x, false).sub(b.predict(ps, padded, false)).abs().max().getDouble();
            assertEquals(0, diff, 1e-12);
        }
    }

    @Test
    void wrongInputShapeIsExplained() {
        StanHopConfig c = new StanHopConfig(12, 4, 4, 2, 8, 16, 2, 1, 2, 0, Separation.parse("softmax"), true,
                BlockNorms.STANHOP);
        StanHopNet net = new StanHopNet(c, 2);
        try (NDManager m = NDManager.newBaseManager()) {
            net.initialize(m, DataType.FLOAT32, new Shape(1, 12, 2));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.predict(new ParameterStore(m, false), m.zeros(new Shape(1, 12, 3)), false));
            assertTrue(e.getMessage().contains("(batch, 12, 2)"));
        }
    }

    @Test
    void everyBlockReportsTheShapesItReturns() {
        // 7 segments in windows of 3 become 3: the coarse-graining changes the length, the decoder adds a prediction
        StanHopConfig c = new StanHopConfig(28, 12, 4, 3, 16, 32, 2, 2, 3, 0.1, Separation.parse("softmax"), true,
                BlockNorms.STANHOP);
        Shape x = new Shape(2, 3, 7, 16);
        Shape memory = new Shape(2, 3, 5, 16);
        try (NDManager m = NDManager.newBaseManager()) {
            ParameterStore ps = new ParameterStore(m, false);
            NDList in = new NDList(m.randomNormal(x), m.randomNormal(memory));
            for (Module block : List.of(new CoarseGrain(16, 3), new StanHopBlock(c), new DecoderLayer(c),
                    new Norm(16), new Mlp(16, 32))) {
                boolean twoInputs = block instanceof DecoderLayer;
                Shape[] inputs = twoInputs ? new Shape[] {x, memory} : new Shape[] {x};
                block.initialize(m, DataType.FLOAT32, inputs);
                NDList out = block.forward(ps, twoInputs ? in : new NDList(in.get(0)),
                        false);
                Shape[] reported = block.getOutputShapes(inputs);
                assertEquals(out.size(), reported.length, block.getClass().getSimpleName());
                for (int k = 0; k < reported.length; k++) {
                    assertEquals(out.get(k).getShape(), reported[k], block.getClass().getSimpleName() + " output " + k);
                }
            }
        }
    }
}
