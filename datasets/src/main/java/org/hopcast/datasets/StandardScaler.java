package org.hopcast.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-column z-scoring fitted on the training rows only, with the population standard deviation (ddof 0),
 * as the reference code's StandardScaler (stanhop.md section 2.3).
 *
 * <p>A constant column has standard deviation 0; it is scaled by 1 instead (so it becomes 0 after
 * centring) and is listed by {@link #constantColumns()}, rather than dividing by zero.
 */
public final class StandardScaler {
    private final double[] mean;
    private final double[] std;
    private final double[] scale;

    public StandardScaler(double[] mean, double[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean and std lengths differ");
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.scale = new double[std.length];
        for (int c = 0; c < std.length; c++) {
            scale[c] = std[c] > 0 ? std[c] : 1.0;
        }
    }

    /** Fits on rows [0, trainRows) of {@code table}. Sums are in double with a two-pass variance. */
    public static StandardScaler fit(SeriesTable table, int trainRows) {
        int cols = table.columnCount();
        double[] v = table.rawValues();
        double[] mean = new double[cols];
        double[] std = new double[cols];
        for (int r = 0; r < trainRows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                mean[c] += v[base + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            mean[c] /= trainRows;
        }
        for (int r = 0; r < trainRows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                double d = v[base + c] - mean[c];
                std[c] += d * d;
            }
        }
        for (int c = 0; c < cols; c++) {
            std[c] = Math.sqrt(std[c] / trainRows);
        }
        return new StandardScaler(mean, std);
    }

    public int columns() {
        return mean.length;
    }

    public double mean(int c) {
        return mean[c];
    }

    /** The population standard deviation as fitted (0 for a constant column). */
    public double std(int c) {
        return std[c];
    }

    public double[] means() {
        return mean.clone();
    }

    public double[] stds() {
        return std.clone();
    }

    /** Indices of columns that were constant on the training rows. */
    public List<Integer> constantColumns() {
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0)) {
                out.add(c);
            }
        }
        return out;
    }

    public double transform(double x, int c) {
        return (x - mean[c]) / scale[c];
    }

    public double inverse(double z, int c) {
        return z * scale[c] + mean[c];
    }

    /** Scales a whole row-major table to float32, the precision models train in. */
    public float[] transformToFloat(double[] rowMajor) {
        int cols = mean.length;
        float[] out = new float[rowMajor.length];
        for (int i = 0; i < rowMajor.length; i++) {
            int c = i % cols;
            out[i] = (float) ((rowMajor[i] - mean[c]) / scale[c]);
        }
        return out;
    }

    /** Inverts scaled row-major values (any number of rows of {@link #columns()} columns) in place. */
    public void inverseInPlace(float[] rowMajor) {
        int cols = mean.length;
        for (int i = 0; i < rowMajor.length; i++) {
            int c = i % cols;
            rowMajor[i] = (float) (rowMajor[i] * scale[c] + mean[c]);
        }
    }
}
