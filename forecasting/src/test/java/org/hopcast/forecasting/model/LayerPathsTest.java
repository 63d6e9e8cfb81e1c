package org.hopcast.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.hopfield.probe.LayerPath;
import org.hopcast.hopfield.probe.LayerProbe;
import org.hopcast.hopfield.separation.Separation;
import org.junit.jupiter.api.Test;

/** The paths the blocks derive are the ones run files and outlier tables have always used, and read back typed. */
class LayerPathsTest {
    @Test
    void probedPathsAreTheStablePathsOfEarlierRuns() {
        StanHopConfig c = new StanHopConfig(24, 12, 6, 2, 16, 32, 2, 2, 3, 0.0, Separation.parse("softmax_1"), true,
                BlockNorms.STANHOP);
        Set<String> outputs = new LinkedHashSet<>();
        Set<String> associations = new LinkedHashSet<>();
        try (NDManager m = NDManager.newBaseManager()) {
            StanHopNet net = new StanHopNet(c, 3);
            net.initialize(m, DataType.FLOAT32, new Shape(1, 24, 3));
            net.probe(new LayerProbe() {
                @Override
                public void onOutput(String path, NDArray output) {
                    outputs.add(path);
                }

                @Override
                public void onAssociation(String path, NDArray weights) {
                    associations.add(path);
                }
            });
            net.predict(new ParameterStore(m, false), m.randomNormal(new Shape(2, 24, 3)), false);
        }
        List<String> expected = new ArrayList<>(List.of("embedding", "pre_norm"));
        for (int i = 0; i < 2; i++) {
            String b = "encoder.block" + i;
            if (i > 0) {
                expected.addAll(List.of(b + ".merge.norm", b + ".merge.linear", b + ".merge"));
            }
            expected.addAll(sthm(b + ".sthm"));
        }
        for (int j = 0; j < 3; j++) {
            String l = "decoder.layer" + j;
            expected.addAll(sthm(l + ".sthm"));
            expected.addAll(List.of(l + ".cross.hopfield", l + ".norm1", l + ".mlp.fc1", l + ".mlp.fc2", l + ".mlp",
                    l + ".norm2", l, l + ".predict"));
        }
        expected.add("output"); // the network's own output, at the root
        assertEquals(new LinkedHashSet<>(expected), outputs);
        assertEquals(3 * 2 + 4 * 3, associations.size());
        assertTrue(associations.contains("decoder.layer2.cross.hopfield"));
    }

    private static List<String> sthm(String s) {
        return List.of(s + ".time.hopfield", s + ".time.norm1", s + ".time.mlp1.fc1", s + ".time.mlp1.fc2",
                s + ".time.mlp1", s + ".time.norm2", s + ".series.pooling", s + ".series.hopfield", s + ".series.norm3",
                s + ".series.mlp2.fc1", s + ".series.mlp2.fc2", s + ".series.mlp2", s + ".series.norm4", s);
    }

    @Test
    void pathsAreReadBackAsTypes() {
        LayerPath cross = LayerPath.parse("decoder.layer3.cross.hopfield");
        assertEquals(OptionalInt.of(3), LayerPaths.decoderLayer(cross));
        assertEquals(Optional.of(LayerPaths.Association.CROSS), LayerPaths.association(cross));
        LayerPath pool = LayerPaths.encoderBlock(1).child(LayerPaths.STHM).child(LayerPaths.SERIES_POOLING);
        assertEquals("encoder.block1.sthm.series.pooling", pool.toString());
        assertEquals(OptionalInt.of(1), LayerPaths.encoderBlock(pool));
        assertEquals(Optional.of(LayerPaths.Association.SERIES_POOLING), LayerPaths.association(pool));
        assertEquals(Optional.empty(), LayerPaths.association(LayerPath.parse("encoder.block0.sthm.time.norm1")));
        assertEquals(Optional.empty(), LayerPaths.association(LayerPath.parse("encoder.blockX.sthm.time.hopfield")));
        assertFalse(LayerPaths.encoderBlock(LayerPath.parse("embedding")).isPresent());
        assertEquals(LayerPath.ROOT, LayerPath.parse(""));
        assertEquals("merge.kind", LayerPath.of("merge").site("kind"));
    }
}
