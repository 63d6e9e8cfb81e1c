package org.hopcast.forecasting.inspect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.hopcast.datasets.SeriesTable;
import org.hopcast.forecasting.model.LayerPaths;
import org.hopcast.forecasting.model.LayerPaths.Association;
import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.hopfield.probe.LayerPath;

/**
 * What the rows, queries and stored patterns of a Hopfield layer's association map are, in the data's words:
 * series names, or the start time of a segment (stanhop.md 3: segments of seg_len steps, the input padded in
 * front to a multiple of seg_len, encoder block i working on segments that each cover win_size^i input
 * segments, decoder layer i reading encoder scale i), or "memory k" for HopfieldPooling's learned patterns.
 * Where a count does not match what the layer produced, plain indices are used instead of a wrong name.
 */
final class AxisLabels {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    /** For data that spans more than one calendar year, where "03-01" alone would be ambiguous. */
    private static final DateTimeFormatter TIME_WITH_YEAR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    /** The labels of one map: its rows' meaning (for the chosen row), its queries and its stored patterns. */
    record Labels(String row, List<String> queries, List<String> stored) {
    }

    private final StanHopConfig config;
    private final SeriesTable table;
    /** The channels the network sees: the series, then the covariates (named "covariate NAME" on an axis). */
    private final List<String> channels;
    private final int firstRow;
    private final int targetRow;
    private final DateTimeFormatter time;

    /**
     * @param covariates the covariate channels after the series (empty without)
     * @param firstRow the window's first input row in {@code table}
     * @param targetRow the window's first forecast row
     */
    AxisLabels(StanHopConfig config, SeriesTable table, List<String> covariates, int firstRow, int targetRow) {
        this.config = config;
        this.table = table;
        List<String> all = new ArrayList<>(table.columns());
        covariates.forEach(c -> all.add("covariate " + c));
        this.channels = List.copyOf(all);
        this.firstRow = firstRow;
        this.targetRow = targetRow;
        this.time = table.hasTimestamps() && year(table.timestamp(0)) != year(table.timestamp(table.rows() - 1))
                ? TIME_WITH_YEAR : TIME;
    }

    private static int year(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).getYear();
    }

    Labels of(LayerPath path, int row, int queries, int stored) {
        Optional<Association> association = LayerPaths.association(path);
        OptionalInt block = LayerPaths.encoderBlock(path);
        OptionalInt layer = LayerPaths.decoderLayer(path);
        if (association.isEmpty()) {
            return fit("row " + row, List.of(), List.of(), queries, stored);
        }
        // encoder block i works on scale i + 1; the decoder on the output segments
        List<String> segments = block.isPresent() ? encoderSegments(block.getAsInt() + 1) : decoderSegments();
        return switch (association.get()) {
            case TIME -> fit(seriesName(row), segments, segments, queries, stored);
            case CROSS -> fit(seriesName(row), segments, encoderSegments(layer.getAsInt()), queries, stored);
            case SERIES, SERIES_POOLING -> seriesAssociation(segmentName(segments, row), queries, stored);
        };
    }

    /** Series-wise maps: each side is either the series or the pooling's learned memories. */
    private Labels seriesAssociation(String row, int queries, int stored) {
        return fit(row, seriesOrMemories(queries), seriesOrMemories(stored), queries, stored);
    }

    private List<String> seriesOrMemories(int n) {
        if (n == channels.size()) {
            return channels;
        }
        List<String> memories = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            memories.add("memory " + k);
        }
        return n == config.factor() ? memories : List.of();
    }

    private String seriesName(int row) {
        return row < table.columnCount() ? "series " + table.columns().get(row)
                : row < channels.size() ? channels.get(row) : "row " + row;
    }

    private static String segmentName(List<String> segments, int row) {
        return row < segments.size() ? "segment from " + segments.get(row) : "segment " + row;
    }

    /** Segment starts at encoder scale {@code scale} (0 and 1: the embedding's segments; i > 1: win^(i-1) of them). */
    private List<String> encoderSegments(int scale) {
        int factor = 1;
        for (int i = 1; i < scale; i++) {
            factor *= config.winSize();
        }
        int count = config.scaleSegments()[scale];
        int padding = config.inSegments() * config.segLen() - config.inLen();
        List<String> out = new ArrayList<>();
        for (int j = 0; j < count; j++) {
            int start = firstRow - padding + j * factor * config.segLen();
            int clamped = Math.min(Math.max(start, firstRow), firstRow + config.inLen() - 1);
            out.add(at(clamped));
        }
        return out;
    }

    private List<String> decoderSegments() {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < config.outSegments(); j++) {
            out.add(at(targetRow + j * config.segLen()));
        }
        return out;
    }

    private String at(int row) {
        if (table.hasTimestamps() && row < table.rows()) {
            return time.format(Instant.ofEpochMilli(table.timestamp(row)));
        }
        return "t" + row;
    }

    private static Labels fit(String row, List<String> q, List<String> s, int queries, int stored) {
        return new Labels(row, q.size() == queries ? q : indices(queries), s.size() == stored ? s : indices(stored));
    }

    static List<String> indices(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }
}
