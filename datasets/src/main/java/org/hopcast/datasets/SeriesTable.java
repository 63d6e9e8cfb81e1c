package org.hopcast.datasets;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A multivariate series as read from a file: named value columns over rows, with optional timestamps.
 *
 * <p>Values are held in one primitive row-major {@code double[]} (row r, column c at {@code r * columns + c})
 * so that a window of consecutive rows is one contiguous block; nothing is boxed. Instances are immutable:
 * accessors hand out copies, and the package reads the raw array directly.
 */
public final class SeriesTable {
    private final SeriesSource source;
    private final String sha256;
    private final String timeColumn;
    private final List<String> columns;
    private final long[] timestamps;
    private final double[] values;
    private final int rows;
    private final FillReport fillReport;

    SeriesTable(SeriesSource source, String sha256, String timeColumn, List<String> columns, long[] timestamps,
            double[] values, int rows, FillReport fillReport) {
        this.source = source;
        this.sha256 = sha256;
        this.timeColumn = timeColumn;
        this.columns = List.copyOf(columns);
        this.timestamps = timestamps;
        this.values = values;
        this.rows = rows;
        this.fillReport = fillReport;
        if (values.length != (long) rows * columns.size()) {
            throw new IllegalArgumentException("values hold " + values.length + " cells, expected "
                    + rows + " x " + columns.size());
        }
        if (timestamps != null && timestamps.length != rows) {
            throw new IllegalArgumentException("timestamps hold " + timestamps.length + ", expected " + rows);
        }
    }

    /** Builds a table from values in memory (row-major), for tests and programmatic use. */
    public static SeriesTable of(String name, List<String> columns, long[] timestamps, double[] rowMajor) {
        int cols = columns.size();
        if (cols == 0 || rowMajor.length % cols != 0) {
            throw new IllegalArgumentException("values do not fill " + cols + " columns");
        }
        int rows = rowMajor.length / cols;
        return new SeriesTable(SeriesSource.resource(name, name), null, timestamps == null ? null : "date",
                columns, timestamps == null ? null : timestamps.clone(), rowMajor.clone(), rows,
                new FillReport(FillMethod.NONE, 0, 0, Collections.nCopies(cols, 0L)));
    }

    public SeriesSource source() {
        return source;
    }

    /** SHA-256 of the file's bytes as stored (before decompression), lower-case hex; null for in-memory tables. */
    public String sha256() {
        return sha256;
    }

    /** The name of the time column, or empty when the file has none. */
    public Optional<String> timeColumn() {
        return Optional.ofNullable(timeColumn);
    }

    /** The value columns (series), in order. */
    public List<String> columns() {
        return columns;
    }

    public int columnCount() {
        return columns.size();
    }

    public int rows() {
        return rows;
    }

    public boolean hasTimestamps() {
        return timestamps != null;
    }

    /** Epoch milliseconds of row {@code r} (local times read as UTC). */
    public long timestamp(int r) {
        if (timestamps == null) {
            throw new IllegalStateException(source.name() + " has no time column");
        }
        return timestamps[r];
    }

    public double value(int row, int column) {
        return values[row * columns.size() + column];
    }

    /**
     * Rows [from, to) as CSV text that {@link SeriesCsvReader} reads back to the same values: the time column (when
     * the table has one) formatted by {@link Timestamps#format}, then the series, each value as Java prints a double.
     */
    public String toCsv(int from, int to) {
        if (from < 0 || to > rows() || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") outside 0.." + rows());
        }
        StringBuilder sb = new StringBuilder();
        try (org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(sb,
                org.apache.commons.csv.CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
            if (hasTimestamps()) {
                csv.print(timeColumn().orElse("date"));
            }
            for (String c : columns) {
                csv.print(c);
            }
            csv.println();
            for (int r = from; r < to; r++) {
                if (hasTimestamps()) {
                    csv.print(Timestamps.format(timestamp(r)));
                }
                for (int c = 0; c < columns.size(); c++) {
                    csv.print(value(r, c));
                }
                csv.println();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringBuilder does not fail
        }
        return sb.toString();
    }

    /** A copy of one column. */
    public double[] column(int c) {
        int cols = columns.size();
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = values[r * cols + c];
        }
        return out;
    }

    /** A copy of all timestamps, or null. */
    public long[] timestamps() {
        return timestamps == null ? null : timestamps.clone();
    }

    public FillReport fillReport() {
        return fillReport;
    }

    SeriesTable withSha256(String digest) {
        return new SeriesTable(source, digest, timeColumn, columns, timestamps, values, rows, fillReport);
    }

    /**
     * The same rows with the columns {@code names} only, in that order (a file's targets or covariates), under the
     * file's source and digest.
     */
    public SeriesTable select(List<String> names) {
        if (names.equals(columns)) {
            return this;
        }
        int cols = columns.size();
        int[] index = new int[names.size()];
        List<Long> missing = new java.util.ArrayList<>();
        for (int k = 0; k < index.length; k++) {
            index[k] = columns.indexOf(names.get(k));
            if (index[k] < 0) {
                throw new IllegalArgumentException("no column '" + names.get(k) + "' in " + columns);
            }
            missing.add(fillReport.perColumn().isEmpty() ? 0L : fillReport.perColumn().get(index[k]));
        }
        double[] out = new double[rows * index.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < index.length; k++) {
                out[r * index.length + k] = values[r * cols + index[k]];
            }
        }
        long cells = missing.stream().mapToLong(Long::longValue).sum();
        FillReport f = fillReport;
        FillReport report = new FillReport(f.method(), cells, f.method() == FillMethod.NONE ? 0 : cells, missing,
                f.gaps(), f.insertedRows(), f.firstInserted(), f.mergedRows(), f.firstMerged());
        return new SeriesTable(source, sha256, timeColumn, names, timestamps, out, rows, report);
    }

    /** The raw row-major values; package code must not modify them. */
    double[] rawValues() {
        return values;
    }

    long[] rawTimestamps() {
        return timestamps;
    }
}
