package org.hopcast.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code hopcast data describe} reports, computed once here so every front end shows the same facts.
 *
 * @param source the file or built-in name
 * @param sha256 the file's SHA-256
 * @param timeColumn the time column, or null
 * @param start first timestamp ({@code yyyy-MM-dd HH:mm:ss}), or null
 * @param end last timestamp, or null
 * @param frequency the inferred step, or null
 * @param rows data rows in the file
 * @param columns the series
 * @param fill missing cells found and repaired
 * @param protocol the split protocol's name
 * @param split rows per split
 * @param unusedRows rows after the splits
 * @param window the window lengths
 * @param windows windows per split
 * @param trainStats per-column mean and population std on the training rows
 */
public record DatasetDescription(String source, String sha256, String timeColumn, String start, String end,
        Frequency frequency, int rows, List<String> columns, FillReport fill, String protocol, SplitSizes split,
        int unusedRows, WindowSpec window, SplitSizes windows, List<ColumnStats> trainStats) {

    /** One column's training statistics; {@code constant} when its std is 0 (it is then scaled by 1). */
    public record ColumnStats(String column, double mean, double std, boolean constant) {
    }

    static DatasetDescription of(PreparedSeries p) {
        SeriesTable t = p.table();
        SplitLayout l = p.layout();
        List<ColumnStats> stats = new ArrayList<>();
        for (int c = 0; c < t.columnCount(); c++) {
            double std = p.scaler().std(c);
            stats.add(new ColumnStats(t.columns().get(c), p.scaler().mean(c), std, !(std > 0)));
        }
        long[] ts = t.rawTimestamps();
        return new DatasetDescription(t.source().name(), t.sha256(), t.timeColumn().orElse(null),
                ts == null ? null : Timestamps.format(ts[0]), ts == null ? null : Timestamps.format(ts[ts.length - 1]),
                Frequency.infer(ts), t.rows(), t.columns(), t.fillReport(), l.protocol().name(), l.sizes(),
                l.unusedRows(), l.window(),
                new SplitSizes(l.windows(Split.TRAIN), l.windows(Split.VAL), l.windows(Split.TEST)), stats);
    }
}
