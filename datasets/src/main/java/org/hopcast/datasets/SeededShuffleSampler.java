package org.hopcast.datasets;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;

/**
 * Visits every index once per epoch in an order that is a function of the seed and the epoch alone, so a run's
 * data order is set by its seed and an interrupted epoch can be replayed. DJL's own RandomSampler draws from
 * the process-wide generator, which another run in the same process would disturb (platform.md section 3c).
 */
public final class SeededShuffleSampler implements Sampler.SubSampler {
    private final long seed;
    private int epoch;

    public SeededShuffleSampler(long seed) {
        this.seed = seed;
    }

    /** The order of epoch {@code epoch} (1-based) of {@code n} windows: a Fisher-Yates shuffle seeded by both. */
    public static int[] permutation(long seed, int epoch, int n) {
        Random rnd = new Random(seed * 1_000_003L + epoch);
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** The next epoch's order at each call. */
    @Override
    public synchronized Iterator<Long> sample(RandomAccessDataset dataset) {
        epoch++;
        return Arrays.stream(permutation(seed, epoch, Math.toIntExact(dataset.size()))).mapToLong(i -> i).boxed()
                .iterator();
    }
}
