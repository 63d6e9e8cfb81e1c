package org.hopcast.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to read a series CSV. Built with {@link #builder()}; every setting is optional.
 *
 * <ul>
 *   <li>time column: a name, {@link #NO_TIME_COLUMN}, or absent to find {@code date}, {@code time},
 *       {@code timestamp} or {@code datetime} by name (case-insensitive) and otherwise take the first
 *       column;</li>
 *   <li>columns: the value columns to keep, in the order given; absent means every other column;</li>
 *   <li>delimiter: absent means detected from the header (comma, semicolon or tab);</li>
 *   <li>fill: what to do with empty, NaN or infinite cells ({@link FillMethod#NONE} refuses them).</li>
 * </ul>
 */
public final class ReadOptions {
    /** The time-column setting meaning "this file has no time column". */
    public static final String NO_TIME_COLUMN = "none";

    private final String timeColumn;
    private final List<String> columns;
    private final Character delimiter;
    private final FillMethod fill;
    private final TimeFormat timeFormat;
    private final GapPolicy gaps;

    private ReadOptions(Builder b) {
        this.timeColumn = b.timeColumn;
        this.columns = b.columns == null ? null : List.copyOf(b.columns);
        this.delimiter = b.delimiter;
        this.fill = b.fill;
        this.timeFormat = b.timeFormat;
        this.gaps = b.gaps;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ReadOptions defaults() {
        return builder().build();
    }

    /** The time column's name, {@link #NO_TIME_COLUMN}, or null for automatic. */
    public String timeColumn() {
        return timeColumn;
    }

    /** The value columns to keep, or null for all. */
    public List<String> columns() {
        return columns;
    }

    /** The delimiter, or null to detect it. */
    public Character delimiter() {
        return delimiter;
    }

    public FillMethod fill() {
        return fill;
    }

    /** How the time column is written, or null to recognise it automatically. */
    public TimeFormat timeFormat() {
        return timeFormat;
    }

    /** What missing and repeated timestamps become. */
    public GapPolicy gaps() {
        return gaps;
    }

    /**
     * The same way of reading (time column and format, delimiter, fill) for the columns {@code names} only, rows kept as
     * they are: how a file of future covariates beside a series' file is read.
     */
    public ReadOptions forColumns(List<String> names) {
        return toBuilder().optColumns(names).optGaps(GapPolicy.KEEP).build();
    }

    /** The same options with the delimiter fixed to {@code d} (a file whose delimiter was detected already). */
    public ReadOptions withDelimiter(char d) {
        return toBuilder().optDelimiter(d).build();
    }

    /** A builder holding these options. */
    private Builder toBuilder() {
        Builder b = builder().optColumns(columns).optTimeColumn(timeColumn).optDelimiter(delimiter).optFill(fill)
                .optGaps(gaps);
        b.timeFormat = timeFormat;
        return b;
    }

    /** Options that read a file the same way are equal (a table read with them can be used again). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ReadOptions r && java.util.Objects.equals(timeColumn, r.timeColumn)
                && java.util.Objects.equals(columns, r.columns) && java.util.Objects.equals(delimiter, r.delimiter)
                && fill == r.fill && java.util.Objects.equals(timeFormat, r.timeFormat) && gaps == r.gaps;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(timeColumn, columns, delimiter, fill, timeFormat, gaps);
    }

    /** Builder in DJL's style: every setting is optional ({@code optX}). */
    public static final class Builder {
        private String timeColumn;
        private List<String> columns;
        private Character delimiter;
        private FillMethod fill = FillMethod.NONE;
        private TimeFormat timeFormat;
        private GapPolicy gaps = GapPolicy.KEEP;

        private Builder() {
        }

        /** What missing and repeated timestamps become (null: {@link GapPolicy#KEEP}). */
        public Builder optGaps(GapPolicy policy) {
            this.gaps = policy == null ? GapPolicy.KEEP : policy;
            return this;
        }

        /** The time column's format ({@link TimeFormat#of}); null or blank: recognised automatically. */
        public Builder optTimeFormat(String format) {
            this.timeFormat = format == null || format.isBlank() ? null : TimeFormat.of(format);
            return this;
        }

        public Builder optTimeColumn(String name) {
            this.timeColumn = name == null || name.isBlank() ? null : name.trim();
            return this;
        }

        public Builder optColumns(List<String> names) {
            if (names == null || names.isEmpty()) {
                this.columns = null;
            } else {
                List<String> trimmed = new ArrayList<>();
                for (String n : names) {
                    if (n != null && !n.isBlank()) {
                        trimmed.add(n.trim());
                    }
                }
                this.columns = trimmed.isEmpty() ? null : trimmed;
            }
            return this;
        }

        public Builder optDelimiter(Character delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        public Builder optFill(FillMethod fill) {
            this.fill = Objects.requireNonNull(fill, "fill");
            return this;
        }

        public ReadOptions build() {
            return new ReadOptions(this);
        }
    }
}
