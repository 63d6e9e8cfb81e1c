package org.hopcast.forecasting.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class BlockBootstrapTest {
    @Test
    void aChangeThatIsTheSameInEveryWindowHasNoSpread() {
        double[] without = new Random(1).doubles(200, 0.5, 2).toArray();
        double[] with = without.clone();
        assertArrayEquals(new double[] {0, 0}, BlockBootstrap.percentChange95(with, without, 24, 500), 1e-9);
        for (int i = 0; i < with.length; i++) {
            with[i] = 0.9 * without[i];
        }
        assertArrayEquals(new double[] {-10, -10}, BlockBootstrap.percentChange95(with, without, 24, 500), 1e-9);
    }

    @Test
    void theIntervalHoldsThePointAndWidensWhenLossesMoveTogether() {
        Random r = new Random(7);
        int n = 400;
        double[] without = new double[n];
        double[] with = new double[n];
        double shared = 0;
        for (int i = 0; i < n; i++) {
            shared = 0.95 * shared + r.nextGaussian(); // neighbouring windows share their errors, as overlapping ones do
            without[i] = 1 + 0.1 * r.nextDouble();
            with[i] = without[i] * (1 + 0.02 * shared);
        }
        double point = 100 * (sum(with) / sum(without) - 1);
        double[] blocks = BlockBootstrap.percentChange95(with, without, 24, 1000);
        double[] single = BlockBootstrap.percentChange95(with, without, 1, 1000);
        assertTrue(blocks[0] < point && point < blocks[1], point + " in " + blocks[0] + ".." + blocks[1]);
        assertTrue(blocks[1] - blocks[0] > 1.5 * (single[1] - single[0]), "blocks keep the dependence that"
                + " window-by-window resampling hides");
        assertArrayEquals(blocks, BlockBootstrap.percentChange95(with, without, 24, 1000), 0.0, "a fixed seed");
        double[] few = BlockBootstrap.percentChange95(new double[] {1, 2, 3, 4, 5}, new double[] {2, 2, 2, 2, 2}, 4, 10);
        assertTrue(Double.isNaN(few[0]) && Double.isNaN(few[1]), "five windows are one block and a bit: no interval");
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
