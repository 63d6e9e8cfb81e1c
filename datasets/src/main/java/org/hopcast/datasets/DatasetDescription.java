package org.hopcast.datasets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * @param calendar the calendar the timestamps step in (null without them)
 * @param pastCovariates the past covariates beside the series (the targets)
 * @param futureCovariates the future covariates
 * @param calendarFeatures the calendar features' columns
 */
public record DatasetDescription(String source, String sha256, String timeColumn, String start, String end,
        Frequency frequency, int rows, List<String> columns, FillReport fill, String protocol, SplitSizes split,
        int unusedRows, WindowSpec window, SplitSizes windows, List<ColumnStats> trainStats, Calendar calendar,
        List<String> pastCovariates, List<String> futureCovariates, List<String> calendarFeatures) {

    /** One column's training statistics; {@code constant} when its std is 0 (it is then scaled by 1). */
    public record ColumnStats(String column, double mean, double std, boolean constant) {
    }

    /** As {@code data describe --json} prints it: the facts by snake_case key. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source());
        m.put("sha256", sha256());
        m.put("time_column", timeColumn());
        m.put("start", start());
        m.put("end", end());
        if (frequency() != null) {
            m.put("frequency", frequency().label());
            m.put("frequency_seconds", frequency().stepMillis() / 1000.0);
            m.put("irregular_steps", frequency().irregularSteps());
            m.put("calendar", calendar() == null ? null : calendar().label());
            m.put("season", calendar() == null || calendar().season().isEmpty() ? null : calendar().season().getAsInt());
        }
        m.put("rows", rows());
        m.put("columns", columns());
        m.put("past_covariates", pastCovariates());
        m.put("future_covariates", futureCovariates());
        m.put("calendar_features", calendarFeatures());
        m.put("missing", fill().missingCells());
        m.put("filled", fill().filledCells());
        m.put("fill", fill().method().label());
        m.put("gaps", fill().gaps().label());
        m.put("inserted_rows", fill().insertedRows());
        m.put("merged_rows", fill().mergedRows());
        m.put("split_protocol", protocol());
        m.put("split", sizes(split().train(), split().val(), split().test()));
        m.put("unused_rows", unusedRows());
        m.put("in_len", window().inLen());
        m.put("out_len", window().outLen());
        m.put("windows", sizes(windows().train(), windows().val(), windows().test()));
        List<Map<String, Object>> stats = new ArrayList<>();
        for (ColumnStats s : trainStats()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("column", s.column());
            c.put("mean", s.mean());
            c.put("std", s.std());
            c.put("constant", s.constant());
            stats.add(c);
        }
        m.put("train_stats", stats);
        return m;
    }

    private static Map<String, Integer> sizes(int train, int val, int test) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("train", train);
        m.put("val", val);
        m.put("test", test);
        return m;
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
        Covariates c = p.covariates();
        return new DatasetDescription(t.source().name(), t.sha256(), t.timeColumn().orElse(null),
                ts == null ? null : Timestamps.format(ts[0]), ts == null ? null : Timestamps.format(ts[ts.length - 1]),
                Frequency.infer(ts), t.rows(), t.columns(), t.fillReport(), l.protocol().name(), l.sizes(),
                l.unusedRows(), l.window(),
                new SplitSizes(l.windows(Split.TRAIN), l.windows(Split.VAL), l.windows(Split.TEST)), stats,
                ts == null ? null : Calendar.infer(ts), c == null ? List.of() : c.pastCovariates(),
                c == null ? List.of() : c.futureCovariates(), c == null ? List.of() : c.calendar().columns());
    }
}
