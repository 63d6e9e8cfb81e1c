package org.hopcast.forecasting.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.Timestamps;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.run.files.AtomicFiles;

/**
 * A memory set Y of STanHop-Net's external memory (spec memory.md §4.2): past input windows, z-scored as the model's
 * input and of its input's shape (T x D), each with the row it starts at and the row from which its future is fully
 * known ({@code start + T + tau}). A query whose first forecast row is {@code o} may retrieve only the windows known
 * by then ({@link #knownFrom} at most {@code o}): the leak rule of spec §5.2, applied to every bank, so that no bank
 * can hand the model a future it could not have seen.
 */
public final class MemoryBank {
    /** Where a bank's windows come from (spec §5.2). */
    public enum Kind {
        /** Every training window (with a stride). */
        TRAIN,
        /** The top 10% of training and validation windows by event score. */
        EVENTS,
        /** Every window of the file, each usable once its future is known: grows along the test stream. */
        STREAM,
        /** The training bank with each window's time axis permuted: the control (is a gain retrieval, or smoothing?). */
        SHUFFLED;

        /** The name users write ({@code --bank train}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a user named; the message lists the kinds. */
        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("the memory bank '" + text + "': train, events, stream or shuffled");
        }
    }

    /** The share of windows an events bank keeps (spec §5.2: q = 10%). */
    public static final double EVENT_SHARE = 0.10;
    /** The control bank's permutations come from this seed, so a control is the same each time. */
    public static final long SHUFFLE_SEED = 20240507L;

    private final Kind kind;
    private final int stride;
    private final int inLen;
    private final int outLen;
    private final int series;
    private final float[] keys;
    /**
     * Each window's future as its change from the window's last input row (M x tau x D): what the future readout
     * (spec §4.4, TnP-B; our Plug-and-Play analogue) lays onto the query's own last row.
     */
    private final float[] futures;
    private final int[] startRows;
    private final int[] knownFrom;
    /** The same rows as floats, the form the retrieval's masks compare against (made once). */
    private final float[] knownFromRows;
    private final int earliestKnown;
    private final int latestKnown;

    MemoryBank(Kind kind, int stride, int inLen, int outLen, int series, float[] keys, float[] futures,
            int[] startRows) {
        if (keys.length != (long) startRows.length * inLen * series
                || futures.length != (long) startRows.length * outLen * series) {
            throw new IllegalArgumentException("a bank of " + startRows.length + " windows of " + inLen + " x " + series
                    + " needs " + (long) startRows.length * inLen * series + " values and "
                    + (long) startRows.length * outLen * series + " future values, not " + keys.length + " and "
                    + futures.length);
        }
        this.kind = kind;
        this.stride = stride;
        this.inLen = inLen;
        this.outLen = outLen;
        this.series = series;
        this.keys = keys;
        this.futures = futures;
        this.startRows = startRows;
        this.knownFrom = Arrays.stream(startRows).map(s -> s + inLen + outLen).toArray();
        this.knownFromRows = new float[knownFrom.length];
        for (int m = 0; m < knownFrom.length; m++) {
            knownFromRows[m] = knownFrom[m];
        }
        this.earliestKnown = Arrays.stream(knownFrom).min().orElse(Integer.MAX_VALUE);
        this.latestKnown = Arrays.stream(knownFrom).max().orElse(Integer.MIN_VALUE);
    }

    /** The bank of {@code kind} for the run's prepared data ({@code stride} between training windows, at least 1). */
    public static MemoryBank of(Kind kind, PreparedSeries data, int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("the bank's stride must be at least 1 row, not " + stride);
        }
        return switch (kind) {
            case TRAIN -> from(kind, stride, data.windows(Split.TRAIN).optStride(stride).build(), null);
            case SHUFFLED -> shuffled(of(Kind.TRAIN, data, stride), SHUFFLE_SEED);
            case STREAM -> {
                int rows = data.table().rows();
                yield from(kind, stride, data.windows(Split.TEST).setRows(0, rows).optSplit(null).optStride(stride)
                        .build(), null);
            }
            case EVENTS -> {
                WindowDataset pool = data.windows(Split.TEST).setRows(0, data.layout().sizes().train()
                        + data.layout().sizes().val()).optSplit(null).build();
                double[] score = new double[(int) pool.size()];
                for (int i = 0; i < score.length; i++) {
                    score[i] = EventScore.of(pool.input(i), pool.target(i), pool.window().inLen(),
                            pool.window().outLen(), pool.columns());
                }
                double threshold = EventScore.quantile(score, 1 - EVENT_SHARE);
                List<Integer> keep = new ArrayList<>();
                for (int i = 0; i < score.length; i++) {
                    if (score[i] >= threshold) {
                        keep.add(i);
                    }
                }
                yield from(kind, 1, pool, keep);
            }
        };
    }

    private static MemoryBank from(Kind kind, int stride, WindowDataset ds, List<Integer> only) {
        int count = only == null ? (int) ds.size() : only.size();
        int d = ds.columns();
        int n = ds.window().inLen() * d;
        int f = ds.window().outLen() * d;
        float[] keys = new float[Math.multiplyExact(count, n)];
        float[] futures = new float[Math.multiplyExact(count, f)];
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            int w = only == null ? i : only.get(i);
            float[] x = ds.input(w);
            float[] y = ds.target(w);
            System.arraycopy(x, 0, keys, i * n, n);
            for (int j = 0; j < f; j++) {
                futures[i * f + j] = y[j] - x[n - d + j % d];
            }
            starts[i] = ds.firstRow(w);
        }
        return new MemoryBank(kind, stride, ds.window().inLen(), ds.window().outLen(), d, keys, futures, starts);
    }

    /**
     * {@code bank} with the T rows of each window in a random order (each window its own): the control bank. The
     * futures stay as they were (each a real future, read from a shape it no longer follows), so a gain from this bank
     * is one of level or smoothing, not of retrieving a similar past.
     */
    static MemoryBank shuffled(MemoryBank bank, long seed) {
        Random random = new Random(seed);
        float[] keys = new float[bank.keys.length];
        int n = bank.inLen * bank.series;
        int[] order = new int[bank.inLen];
        for (int m = 0; m < bank.size(); m++) {
            for (int t = 0; t < order.length; t++) {
                order[t] = t;
            }
            for (int t = order.length - 1; t > 0; t--) {
                int j = random.nextInt(t + 1);
                int swap = order[t];
                order[t] = order[j];
                order[j] = swap;
            }
            for (int t = 0; t < bank.inLen; t++) {
                System.arraycopy(bank.keys, m * n + order[t] * bank.series, keys, m * n + t * bank.series, bank.series);
            }
        }
        return new MemoryBank(Kind.SHUFFLED, bank.stride, bank.inLen, bank.outLen, bank.series, keys, bank.futures,
                bank.startRows);
    }

    /**
     * At most {@code size} of this bank's windows, evenly spread over it (every ceil(M / size)-th, from the first):
     * a smaller bank of the same kind, for the cost of retrieval against the bank's size.
     */
    public MemoryBank thinned(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a bank of " + size + " windows");
        }
        if (size >= size()) {
            return this;
        }
        int every = (size() + size - 1) / size;
        int count = (size() + every - 1) / every;
        int n = inLen * series;
        int f = outLen * series;
        float[] k = new float[count * n];
        float[] fut = new float[count * f];
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(keys, i * every * n, k, i * n, n);
            System.arraycopy(futures, i * every * f, fut, i * f, f);
            starts[i] = startRows[i * every];
        }
        return new MemoryBank(kind, stride * every, inLen, outLen, series, k, fut, starts);
    }

    public Kind kind() {
        return kind;
    }

    /** Rows between the windows of a training bank. */
    public int stride() {
        return stride;
    }

    /** Windows in the bank (M). */
    public int size() {
        return startRows.length;
    }

    public int inLen() {
        return inLen;
    }

    public int series() {
        return series;
    }

    /** The horizon tau of the windows' futures. */
    public int outLen() {
        return outLen;
    }

    /** The futures, M x tau x D row-major, each minus its window's last input row. */
    float[] futures() {
        return futures;
    }

    /** The windows, M x T x D row-major, z-scored. */
    float[] keys() {
        return keys;
    }

    /** The first row of window {@code m}. */
    public int startRow(int m) {
        return startRows[m];
    }

    /** The row from which window {@code m}'s future is fully known: a query forecasting from it on may use it. */
    public int knownFrom(int m) {
        return knownFrom[m];
    }

    /** The first row from which any window of the bank is known: a query forecasting from before it has none. */
    public int earliestKnown() {
        return earliestKnown;
    }

    /** The row from which every window of the bank is known. */
    public int latestKnown() {
        return latestKnown;
    }

    /** {@link #knownFrom} of every window, as floats. */
    float[] knownFromRows() {
        return knownFromRows;
    }

    /** Window {@code m}'s values (T x D, row-major, z-scored), a copy. */
    public float[] window(int m) {
        int n = inLen * series;
        return Arrays.copyOfRange(keys, m * n, (m + 1) * n);
    }

    /** How many windows of the bank are known by row {@code origin} (a query forecasting from it may use them). */
    public int knownBy(int origin) {
        int n = 0;
        for (int k : knownFrom) {
            n += k <= origin ? 1 : 0;
        }
        return n;
    }

    /** Window {@code m}'s future (tau x D, row-major, z-scored) as its values, not its change: a copy. */
    public float[] futureValues(int m) {
        float[] future = future(m);
        int n = inLen * series;
        for (int j = 0; j < future.length; j++) {
            future[j] += keys[m * n + n - series + j % series];
        }
        return future;
    }

    /** Window {@code m}'s future (tau x D, row-major), as its change from the window's last input row: a copy. */
    public float[] future(int m) {
        int f = outLen * series;
        return Arrays.copyOfRange(futures, m * f, (m + 1) * f);
    }

    /**
     * Writes the bank's source rows as {@code memory/bank-KIND.csv} in {@code runDir} (a window per line: its first
     * row, first and last time, and the row from which its future is known), so a result that used it can be traced
     * to the rows it held; the values themselves are the run's data at those rows.
     */
    public Path save(Path runDir, SeriesTable table) throws IOException {
        Path dir = runDir.resolve("memory");
        Files.createDirectories(dir);
        StringBuilder sb = new StringBuilder("window,start_row,start_time,end_time,future_known_from_row\n");
        for (int m = 0; m < size(); m++) {
            int s = startRows[m];
            sb.append(m).append(',').append(s).append(',').append(time(table, s)).append(',')
                    .append(time(table, s + inLen - 1)).append(',').append(knownFrom[m]).append('\n');
        }
        Path file = dir.resolve("bank-" + kind.label() + ".csv");
        AtomicFiles.writeString(file, sb.toString());
        return file;
    }

    /** The time of {@code row} of {@code table} as written in files (its row number when it has no timestamps). */
    public static String time(SeriesTable table, int row) {
        return table.hasTimestamps() ? Timestamps.format(table.timestamp(row)) : Integer.toString(row);
    }
}
