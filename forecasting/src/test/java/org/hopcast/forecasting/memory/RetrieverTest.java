package org.hopcast.forecasting.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.SplitProtocol;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.datasets.WindowSpec;
import org.junit.jupiter.api.Test;

/** The bank and its retrieval on a generated series: level shifts, a shock, two seasons; no model needed. */
class RetrieverTest {
    static final int IN = 12;
    static final int OUT = 4;

    static PreparedSeries data() {
        int rows = 400;
        long[] t = new long[rows];
        double[] v = new double[rows * 2];
        Random r = new Random(3);
        for (int i = 0; i < rows; i++) {
            t[i] = 1_700_000_000_000L + i * 3_600_000L;
            double level = i < 150 ? 0 : i < 300 ? 4 : -2; // two level shifts
            v[2 * i] = level + Math.sin(2 * Math.PI * i / 24) + 0.1 * r.nextGaussian();
            v[2 * i + 1] = Math.cos(2 * Math.PI * i / 7) + (i == 333 ? 12 : 0) + 0.1 * r.nextGaussian(); // a shock
        }
        return PreparedSeries.of(SeriesTable.of("generated", List.of("a", "b"), t, v), SplitProtocol.parse("ratio"),
                new WindowSpec(IN, OUT));
    }

    @Test
    void aBankOfOneWindowRetrievesThatWindow() {
        PreparedSeries d = data();
        WindowDataset test = d.windows(Split.TEST).build();
        MemoryBank full = MemoryBank.of(MemoryBank.Kind.TRAIN, d, 1);
        MemoryBank one = new MemoryBank(MemoryBank.Kind.TRAIN, 1, IN, OUT, 2, full.window(17),
                full.future(17), new int[] {17});
        try (NDManager m = NDManager.newBaseManager(); Retriever r = new Retriever(one, m)) {
            Retriever.Candidates c = r.candidates(test, 16);
            NDArray x = test.batch(m, 0, 5).get(0);
            float[] ret = r.retrieve(c, 0, 5, 4.0, 1.5, x).toFloatArray();
            for (int q = 0; q < 5; q++) {
                assertArrayEquals(full.window(17), Arrays.copyOfRange(ret, q * IN * 2, (q + 1) * IN * 2), 1e-6f);
            }
            // its future, read as the change from its own last row and laid onto each query's last row
            float[] future = r.future(c, 0, 5, 4.0, 1.5, x).toFloatArray();
            WindowDataset train = d.windows(Split.TRAIN).build();
            float[] truth = train.target(17);
            float[] last = Arrays.copyOfRange(train.input(17), (IN - 1) * 2, IN * 2);
            for (int q = 0; q < 5; q++) {
                float[] query = test.input(q);
                for (int j = 0; j < OUT * 2; j++) {
                    assertEquals(truth[j] - last[j % 2] + query[(IN - 1) * 2 + j % 2], future[q * OUT * 2 + j], 1e-5f);
                }
                assertArrayEquals(Arrays.copyOfRange(future, q * OUT * 2, (q + 1) * OUT * 2),
                        r.future(query, test.targetRow(q, 0), 4.0, 1.5), 1e-5f, "one query alone, the same");
            }
        }
    }

    @Test
    void aWindowInTheBankRetrievesItselfAtHighBeta() {
        PreparedSeries d = data();
        WindowDataset test = d.windows(Split.TEST).build();
        // the test windows themselves, marked known from the start (a test of the retrieval, not of the leak rule)
        int count = (int) test.size();
        float[] keys = new float[count * IN * 2];
        for (int i = 0; i < count; i++) {
            System.arraycopy(test.input(i), 0, keys, i * IN * 2, IN * 2);
        }
        MemoryBank bank = new MemoryBank(MemoryBank.Kind.TRAIN, 1, IN, OUT, 2, keys, new float[count * OUT * 2],
                new int[count]);
        try (NDManager m = NDManager.newBaseManager(); Retriever r = new Retriever(bank, m)) {
            Retriever.Candidates c = r.candidates(test, 16);
            for (int from = 0; from < count; from += 16) {
                int len = Math.min(16, count - from);
                NDArray x = test.batch(m, from, from + len).get(0);
                float[] ret = r.retrieve(c, from, len, 1e4, 2.0, x).toFloatArray();
                assertArrayEquals(x.toFloatArray(), ret, 1e-4f);
                // and at a low beta the answer is a mix of several windows, not the query
                assertFalse(Arrays.equals(x.toFloatArray(), r.retrieve(c, from, len, 0.01, 1.5, x).toFloatArray()));
            }
        }
    }

    @Test
    void searchingAndRetrievingLeaveNothingInTheRetrieversManager() throws ReflectiveOperationException {
        PreparedSeries d = data();
        WindowDataset val = d.windows(Split.VAL).build();
        try (NDManager m = NDManager.newBaseManager();
                Retriever r = new Retriever(MemoryBank.of(MemoryBank.Kind.STREAM, d, 1), m)) {
            int before = held(r.manager());
            for (int round = 0; round < 3; round++) {
                Retriever.Candidates c = r.candidates(val, 8);
                try (NDManager step = m.newSubManager()) {
                    NDArray x = val.batch(step, 0, 8).get(0);
                    r.retrieve(c, 0, 8, 4.0, 1.5, x);
                }
            }
            // a leak of one array per batch was a copy of the whole bank per batch (21 GB for ETTh1's validation)
            assertEquals(before, held(r.manager()));
        }
    }

    /** The arrays {@code manager} holds now. */
    static int held(NDManager manager) throws ReflectiveOperationException {
        java.lang.reflect.Field f = ai.djl.ndarray.BaseNDManager.class.getDeclaredField("resources");
        f.setAccessible(true);
        return ((java.util.Map<?, ?>) f.get(manager)).size();
    }

    @Test
    void noQueryRetrievesAWindowWhoseFutureItCouldNotHaveSeen() {
        PreparedSeries d = data();
        // a stride of 8 keeps the bank under the top-k: every window a query may use is among its candidates
        MemoryBank stream = MemoryBank.of(MemoryBank.Kind.STREAM, d, 8);
        assertTrue(stream.size() < Retriever.TOP_K);
        int atTheOrigin = 0;
        for (Split split : List.of(Split.VAL, Split.TEST)) {
            WindowDataset ds = d.windows(split).build();
            try (NDManager m = NDManager.newBaseManager(); Retriever r = new Retriever(stream, m)) {
                Retriever.Candidates c = r.candidates(ds, 32);
                for (int q = 0; q < c.queries(); q++) {
                    int origin = ds.targetRow(q, 0);
                    int usable = 0;
                    for (int j = 0; j < c.k(); j++) {
                        int mem = c.index()[q * c.k() + j];
                        if (c.score()[q * c.k() + j] > -1e29f) {
                            usable++;
                            assertTrue(stream.knownFrom(mem) <= origin, "query at row " + origin + " got window "
                                    + stream.startRow(mem) + ", known only from row " + stream.knownFrom(mem));
                            atTheOrigin += stream.knownFrom(mem) == origin ? 1 : 0;
                        }
                    }
                    int known = 0;
                    for (int mem = 0; mem < stream.size(); mem++) {
                        known += stream.knownFrom(mem) <= origin ? 1 : 0;
                    }
                    // every window known by the origin, and only those: a rule shifted by one row fails here
                    assertEquals(known, usable, "query at row " + origin);
                }
            }
        }
        assertTrue(atTheOrigin > 0, "windows completed at the very origin are used: the stream grows as it goes");
    }

    @Test
    void theBanksHoldWhatTheirNamesSay() {
        PreparedSeries d = data();
        int train = d.layout().sizes().train();
        MemoryBank bank = MemoryBank.of(MemoryBank.Kind.TRAIN, d, 3);
        assertEquals((train - IN - OUT) / 3 + 1, bank.size());
        for (int m = 0; m < bank.size(); m++) {
            assertTrue(bank.knownFrom(m) <= train, "a training window's future is in the training split");
        }
        MemoryBank events = MemoryBank.of(MemoryBank.Kind.EVENTS, d, 1);
        int pool = d.layout().sizes().train() + d.layout().sizes().val() - IN - OUT + 1;
        assertEquals(pool / 10, events.size(), 2);
        MemoryBank shuffled = MemoryBank.of(MemoryBank.Kind.SHUFFLED, d, 3);
        assertEquals(bank.size(), shuffled.size());
        for (int m = 0; m < bank.size(); m += 7) {
            float[] a = bank.window(m);
            float[] b = shuffled.window(m);
            assertNotEquals(Arrays.toString(a), Arrays.toString(b));
            Arrays.sort(a);
            Arrays.sort(b);
            assertArrayEquals(a, b, "the same rows, in another order");
        }
        assertEquals(Arrays.toString(shuffled.window(5)), Arrays.toString(MemoryBank.of(MemoryBank.Kind.SHUFFLED, d, 3)
                .window(5)), "the control is the same each time");
        MemoryBank thin = bank.thinned(10);
        assertTrue(thin.size() <= 10 && thin.size() >= 9, "at most the size asked, evenly spread: " + thin.size());
        assertEquals(Arrays.toString(bank.window(0)), Arrays.toString(thin.window(0)));
        int every = (bank.size() + 9) / 10;
        assertEquals(Arrays.toString(bank.window(every)), Arrays.toString(thin.window(1)));
        assertEquals(bank.knownFrom(every), thin.knownFrom(1));
        assertEquals(bank, bank.thinned(bank.size()));
        assertThrows(IllegalArgumentException.class, () -> MemoryBank.Kind.parse("future"));
        assertThrows(IllegalArgumentException.class, () -> MemoryBank.of(MemoryBank.Kind.TRAIN, d, 0));
    }

    @Test
    void theEventScoreIsTheLargestDepartureFromTheRecentPast() {
        float[] x = {0, 0, 1, 1, 0, 0, 1, 1}; // 4 steps x 2 series: mean 0.5, std 0.5 each
        float[] y = {0.5f, 3.5f}; // 1 step: series b departs by 3 / 0.5 = 6
        assertEquals(6.0, EventScore.of(x, y, 4, 1, 2), 1e-4);
        assertEquals(3.0, EventScore.quantile(new double[] {5, 1, 3, 2, 4}, 0.5));
    }
}
