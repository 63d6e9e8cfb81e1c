package org.hopcast.datasets;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where each split's windows come from, as in the reference data loader (stanhop.md section 2.2): the
 * train rows are [0, train); validation and test rows start {@code inLen} rows before their border so their
 * first window looks back into the previous split:
 * <pre>
 *   border1 = [0, train - inLen, train + val - inLen]
 *   border2 = [train, train + val, train + val + test]
 * </pre>
 * and a split holds {@code (border2 - border1) - inLen - outLen + 1} windows at stride 1.
 */
public final class SplitLayout {
    private final SplitProtocol protocol;
    private final SplitSizes sizes;
    private final WindowSpec window;
    private final int fileRows;
    private final Map<Split, int[]> borders = new EnumMap<>(Split.class);
    /** A panel's windows per split, summed over its series; null for one series. */
    private final Map<Split, Integer> pooledWindows;

    private SplitLayout(SplitProtocol protocol, SplitSizes sizes, WindowSpec window, int fileRows) {
        this.protocol = protocol;
        this.sizes = sizes;
        this.window = window;
        this.fileRows = fileRows;
        this.pooledWindows = null;
        borders.put(Split.TRAIN, new int[] {0, sizes.train()});
        borders.put(Split.VAL, new int[] {sizes.train() - window.inLen(), sizes.train() + sizes.val()});
        borders.put(Split.TEST, new int[] {sizes.train() + sizes.val() - window.inLen(), sizes.total()});
    }

    /**
     * Lays out {@code protocol} over a file of {@code rows} rows, or explains why it does not fit: the file
     * too short for the protocol, or a split too short for one window.
     */
    public static SplitLayout of(String fileName, int rows, SplitProtocol protocol, WindowSpec window) {
        SplitSizes sizes = protocol.sizes(rows);
        if (sizes.total() > rows) {
            throw DataException.of(fileName, "split '" + protocol.name() + "' needs " + sizes.train() + " + "
                    + sizes.val() + " + " + sizes.test() + " = " + sizes.total() + " rows but the file has " + rows,
                    "Set split to ratio (or ratio:TRAIN,VAL,TEST, rows:TRAIN,VAL,TEST) for a file of this length.");
        }
        SplitLayout layout = new SplitLayout(protocol, sizes, window, rows);
        if (sizes.train() < window.inLen()) {
            // val's look-back would start before the file
            throw tooShort(fileName, layout, Split.TRAIN);
        }
        for (Split s : Split.values()) {
            // a final model's layout holds out nothing
            if (layout.windows(s) < 1 && (s == Split.TRAIN || !(protocol instanceof SplitProtocol.All))) {
                throw tooShort(fileName, layout, s);
            }
        }
        return layout;
    }

    private static DataException tooShort(String fileName, SplitLayout layout, Split s) {
        WindowSpec w = layout.window;
        String rowsText = s == Split.TRAIN ? layout.sizes.train() + " rows"
                : layout.sizes.rows(s) + " rows (+" + w.inLen() + " look-back)";
        return DataException.of(fileName, "the " + s.label() + " split has " + rowsText + ", too few for one window"
                + " of in_len " + w.inLen() + " + out_len " + w.outLen() + " = " + w.span() + " rows"
                + " (split '" + layout.protocol.name() + "')",
                "Shorten in-len/out-len, or choose a split that gives this split more rows.");
    }

    /**
     * The layout of several series' splits together (a panel's, each split on its own): rows and windows summed; no
     * single row range, so {@link #begin} and {@link #end} refuse.
     */
    public static SplitLayout pooled(List<SplitLayout> parts) {
        return new SplitLayout(parts);
    }

    private SplitLayout(List<SplitLayout> parts) {
        SplitLayout first = parts.get(0);
        this.protocol = first.protocol;
        this.window = first.window;
        int train = 0;
        int val = 0;
        int test = 0;
        int rows = 0;
        Map<Split, Integer> w = new EnumMap<>(Split.class);
        for (SplitLayout p : parts) {
            train += p.sizes.train();
            val += p.sizes.val();
            test += p.sizes.test();
            rows += p.fileRows;
            for (Split s : Split.values()) {
                w.merge(s, p.windows(s), Integer::sum);
            }
        }
        this.sizes = new SplitSizes(train, val, test);
        this.fileRows = rows;
        this.pooledWindows = w;
    }

    public SplitProtocol protocol() {
        return protocol;
    }

    public SplitSizes sizes() {
        return sizes;
    }

    public WindowSpec window() {
        return window;
    }

    /** Rows in the file (rows past the splits are unused). */
    public int fileRows() {
        return fileRows;
    }

    /** First row (inclusive) a split's windows read. */
    public int begin(Split s) {
        noRange();
        return borders.get(s)[0];
    }

    /** Last row (exclusive) a split's windows read. */
    public int end(Split s) {
        noRange();
        return borders.get(s)[1];
    }

    /** Windows at stride 1 in a split. */
    public int windows(Split s) {
        return pooledWindows != null ? pooledWindows.get(s) : Math.max(0, end(s) - begin(s) - window.span() + 1);
    }

    private void noRange() {
        if (pooledWindows != null) {
            throw new IllegalStateException("a panel's splits are one per series: take a series' own layout");
        }
    }

    /** Rows after the three splits that no window reads. */
    public int unusedRows() {
        return fileRows - sizes.total();
    }
}
