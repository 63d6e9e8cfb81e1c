package org.hopcast.datasets;

/** Rows in the train, validation and test splits, taken in that order from the start of the file. */
public record SplitSizes(int train, int val, int test) {
    public SplitSizes {
        if (train < 0 || val < 0 || test < 0) {
            throw new IllegalArgumentException("split sizes must not be negative: " + train + "/" + val + "/" + test);
        }
    }

    public int total() {
        return train + val + test;
    }

    public int rows(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VAL -> val;
            case TEST -> test;
        };
    }
}
