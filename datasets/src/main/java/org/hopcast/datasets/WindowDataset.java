package org.hopcast.datasets;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.SequenceSampler;
import ai.djl.util.Progress;

/**
 * The sliding windows of one split as a DJL dataset: sample i has x = rows [b + i, b + i + inLen) and
 * y = rows [b + i + inLen, b + i + inLen + outLen) of the scaled series, b being the split's first row,
 * each of shape (length, series) in float32. Stride 1.
 *
 * <p>All splits share one scaled row-major array; a window is copied out only when asked for.
 * {@link #batch} builds a whole batch with one copy into one NDArray, which is what training loops use;
 * {@link #get} serves DJL's generic {@code getData} path.
 *
 * <p>With covariates ({@link Covariates}) a batch carries two more arrays: the covariates over the input rows
 * (B, inLen, C), and the known-ahead ones (the last F of them) over the target rows (B, outLen, F). Past covariates'
 * values after the input window never leave this class.
 */
public final class WindowDataset extends RandomAccessDataset {
    /**
     * The series the windows are taken from: one, or several (a panel's, each scaled on its own) whose windows are
     * numbered one part after another; a window never spans two parts.
     */
    private record Part(float[] scaled, float[] covariates, int begin, int count) {
    }

    private final Part[] parts;
    /** The index of each part's first window. */
    private final long[] firstIndex;
    private final int columns;
    private final long count;
    private final int stride;
    private final WindowSpec window;
    private final Split split;
    private final int covariateColumns;
    private final int known;

    private WindowDataset(Builder b) {
        super(b);
        this.covariateColumns = b.covariateColumns;
        this.known = b.known;
        this.columns = b.columns;
        this.window = b.window;
        this.split = b.split;
        this.stride = b.stride;
        List<Part> ps = new ArrayList<>();
        if (b.scaled != null) {
            ps.add(part(b.scaled, b.covariates, b.begin, b.end));
        }
        for (Object[] extra : b.extraParts) {
            ps.add(part((float[]) extra[0], (float[]) extra[1], (Integer) extra[2], (Integer) extra[3]));
        }
        this.parts = ps.toArray(new Part[0]);
        this.firstIndex = new long[parts.length];
        long n = 0;
        for (int p = 0; p < parts.length; p++) {
            firstIndex[p] = n;
            n += parts[p].count();
        }
        this.count = n;
    }

    private Part part(float[] scaled, float[] cov, int begin, int end) {
        int rows = scaled.length / columns;
        if (begin < 0 || end > rows || begin > end) {
            throw new IllegalArgumentException("rows [" + begin + ", " + end + ") outside 0.." + rows);
        }
        if (cov != null && cov.length / covariateColumns != rows) {
            throw new IllegalArgumentException("the covariates do not cover the series' rows");
        }
        int all = Math.max(0, end - begin - window.span() + 1);
        return new Part(scaled, cov, begin, all == 0 ? 0 : (all - 1) / stride + 1);
    }

    /** The part window {@code index} is in (0 for a single series; a panel's series otherwise). */
    public int part(long index) {
        int p = java.util.Arrays.binarySearch(firstIndex, index);
        if (p < 0) {
            p = -p - 2;
        }
        while (p + 1 < parts.length && firstIndex[p + 1] == index) {
            p++; // parts without windows share their index with the next
        }
        return p;
    }

    /** How many parts (series) the windows are drawn from. */
    public int parts() {
        return parts.length;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Which split these windows belong to (null when built over an arbitrary range). */
    public Split split() {
        return split;
    }

    public WindowSpec window() {
        return window;
    }

    /** Number of series (the last axis of x and y). */
    public int columns() {
        return columns;
    }

    /** Covariate columns C (0: none). */
    public int covariateColumns() {
        return covariateColumns;
    }

    /** Of those, the ones known ahead F: the last F columns. */
    public int knownColumns() {
        return known;
    }

    /** The row (of its part's series) at which window {@code index}'s input starts. */
    public int firstRow(long index) {
        int p = part(index);
        return parts[p].begin() + Math.toIntExact((index - firstIndex[p]) * stride);
    }

    /** Rows between the starts of consecutive windows (1: every window). */
    public int stride() {
        return stride;
    }

    /** The file row of target step {@code step} (0-based) of window {@code index}. */
    public int targetRow(long index, int step) {
        return firstRow(index) + window.inLen() + step;
    }

    @Override
    public Record get(NDManager manager, long index) {
        checkIndex(index);
        int start = firstRow(index);
        float[] scaled = parts[part(index)].scaled();
        NDArray x = manager.create(slice(scaled, start, window.inLen()), new Shape(window.inLen(), columns));
        NDArray y = manager.create(slice(scaled, start + window.inLen(), window.outLen()),
                new Shape(window.outLen(), columns));
        return new Record(new NDList(x), new NDList(y));
    }

    /**
     * Windows {@code indices} stacked into x of shape (B, inLen, series) and y of shape (B, outLen, series),
     * created in {@code manager}, one native copy each.
     */
    public NDList batch(NDManager manager, long[] indices) {
        int in = window.inLen();
        int out = window.outLen();
        float[] xs = new float[indices.length * in * columns];
        float[] ys = new float[indices.length * out * columns];
        for (int k = 0; k < indices.length; k++) {
            checkIndex(indices[k]);
            int start = firstRow(indices[k]);
            float[] scaled = parts[part(indices[k])].scaled();
            System.arraycopy(scaled, start * columns, xs, k * in * columns, in * columns);
            System.arraycopy(scaled, (start + in) * columns, ys, k * out * columns, out * columns);
        }
        NDArray x = manager.create(xs, new Shape(indices.length, in, columns));
        NDArray y = manager.create(ys, new Shape(indices.length, out, columns));
        if (covariateColumns == 0) {
            return new NDList(x, y);
        }
        float[] cs = new float[indices.length * in * covariateColumns];
        float[] ks = new float[indices.length * out * known];
        for (int k = 0; k < indices.length; k++) {
            int start = firstRow(indices[k]);
            float[] covariates = parts[part(indices[k])].covariates();
            System.arraycopy(covariates, start * covariateColumns, cs, k * in * covariateColumns, in * covariateColumns);
            System.arraycopy(knownAhead(indices[k]), 0, ks, k * out * known, out * known);
        }
        return new NDList(x, y, manager.create(cs, new Shape(indices.length, in, covariateColumns)),
                manager.create(ks, new Shape(indices.length, out, known)));
    }

    /** The scaled covariates over window {@code index}'s input rows, row-major (inLen x C); empty without. */
    public float[] observed(long index) {
        checkIndex(index);
        int c = covariateColumns;
        int start = firstRow(index);
        float[] covariates = parts[part(index)].covariates();
        return covariates == null ? new float[0]
                : java.util.Arrays.copyOfRange(covariates, start * c, (start + window.inLen()) * c);
    }

    /** The scaled known-ahead covariates over window {@code index}'s target rows, row-major (outLen x F). */
    public float[] knownAhead(long index) {
        checkIndex(index);
        float[] out = new float[window.outLen() * known];
        int first = firstRow(index) + window.inLen();
        float[] covariates = parts[part(index)].covariates();
        for (int h = 0; h < window.outLen(); h++) {
            System.arraycopy(covariates, (first + h) * covariateColumns + covariateColumns - known, out, h * known, known);
        }
        return out;
    }

    /** Windows {@code from} (inclusive) to {@code to} (exclusive) as one batch, as {@link #batch(NDManager, long[])}. */
    public NDList batch(NDManager manager, long from, long to) {
        if (to <= from) {
            throw new IllegalArgumentException("empty window range " + from + ".." + to);
        }
        return batch(manager, java.util.stream.LongStream.range(from, to).toArray());
    }

    /** The scaled input rows of window {@code index}, row-major (inLen x series). */
    public float[] input(long index) {
        checkIndex(index);
        return slice(parts[part(index)].scaled(), firstRow(index), window.inLen());
    }

    /** The scaled target rows of window {@code index}, row-major (outLen x series). */
    public float[] target(long index) {
        checkIndex(index);
        return slice(parts[part(index)].scaled(), firstRow(index) + window.inLen(), window.outLen());
    }

    private float[] slice(float[] scaled, int row, int length) {
        float[] out = new float[length * columns];
        System.arraycopy(scaled, row * columns, out, 0, out.length);
        return out;
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("window " + index + " of " + count);
        }
    }

    @Override
    protected long availableSize() {
        return count;
    }

    @Override
    public void prepare(Progress progress) {
        // everything is in memory already
    }

    /** Builder in DJL's style: {@code setX} for the required settings, the inherited ones for sampling. */
    public static final class Builder extends BaseBuilder<Builder> {
        private float[] scaled;
        private int columns;
        private int begin;
        private int end;
        private WindowSpec window;
        private Split split;
        private int stride = 1;
        private float[] covariates;
        private int covariateColumns;
        private int known;
        /** More series after the first, each {scaled, covariates, begin, end}. */
        private final List<Object[]> extraParts = new ArrayList<>();

        private Builder() {
        }

        /**
         * One more series (a panel's: scaled on its own, the same columns and covariates) whose windows follow the
         * others': rows [begin, end) of {@code rowMajor}, with its covariates (null without).
         */
        public Builder addPart(float[] rowMajor, float[] covariateRows, int begin, int end) {
            if (rowMajor.length % columns != 0) {
                throw new IllegalArgumentException(rowMajor.length + " values do not fill " + columns + " columns");
            }
            extraParts.add(new Object[] {rowMajor, covariateRows, begin, end});
            return this;
        }

        /**
         * Covariates beside the series: scaled, row-major over the same rows, {@code columns} wide, the last
         * {@code known} of them known ahead; shared and never modified.
         */
        public Builder optCovariates(float[] rowMajor, int columns, int known) {
            if (columns < 1 || rowMajor.length % columns != 0 || known < 0 || known > columns) {
                throw new IllegalArgumentException(rowMajor.length + " values, " + columns + " covariates, " + known
                        + " known ahead");
            }
            this.covariates = rowMajor;
            this.covariateColumns = columns;
            this.known = known;
            return this;
        }

        /** Takes every {@code k}-th window only (k &lt;= 1: every window), as a time budget thins a pass. */
        public Builder optStride(int k) {
            this.stride = Math.max(1, k);
            return this;
        }

        /** The scaled series, row-major, shared and never modified. */
        public Builder setSeries(float[] rowMajor, int columns) {
            if (columns < 1 || rowMajor.length % columns != 0) {
                throw new IllegalArgumentException(rowMajor.length + " values do not fill " + columns + " columns");
            }
            this.scaled = rowMajor;
            this.columns = columns;
            return this;
        }

        /** The rows [begin, end) the windows are taken from. */
        public Builder setRows(int begin, int end) {
            this.begin = begin;
            this.end = end;
            return this;
        }

        public Builder setWindow(WindowSpec window) {
            this.window = window;
            return this;
        }

        /** Labels the dataset with its split (optional). */
        public Builder optSplit(Split split) {
            this.split = split;
            return this;
        }

        /** Shuffled batches whose order is set by {@code seed} alone (drop_last false, as the reference). */
        public Builder setShuffledSampling(int batchSize, long seed) {
            return setSampling(new BatchSampler(new SeededShuffleSampler(seed), batchSize, false));
        }

        /** Batches in window order. */
        public Builder setSequentialSampling(int batchSize) {
            return setSampling(new BatchSampler(new SequenceSampler(), batchSize, false));
        }

        @Override
        protected Builder self() {
            return this;
        }

        public WindowDataset build() {
            if (columns == 0 || window == null || scaled == null && extraParts.isEmpty()) {
                throw new IllegalStateException("setSeries (or parts) and setWindow are required");
            }
            if (sampler == null) {
                setSequentialSampling(1);
            }
            return new WindowDataset(this);
        }
    }
}
