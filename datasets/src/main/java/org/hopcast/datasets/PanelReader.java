package org.hopcast.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a file of many series in long format: an id column (or several, whose values together name a series), the
 * time column and the value columns, the rows of every series in one file in any order of ids. Each series is read
 * as a file of its own by {@link SeriesCsvReader} (the same checks, fill and gap policies, time formats), so that a
 * series that starts later or ends earlier keeps exactly its own rows: nothing before its first row is invented.
 * A problem in one series is reported at the line of the whole file.
 */
public final class PanelReader {
    /** Between the values of several id columns in a series' name. */
    public static final String ID_JOINER = "/";

    private PanelReader() {
    }

    /** A file of many series: each id and its table, in the order the ids first appear. */
    public record Panel(String source, String sha256, List<String> idColumns, List<String> ids,
            List<SeriesTable> tables) {
        public Panel {
            ids = List.copyOf(ids);
            tables = List.copyOf(tables);
        }

        /** The table of series {@code id}. */
        public SeriesTable table(String id) {
            int i = ids.indexOf(id);
            if (i < 0) {
                throw new IllegalArgumentException("no series " + id + " in " + source);
            }
            return tables.get(i);
        }
    }

    /** Reads {@code source} with {@code options} (applied to each series), the series named by {@code idColumns}. */
    public static Panel read(SeriesSource source, ReadOptions options, List<String> idColumns) {
        String name = source.name();
        if (idColumns == null || idColumns.isEmpty()) {
            throw new IllegalArgumentException("a panel needs an id column");
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        String text;
        try (InputStream raw = source.open(); DigestInputStream digested = new DigestInputStream(raw, sha);
                InputStream buffered = new java.io.BufferedInputStream(digested, 1 << 16);
                Reader reader = SeriesCsvReader.openText(source, buffered)) {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[1 << 16];
            int n;
            while ((n = reader.read(buf)) >= 0) {
                sb.append(buf, 0, n);
            }
            text = sb.toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw DataException.of(name, "is not UTF-8 text", "Save the file as UTF-8 CSV.");
        } catch (IOException e) {
            throw DataException.io(name, "cannot read the file: " + IoErrors.reason(e), e);
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        int firstLineEnd = text.indexOf('\n') < 0 ? text.length() : text.indexOf('\n');
        char delimiter = options.delimiter() != null ? options.delimiter()
                : SeriesCsvReader.detectDelimiter(text.substring(0, firstLineEnd));
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        List<String> header;
        Map<String, List<CSVRecord>> groups = new LinkedHashMap<>();
        int[] idIndex = new int[idColumns.size()];
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            java.util.Iterator<CSVRecord> it = parser.iterator();
            if (!it.hasNext()) {
                throw DataException.of(name, "the file is empty", "A header row and at least one data row are needed.");
            }
            header = it.next().toList();
            for (int k = 0; k < idIndex.length; k++) {
                idIndex[k] = header.indexOf(idColumns.get(k));
                if (idIndex[k] < 0) {
                    throw DataException.setting("id-column", "column '" + idColumns.get(k) + "' is not in " + name
                            + " (its header: " + header + ")", "Name the column that says which series a row is of.");
                }
            }
            while (it.hasNext()) {
                CSVRecord r = it.next();
                if (r.size() != header.size()) {
                    throw DataException.at(name, r.getRecordNumber(), null, "has " + r.size() + " fields but"
                            + " the header has " + header.size(), "Every row needs one value per header column.");
                }
                StringBuilder id = new StringBuilder();
                for (int k = 0; k < idIndex.length; k++) {
                    String v = r.get(idIndex[k]);
                    if (v.isEmpty()) {
                        throw DataException.at(name, r.getRecordNumber(), idColumns.get(k),
                                "has no id", "Every row needs the id of its series.");
                    }
                    id.append(k == 0 ? "" : ID_JOINER).append(v);
                }
                groups.computeIfAbsent(id.toString(), x -> new ArrayList<>()).add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        } catch (IllegalStateException | UncheckedIOException e) {
            throw DataException.of(name, "cannot be parsed as CSV: " + e.getMessage(), "Check for an unclosed quote.");
        }
        if (groups.isEmpty()) {
            throw DataException.of(name, "has a header but no data rows", "Add data rows below the header.");
        }
        List<String> ids = new ArrayList<>(groups.keySet());
        int[] lineStarts = lineStarts(text);
        List<SeriesTable> tables = new ArrayList<>();
        ReadOptions each = options.withDelimiter(delimiter);
        for (String id : ids) {
            List<CSVRecord> rows = groups.get(id);
            String part = name + " (" + String.join(ID_JOINER, idColumns) + " " + id + ")";
            try {
                SeriesTable t = SeriesCsvReader.read(SeriesSource.bytes(part, csv(header, idIndex, rows, delimiter)),
                        each);
                tables.add(t.withSha256(digest));
            } catch (DataException e) {
                // line k of the part is its (k - 1)th row: that row's line in the whole file
                long line = e.line() >= 2 && e.line() - 2 < rows.size() ? lineOf(lineStarts,
                        rows.get((int) e.line() - 2)) : -1;
                throw e.at(part, line);
            }
        }
        return new Panel(name, digest, List.copyOf(idColumns), ids, tables);
    }

    /** The 1-based line a record starts on, from the offsets at which the text's lines start. */
    private static long lineOf(int[] lineStarts, CSVRecord r) {
        int i = java.util.Arrays.binarySearch(lineStarts, (int) r.getCharacterPosition());
        return (i >= 0 ? i : -i - 2) + 1L;
    }

    private static int[] lineStarts(String text) {
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            n += text.charAt(i) == '\n' ? 1 : 0;
        }
        int[] out = new int[n];
        int k = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out[k++] = i + 1;
            }
        }
        return out;
    }

    /** One series' rows as a CSV of their own: the header and cells without the id columns. */
    private static byte[] csv(List<String> header, int[] idIndex, List<CSVRecord> rows, char delimiter) {
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i : idIndex) {
            ids.add(i);
        }
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(sb, CSVFormat.DEFAULT.builder().setDelimiter(delimiter)
                .setRecordSeparator('\n').get())) {
            for (int c = 0; c < header.size(); c++) {
                if (!ids.contains(c)) {
                    p.print(header.get(c));
                }
            }
            p.println();
            for (CSVRecord r : rows) {
                for (int c = 0; c < header.size(); c++) {
                    if (!ids.contains(c)) {
                        p.print(r.get(c));
                    }
                }
                p.println();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not fail
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
