package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;

import org.junit.jupiter.api.Test;

/** Windows as a DJL dataset: values, shapes, batching and seeded shuffling. */
class WindowDatasetTest {
    /** 50 rows x 2 series; row r holds (r, 100 + r) so a window's contents say where it came from. */
    private static PreparedSeries ramp() {
        double[] v = new double[100];
        for (int r = 0; r < 50; r++) {
            v[2 * r] = r;
            v[2 * r + 1] = 100 + r;
        }
        return PreparedSeries.of(SeriesTable.of("ramp", List.of("a", "b"), null, v),
                new SplitProtocol.Rows(30, 10, 10), new WindowSpec(6, 3));
    }

    @Test
    void aStrideTakesEveryKthWindowAndKeepsTheLast() {
        PreparedSeries s = ramp();
        WindowDataset all = s.windows(Split.TRAIN).build();
        WindowDataset thin = s.windows(Split.TRAIN).optStride(4).build();
        assertEquals(22, all.size());
        assertEquals(6, thin.size()); // windows 0, 4, ..., 20
        assertEquals(4, thin.stride());
        for (int i = 0; i < thin.size(); i++) {
            assertArrayEquals(all.input(4L * i), thin.input(i));
            assertArrayEquals(all.target(4L * i), thin.target(i));
            assertEquals(all.targetRow(4L * i, 2), thin.targetRow(i, 2));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> thin.input(6));
        assertEquals(all.size(), s.windows(Split.TRAIN).optStride(0).build().size());
    }

    @Test
    void windowsHoldTheRightScaledRows() {
        PreparedSeries s = ramp();
        WindowDataset test = s.windows(Split.TEST).build();
        assertEquals(10 + 6 - 9 + 1, test.size());
        float[] x = test.input(0);
        float[] y = test.target(0);
        // test starts in_len rows before its border: rows 34..39 in, 40..42 out
        assertEquals(34.0, s.scaler().inverse(x[0], 0), 1e-4);
        assertEquals(139.0, s.scaler().inverse(x[11], 1), 1e-4);
        assertEquals(40.0, s.scaler().inverse(y[0], 0), 1e-4);
        assertEquals(42, test.targetRow(0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> test.input(test.size()));
    }

    @Test
    void getAndBatchAgree() {
        PreparedSeries s = ramp();
        WindowDataset train = s.windows(Split.TRAIN).setSequentialSampling(4).build();
        try (NDManager m = NDManager.newBaseManager()) {
            Record r = train.get(m, 7);
            assertEquals(new Shape(6, 2), r.getData().singletonOrThrow().getShape());
            assertEquals(new Shape(3, 2), r.getLabels().singletonOrThrow().getShape());
            NDList b = train.batch(m, new long[] {3, 7});
            assertEquals(new Shape(2, 6, 2), b.get(0).getShape());
            assertEquals(new Shape(2, 3, 2), b.get(1).getShape());
            assertArrayEquals(r.getData().singletonOrThrow().toFloatArray(), b.get(0).get(1).toFloatArray());
            assertArrayEquals(r.getLabels().singletonOrThrow().toFloatArray(), b.get(1).get(1).toFloatArray());
            NDList range = train.batch(m, 6, 8); // windows 6 and 7
            assertArrayEquals(r.getData().singletonOrThrow().toFloatArray(), range.get(0).get(1).toFloatArray());
            assertEquals(new Shape(2, 3, 2), range.get(1).getShape());
            assertThrows(IllegalArgumentException.class, () -> train.batch(m, 5, 5));
        }
    }

    @Test
    void djlGetDataBatchesEveryWindowOnce() throws Exception {
        PreparedSeries s = ramp();
        WindowDataset train = s.windows(Split.TRAIN).setShuffledSampling(5, 42).build();
        int seen = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            for (Batch batch : train.getData(m)) {
                seen += (int) batch.getData().head().getShape().get(0);
                assertEquals(6, batch.getData().head().getShape().get(1));
                batch.close();
            }
        }
        assertEquals(train.size(), seen); // drop_last false: the short last batch is kept
    }

    @Test
    void shuffleOrderIsSetBySeedAlone() {
        PreparedSeries s = ramp();
        List<Long> a = order(s, 1);
        List<Long> b = order(s, 1);
        List<Long> c = order(s, 2);
        assertEquals(a, b);
        assertNotEquals(a, c);
        Set<Long> distinct = new HashSet<>(a);
        assertEquals(a.size(), distinct.size());
        assertEquals(s.layout().windows(Split.TRAIN), a.size());
    }

    private static List<Long> order(PreparedSeries s, long seed) {
        WindowDataset d = s.windows(Split.TRAIN).build();
        SeededShuffleSampler sampler = new SeededShuffleSampler(seed);
        List<Long> out = new ArrayList<>();
        sampler.sample(d).forEachRemaining(out::add);
        return out;
    }
}
