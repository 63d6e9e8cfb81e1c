package org.hopcast.datasets;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a series CSV (Apache Commons CSV) into a {@link SeriesTable}, validating as it goes.
 *
 * <p>Accepts plain or gzip files (detected from the bytes, not the name), comma, semicolon or tab
 * delimiters (detected from the header), CRLF or LF, and a UTF-8 byte-order mark. Every problem becomes a
 * {@link DataException} naming the file, line and column.
 */
public final class SeriesCsvReader {
    /** Header names recognised as the time column, in order of preference (case-insensitive). */
    public static final List<String> TIME_COLUMN_NAMES = List.of("date", "time", "timestamp", "datetime");

    /** Cell texts read as missing values (case-insensitive), besides the empty cell. */
    private static final Set<String> MISSING_TOKENS = Set.of("nan", "na", "n/a", "null", "none", "inf", "+inf",
            "-inf", "infinity", "+infinity", "-infinity");

    private SeriesCsvReader() {
    }

    /** Tables this process has read (a diagnostic: a front end that loaded a file does not read it again). */
    public static long reads() {
        return READS.get();
    }

    private static final java.util.concurrent.atomic.AtomicLong READS = new java.util.concurrent.atomic.AtomicLong();

    public static SeriesTable read(SeriesSource source, ReadOptions options) {
        try {
            return read(source, options, null);
        } catch (DayFirst evidence) {
            // a date only day first can read (31/1/2024) and no format given: the file is read again day first, so
            // that its earlier dates (1/2/2024) are the 1st of February too
            return read(source, options, evidence);
        }
    }

    /**
     * Thrown while reading month first (no time format given) at the first date only day first can read; the file is
     * then read again day first.
     */
    private static final class DayFirst extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long line;
        final String cell;

        DayFirst(long line, String cell) {
            super(null, null, false, false);
            this.line = line;
            this.cell = cell;
        }
    }

    /** Reads {@code source}, dates with the year last day first when {@code dayFirst} is not null. */
    private static SeriesTable read(SeriesSource source, ReadOptions options, DayFirst dayFirst) {
        READS.incrementAndGet();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        // raw bytes -> digest (sees each byte once) -> buffer (mark/reset for format sniffing) -> text
        try (InputStream raw = source.open();
                DigestInputStream digested = new DigestInputStream(raw, sha);
                InputStream buffered = new BufferedInputStream(digested, 1 << 16);
                Reader reader = openText(source, new FilterInputStream(buffered) {
                    @Override
                    public void close() {
                        // Commons CSV closes its reader; keep the stream open to drain it below
                    }
                })) {
            SeriesTable table = parse(source, options, reader, dayFirst);
            // finish the digest over any bytes the parser did not need (e.g. a trailing newline)
            byte[] sink = new byte[8192];
            while (buffered.read(sink) >= 0) {
                // drain
            }
            return table.withSha256(HexFormat.of().formatHex(sha.digest()));
        } catch (CharacterCodingException e) {
            throw DataException.of(source.name(), "is not UTF-8 text", "Save the file as UTF-8 CSV.");
        } catch (ZipException e) {
            throw DataException.of(source.name(), "looks gzip-compressed but is damaged: " + e.getMessage(),
                    "Re-download or re-compress the file.");
        } catch (IOException e) {
            throw DataException.io(source.name(), "cannot read the file: " + IoErrors.reason(e), e);
        } catch (UncheckedIOException e) {
            IOException cause = e.getCause();
            if (cause instanceof CharacterCodingException) {
                throw DataException.of(source.name(), "is not UTF-8 text", "Save the file as UTF-8 CSV.");
            }
            if (cause instanceof ZipException) {
                throw DataException.of(source.name(), "looks gzip-compressed but is damaged: "
                        + cause.getMessage(), "Re-download or re-compress the file.");
            }
            throw DataException.io(source.name(), "cannot read the file: " + IoErrors.reason(cause), cause);
        }
    }

    static Reader openText(SeriesSource source, InputStream in) throws IOException {
        InputStream bytes = in;
        in.mark(4);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                bytes = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (ZipException e) {
                throw DataException.of(source.name(), "looks gzip-compressed but is damaged: " + e.getMessage(),
                        "Re-download or re-compress the file.");
            }
        }
        bytes.mark(4);
        int c0 = bytes.read();
        int c1 = bytes.read();
        int c2 = bytes.read();
        if (!(c0 == 0xEF && c1 == 0xBB && c2 == 0xBF)) {
            bytes.reset(); // no byte-order mark
        }
        return new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    private static SeriesTable parse(SeriesSource source, ReadOptions options, Reader text, DayFirst dayFirst)
            throws IOException {
        String name = source.name();
        // Read the header line ourselves to detect the delimiter before Commons CSV sees the rest.
        StringBuilder headerLine = new StringBuilder();
        long headerLineNo = 0;
        boolean headerEndedWithCr = false;
        int ch;
        boolean inQuotes = false;
        while (true) {
            ch = text.read();
            if (ch < 0) {
                headerLineNo++;
                break;
            }
            if (ch == '"') {
                inQuotes = !inQuotes;
            }
            if (!inQuotes && (ch == '\n' || ch == '\r')) {
                if (ch == '\r' && headerLine.toString().isBlank()) {
                    int next = text.read(); // a blank CRLF line before the header
                    if (next != '\n' && next >= 0) {
                        headerLine.append((char) next);
                    }
                    headerLineNo++;
                    continue;
                }
                headerLineNo++;
                if (headerLine.toString().isBlank()) {
                    headerLine.setLength(0);
                    continue;
                }
                headerEndedWithCr = ch == '\r';
                break;
            }
            headerLine.append((char) ch);
        }
        if (headerLine.toString().isBlank()) {
            throw DataException.of(name, "the file is empty", "A header row and at least one data row are needed.");
        }
        char delimiter = options.delimiter() != null ? options.delimiter() : detectDelimiter(headerLine);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(false).setTrim(true).get();
        List<String> header;
        try (CSVParser hp = CSVParser.parse(headerLine.toString(), format)) {
            header = hp.getRecords().get(0).toList();
        }
        validateHeader(name, header);

        int timeIndex = findTimeColumn(name, header, options.timeColumn());
        int[] valueIndex = findValueColumns(name, header, timeIndex, options.columns());
        List<String> valueNames = new ArrayList<>();
        for (int idx : valueIndex) {
            valueNames.add(header.get(idx));
        }
        int cols = valueIndex.length;

        // The CR of a CRLF header is consumed above; its LF then reads as one empty record, skipped uncounted.
        int capacity = 4096;
        double[] values = new double[capacity * cols];
        long[] times = timeIndex >= 0 ? new long[capacity] : null;
        long[] missingPerColumn = new long[cols];
        long firstMissingLine = -1;
        int firstMissingColumn = -1;
        String firstMissingText = null;
        int rows = 0;
        long line = headerLineNo;
        long previousLine = -1;
        int merged = 0;
        int mergedWith = 1;
        String firstMerged = null;

        try (CSVParser parser = CSVParser.parse(text, format)) {
            Iterator<CSVRecord> it = parser.iterator();
            boolean skipLeadingLf = headerEndedWithCr;
            while (it.hasNext()) {
                CSVRecord rec = it.next();
                int size = rec.size();
                if (size == 1 && rec.get(0).isEmpty()) {
                    if (!skipLeadingLf) {
                        line++; // a blank line: count it so later line numbers stay right
                    }
                    skipLeadingLf = false;
                    continue;
                }
                skipLeadingLf = false;
                line++;
                if (size != header.size()) {
                    throw DataException.at(name, line, null, "has " + size + " fields but the header has "
                            + header.size(), "Every row needs one value per header column; check for a missing or"
                            + " extra delimiter ('" + delimiter + "').");
                }
                if (rows == capacity) {
                    capacity = capacity * 2;
                    values = java.util.Arrays.copyOf(values, capacity * cols);
                    if (times != null) {
                        times = java.util.Arrays.copyOf(times, capacity);
                    }
                }
                boolean merging = false;
                if (times != null) {
                    String cell = rec.get(timeIndex);
                    long t;
                    if (options.timeFormat() == null) {
                        int order = Timestamps.dateOrder(cell);
                        if (order > 0 && dayFirst == null) {
                            throw new DayFirst(line, cell);
                        }
                        if (order < 0 && dayFirst != null) {
                            throw DataException.at(name, line, header.get(timeIndex), "'" + cell + "' can only be read"
                                    + " month first, but '" + dayFirst.cell + "' on line " + dayFirst.line + " only day"
                                    + " first", "Set time-format to the way the column is written (dd/MM/yyyy or"
                                    + " MM/dd/yyyy), or fix the cells written the other way.");
                        }
                    }
                    try {
                        t = options.timeFormat() != null ? options.timeFormat().parse(cell)
                                : Timestamps.parse(cell, dayFirst != null);
                    } catch (DateTimeException e) {
                        throw DataException.at(name, line, header.get(timeIndex), e.getMessage(),
                                options.timeFormat() != null ? "Fix the cell, or set time-format to the way the column is"
                                        + " written." : "Fix the cell, set time-format (e.g. dd/MM/yyyy, epoch-seconds),"
                                        + " name the time column (time-column), or set time-column to none if the file has"
                                        + " no time column.");
                    }
                    if (rows > 0) {
                        long prev = times[rows - 1];
                        if (t == prev && options.gaps().fills()) {
                            merging = true; // averaged into the row before, below
                        } else if (t == prev) {
                            throw DataException.at(name, line, header.get(timeIndex), "timestamp '" + cell
                                    + "' repeats the one on line " + previousLine,
                                    "Remove the duplicate row; rows must be in strictly increasing time (or set gaps"
                                    + " to fill to average a repeated hour, as when clocks go back).");
                        }
                        if (t < prev) {
                            throw DataException.at(name, line, header.get(timeIndex), "timestamp '" + cell
                                    + "' is earlier than " + Timestamps.format(prev) + " on line " + previousLine,
                                    "Sort the file by time; rows must be in strictly increasing time.");
                        }
                    }
                    times[rows] = t;
                }
                int base = rows * cols;
                for (int c = 0; c < cols; c++) {
                    String cell = rec.get(valueIndex[c]);
                    double v = parseNumber(cell, delimiter == ';');
                    if (Double.isNaN(v) && !isMissingToken(cell)) {
                        throw DataException.at(name, line, valueNames.get(c), "'" + cell + "' is not a number",
                                "Fix the cell, or leave this column out (choose the columns).");
                    }
                    if (!Double.isFinite(v)) {
                        v = Double.NaN;
                        missingPerColumn[c]++;
                        if (firstMissingLine < 0) {
                            firstMissingLine = line;
                            firstMissingColumn = c;
                            firstMissingText = cell;
                        }
                    }
                    values[base + c] = v;
                }
                previousLine = line;
                if (merging) {
                    // the repeated timestamp's values into the row before: the mean of the rows so far
                    int into = (rows - 1) * cols;
                    mergedWith++;
                    for (int c = 0; c < cols; c++) {
                        double a = values[into + c];
                        double b = values[base + c];
                        values[into + c] = Double.isNaN(a) ? b : Double.isNaN(b) ? a : a + (b - a) / mergedWith;
                    }
                    merged++;
                    firstMerged = firstMerged != null ? firstMerged : Timestamps.format(times[rows - 1]);
                } else {
                    mergedWith = 1;
                    rows++;
                }
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException || e.getCause() instanceof ZipException) {
                throw e;
            }
            throw DataException.at(name, line + 1, null, "cannot be parsed as CSV: " + e.getCause().getMessage(),
                    "Check for an unclosed quote.");
        } catch (IllegalStateException e) {
            throw DataException.at(name, line + 1, null, "cannot be parsed as CSV: " + e.getMessage(),
                    "Check for an unclosed quote.");
        }
        if (rows == 0) {
            throw DataException.of(name, "has a header but no data rows", "Add data rows below the header.");
        }
        values = java.util.Arrays.copyOf(values, rows * cols);
        if (times != null) {
            times = java.util.Arrays.copyOf(times, rows);
        }

        long missing = 0;
        List<Long> perColumn = new ArrayList<>();
        for (long m : missingPerColumn) {
            missing += m;
            perColumn.add(m);
        }
        FillMethod fill = options.fill();
        int inserted = 0;
        String firstInserted = null;
        if (options.gaps().fills() && times != null && rows >= 2) {
            Regular r = regular(name, times, values, rows, cols);
            inserted = r.rows() - rows;
            firstInserted = r.firstInserted();
            times = r.times();
            values = r.values();
            rows = r.rows();
        }
        // the cells still missing: the file's own (less any a repeated row's twin covered), and the inserted rows'
        long[] still = missingPerColumn;
        if (merged > 0 || inserted > 0) {
            still = new long[cols]; // counted again only when rows were merged or inserted
            for (int i = 0; i < rows; i++) {
                for (int c = 0; c < cols; c++) {
                    still[c] += Double.isNaN(values[i * cols + c]) ? 1 : 0;
                }
            }
        }
        long stillMissing = java.util.Arrays.stream(still).sum();
        if (stillMissing > inserted * (long) cols && fill == FillMethod.NONE) {
            throw DataException.at(name, firstMissingLine, valueNames.get(firstMissingColumn),
                    (firstMissingText.isEmpty() ? "empty cell" : "'" + firstMissingText + "' is a missing value")
                            + " (" + missing + " missing or non-finite cell" + (missing == 1 ? "" : "s")
                            + " in the file)",
                    "Repair them by setting fill to forward or linear, or clean the file.");
        }
        // what was missing, before it is filled: the marker's rows
        boolean[] marked = options.gaps() == GapPolicy.MARK ? missingRows(values, rows, cols) : null;
        // inserted rows are filled even without a fill method (linear: between their neighbours); cells are refused
        FillMethod method = fill == FillMethod.NONE ? FillMethod.LINEAR : fill;
        for (int c = 0; c < cols; c++) {
            if (still[c] == rows) {
                throw DataException.at(name, -1, valueNames.get(c), "has no valid value at all",
                        "Leave it out (choose the columns).");
            }
            if (still[c] > 0) {
                MissingValues.fill(values, rows, cols, c, method);
            }
        }
        String timeName = timeIndex >= 0 ? header.get(timeIndex) : null;
        if (marked != null) {
            if (valueNames.contains(GapPolicy.MARKER)) {
                throw DataException.at(name, 1, GapPolicy.MARKER, "is the name of the column that marks filled rows",
                        "Rename the column, or set gaps to fill.");
            }
            values = withMarker(values, rows, cols, marked);
            valueNames.add(GapPolicy.MARKER);
            perColumn.add(0L);
        }
        return new SeriesTable(source, null, timeName, valueNames, times, values, rows,
                new FillReport(fill, missing, fill == FillMethod.NONE ? 0 : missing, perColumn, options.gaps(),
                        inserted, firstInserted, merged, firstMerged));
    }

    /** The rows with a missing cell (an inserted row has nothing but). */
    private static boolean[] missingRows(double[] values, int rows, int cols) {
        boolean[] out = new boolean[rows];
        for (int i = 0; i < rows * cols; i++) {
            out[i / cols] |= Double.isNaN(values[i]);
        }
        return out;
    }

    /** The values with one more column: 1 on the marked rows, 0 elsewhere. */
    private static double[] withMarker(double[] values, int rows, int cols, boolean[] marked) {
        double[] out = new double[rows * (cols + 1)];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, r * cols, out, r * (cols + 1), cols);
            out[r * (cols + 1) + cols] = marked[r] ? 1 : 0;
        }
        return out;
    }

    /** A table's rows on every step of its calendar. */
    private record Regular(long[] times, double[] values, int rows, String firstInserted) {
    }

    /**
     * The rows with a row inserted (values missing) at every timestamp the file's calendar steps through but the file
     * lacks; a timestamp off that calendar is refused, named with its row.
     */
    private static Regular regular(String name, long[] times, double[] values, int rows, int cols) {
        Calendar calendar = Calendar.infer(java.util.Arrays.copyOf(times, rows));
        List<Long> t = new ArrayList<>(rows);
        t.add(times[0]);
        for (int i = 1; i < rows; i++) {
            long expected = calendar.after(t.get(t.size() - 1), 1);
            while (expected < times[i]) {
                t.add(expected);
                expected = calendar.after(expected, 1);
            }
            if (expected != times[i]) {
                throw DataException.of(name, "timestamp " + Timestamps.format(times[i]) + " (data row " + (i + 1)
                        + ") is not a step of the file's calendar (" + calendar.label() + ") after "
                        + Timestamps.format(times[i - 1]), "Gaps can be filled only on a regular calendar; set gaps"
                        + " to keep, or resample the file.");
            }
            t.add(times[i]);
        }
        if (t.size() == rows) {
            return new Regular(times, values, rows, null);
        }
        double[] v = new double[t.size() * cols];
        long[] out = new long[t.size()];
        String first = null;
        int src = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = t.get(i);
            if (src < rows && times[src] == out[i]) {
                System.arraycopy(values, src * cols, v, i * cols, cols);
                src++;
            } else {
                java.util.Arrays.fill(v, i * cols, (i + 1) * cols, Double.NaN);
                first = first != null ? first : Timestamps.format(out[i]);
            }
        }
        return new Regular(out, v, out.length, first);
    }

    /**
     * Parses a decimal number, or returns NaN for anything else (the caller tells missing tokens from
     * garbage). Double.parseDouble alone would also take "1f" or "0x1p3", which a data file should not hold.
     * With semicolon-delimited files a decimal comma ("3,14") is accepted, as such files usually use it.
     */
    static double parseNumber(String cell, boolean decimalComma) {
        int n = cell.length();
        if (n == 0) {
            return Double.NaN;
        }
        // Only decimal notation: digits, one sign, '.', an exponent. This refuses "1f", "0x1p3", "NaN" here
        // (the caller tells missing-value tokens from garbage).
        int commas = 0;
        boolean digits = false;
        for (int i = 0; i < n; i++) {
            char c = cell.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c == ',') {
                commas++;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return Double.NaN;
            }
        }
        if (!digits) {
            return Double.NaN;
        }
        CharSequence text = cell;
        if (commas > 0) {
            if (!decimalComma || commas > 1 || cell.indexOf('.') >= 0) {
                return Double.NaN;
            }
            text = cell.replace(',', '.');
        }
        try {
            return JavaDoubleParser.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static boolean isMissingToken(String cell) {
        return cell.isEmpty() || MISSING_TOKENS.contains(cell.toLowerCase(Locale.ROOT));
    }

    static char detectDelimiter(CharSequence header) {
        int commas = 0;
        int semicolons = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == ',') {
                    commas++;
                } else if (c == ';') {
                    semicolons++;
                } else if (c == '\t') {
                    tabs++;
                }
            }
        }
        if (semicolons > commas && semicolons >= tabs) {
            return ';';
        }
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return ',';
    }

    private static void validateHeader(String name, List<String> header) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (h.isEmpty()) {
                throw DataException.at(name, 1, null, "header column " + (i + 1) + " has no name",
                        "Give every column a name in the header row.");
            }
            Integer before = seen.putIfAbsent(h, i);
            if (before != null) {
                throw DataException.at(name, 1, h, "the header names this column twice (columns " + (before + 1)
                        + " and " + (i + 1) + ")", "Rename one of them.");
            }
        }
        if (header.size() < 2) {
            throw DataException.at(name, 1, null, "the header has one column only ('" + header.get(0)
                    + "'); is the delimiter right?", "Hopcast detects comma, semicolon and tab; set"
                    + " the delimiter for others.");
        }
    }

    private static int findTimeColumn(String name, List<String> header, String requested) {
        if (requested != null) {
            if (requested.equalsIgnoreCase(ReadOptions.NO_TIME_COLUMN)) {
                return -1;
            }
            int idx = indexOf(header, requested);
            if (idx < 0) {
                throw DataException.setting("time-column", "column '" + requested + "' is not in " + name,
                        "Columns are: " + String.join(", ", header) + ".");
            }
            return idx;
        }
        for (String candidate : TIME_COLUMN_NAMES) {
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).equalsIgnoreCase(candidate)) {
                    return i;
                }
            }
        }
        return 0;
    }

    private static int[] findValueColumns(String name, List<String> header, int timeIndex, List<String> requested) {
        if (requested == null) {
            int[] idx = new int[header.size() - (timeIndex >= 0 ? 1 : 0)];
            int k = 0;
            for (int i = 0; i < header.size(); i++) {
                if (i != timeIndex) {
                    idx[k++] = i;
                }
            }
            return idx;
        }
        int[] idx = new int[requested.size()];
        for (int k = 0; k < requested.size(); k++) {
            String col = requested.get(k);
            int i = indexOf(header, col);
            if (i < 0) {
                throw DataException.setting("columns", "column '" + col + "' is not in " + name,
                        "Columns are: " + String.join(", ", header) + ".");
            }
            if (i == timeIndex) {
                throw DataException.setting("columns", "column '" + col + "' is the time column of " + name,
                        "List value columns only, or set time-column.");
            }
            for (int j = 0; j < k; j++) {
                if (idx[j] == i) {
                    throw DataException.setting("columns", "column '" + col + "' is listed twice", null);
                }
            }
            idx[k] = i;
        }
        return idx;
    }

    private static int indexOf(List<String> header, String name) {
        int idx = header.indexOf(name);
        if (idx >= 0) {
            return idx;
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
