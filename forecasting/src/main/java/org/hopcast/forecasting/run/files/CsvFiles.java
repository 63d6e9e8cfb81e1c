package org.hopcast.forecasting.run.files;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The one way Hopcast writes a CSV file (forecasts, leaderboards, outlier and inspection tables): Commons CSV's
 * printer in RFC 4180's dialect with '\n' line ends, so a field with a comma, a quote or a line break (a series
 * named so) is quoted as readers expect, and the file appears whole or not at all ({@link AtomicFiles}).
 */
public final class CsvFiles {
    /** RFC 4180, records ended by '\n'. */
    public static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

    /** Prints the rows of a file. */
    @FunctionalInterface
    public interface Rows {
        void print(CSVPrinter csv) throws IOException;
    }

    private CsvFiles() {
    }

    /** The rows {@code rows} prints, as text in the same dialect (for printing instead of a file). */
    public static String text(Rows rows) {
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter csv = new CSVPrinter(sb, FORMAT)) {
            rows.print(csv);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a StringBuilder does not fail
        }
        return sb.toString();
    }

    /** Writes {@code file} atomically with the rows {@code rows} prints. */
    public static void write(Path file, Rows rows) throws IOException {
        AtomicFiles.write(file, raw -> {
            // not closed here: AtomicFiles closes and syncs the stream it opened
            CSVPrinter csv = new CSVPrinter(new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8),
                    1 << 16), FORMAT);
            rows.print(csv);
            csv.flush();
        });
    }
}
