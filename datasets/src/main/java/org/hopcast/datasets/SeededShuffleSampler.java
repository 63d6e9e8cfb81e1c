package org.hopcast.datasets;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;

/**
 * Visits every index once per epoch in an order drawn from this sampler's own generator, so a run's data
 * order is set by its seed alone. DJL's own RandomSampler draws from the process-wide generator, which
 * another run in the same process would disturb (platform.md section 3c).
 */
public final class SeededShuffleSampler implements Sampler.SubSampler {
    private final SplittableRandom random;

    public SeededShuffleSampler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A fresh permutation at each call: successive calls are successive epochs. */
    @Override
    public synchronized Iterator<Long> sample(RandomAccessDataset dataset) {
        int n = Math.toIntExact(dataset.size());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Long next() {
                if (next >= n) {
                    throw new NoSuchElementException();
                }
                return (long) order[next++];
            }
        };
    }
}
