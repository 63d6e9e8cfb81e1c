package org.hopcast.datasets;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Random;

/**
 * Hourly series whose best forecast is known, for checking a forecaster where benchmark files cannot: each
 * breaks z-scoring with the training period's statistics in its own way.
 * <ul>
 *   <li>{@code random-walk}: {@code x(t) = x(t-1) + N(0, 1)} from a different level per series. Repeating the
 *       last value (persistence) is the best possible forecast; the level wanders far from the training range.</li>
 *   <li>{@code seasonal-shift}: a daily and a weekly cycle with noise, whose level jumps by several cycles'
 *       amplitude three quarters of the way through the rows (after the training period, in the usual
 *       70/10/20 split).</li>
 *   <li>{@code trend}: a steady upward trend with a small daily cycle and noise; the test period lies above
 *       everything seen in training.</li>
 * </ul>
 * Timestamps start at 2020-01-01 00:00 and step by one hour; the time column is {@code date}.
 */
public final class SyntheticSeries {
    /** The kinds of series. */
    public enum Kind implements Labelled {
        RANDOM_WALK("random-walk"), SEASONAL_SHIFT("seasonal-shift"), TREND("trend");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }

        public static Kind parse(String text) {
            return Labelled.parse(Kind.class, text, "the synthetic series");
        }
    }

    private static final long START = LocalDateTime.of(2020, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1000;
    private static final long HOUR = 3_600_000L;

    private SyntheticSeries() {
    }

    /** {@code rows} x {@code series} values, row-major, from {@code seed}. */
    public static double[] values(Kind kind, int rows, int series, long seed) {
        if (rows < 2 || series < 1) {
            throw new IllegalArgumentException("a synthetic series needs at least 2 rows and 1 series");
        }
        Random r = new Random(seed);
        double[] v = new double[rows * series];
        for (int c = 0; c < series; c++) {
            double phase = 2 * Math.PI * r.nextDouble();
            double level = 20 + 15 * c;
            for (int t = 0; t < rows; t++) {
                double x;
                switch (kind) {
                    case RANDOM_WALK -> {
                        level += t == 0 ? 0 : r.nextGaussian();
                        x = level;
                    }
                    case SEASONAL_SHIFT -> {
                        double shift = t >= rows * 3 / 4 ? 8 + 2 * c : 0;
                        x = level + shift + 3 * Math.sin(2 * Math.PI * t / 24 + phase)
                                + 1.5 * Math.sin(2 * Math.PI * t / 168 + 2 * phase) + 0.5 * r.nextGaussian();
                    }
                    case TREND -> x = level + 0.01 * (1 + 0.5 * c) * t + 0.5 * Math.sin(2 * Math.PI * t / 24 + phase)
                            + 0.2 * r.nextGaussian();
                    default -> throw new IllegalStateException(kind.name());
                }
                v[t * series + c] = x;
            }
        }
        return v;
    }

    /** The same as a table (hourly timestamps, columns s0, s1, ...). */
    public static SeriesTable table(Kind kind, int rows, int series, long seed) {
        long[] times = new long[rows];
        for (int t = 0; t < rows; t++) {
            times[t] = START + t * HOUR;
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < series; c++) {
            names.add("s" + c);
        }
        return SeriesTable.of("synthetic " + kind.label(), names, times, values(kind, rows, series, seed));
    }

    /** Writes the series as a CSV file with a {@code date} column, readable by {@link SeriesCsvReader}. */
    public static void write(Path file, Kind kind, int rows, int series, long seed) throws IOException {
        double[] v = values(kind, rows, series, seed);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8))) {
            StringBuilder header = new StringBuilder("date");
            for (int c = 0; c < series; c++) {
                header.append(",s").append(c);
            }
            w.write(header.append('\n').toString());
            for (int t = 0; t < rows; t++) {
                StringBuilder line = new StringBuilder(Timestamps.format(START + t * HOUR));
                for (int c = 0; c < series; c++) {
                    line.append(',').append(String.format(Locale.ROOT, "%.4f", v[t * series + c]));
                }
                w.write(line.append('\n').toString());
            }
        }
    }
}
