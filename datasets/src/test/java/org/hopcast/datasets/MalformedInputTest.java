package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per malformed-input case: each message names the file and the line/column or the setting. */
class MalformedInputTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static DataException readFails(Path p, ReadOptions options) {
        return assertThrows(DataException.class, () -> SeriesCsvReader.read(SeriesSource.file(p), options));
    }

    private static void assertMentions(DataException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message lacks '" + part + "': " + e.getMessage());
        }
    }

    @Test
    void missingFile() {
        DataException e = readFails(dir.resolve("nope.csv"), ReadOptions.defaults());
        assertMentions(e, "nope.csv", "file not found");
    }

    @Test
    void directoryInsteadOfFile() {
        DataException e = readFails(dir, ReadOptions.defaults());
        assertMentions(e, "is a directory");
    }

    @Test
    void emptyFile() throws IOException {
        DataException e = readFails(write("empty.csv", ""), ReadOptions.defaults());
        assertMentions(e, "empty.csv", "the file is empty");
    }

    @Test
    void blankLinesOnlyIsEmpty() throws IOException {
        DataException e = readFails(write("blank.csv", "\n\n  \n"), ReadOptions.defaults());
        assertMentions(e, "blank.csv", "the file is empty");
    }

    @Test
    void headerOnly() throws IOException {
        DataException e = readFails(write("header.csv", "date,a,b\n"), ReadOptions.defaults());
        assertMentions(e, "header.csv", "header but no data rows");
    }

    @Test
    void duplicateColumnNames() throws IOException {
        DataException e = readFails(write("dup.csv", "date,a,b,a\n2020-01-01,1,2,3\n"), ReadOptions.defaults());
        assertMentions(e, "dup.csv", "line 1", "column 'a'", "columns 2 and 4");
    }

    @Test
    void raggedRow() throws IOException {
        Path p = write("ragged.csv", "date,a,b\n2020-01-01,1,2\n2020-01-02,3\n2020-01-03,4,5\n");
        DataException e = readFails(p, ReadOptions.defaults());
        assertMentions(e, "ragged.csv", "line 3", "has 2 fields but the header has 3");
        assertEquals(3, e.line());
    }

    @Test
    void nonNumericCell() throws IOException {
        Path p = write("text.csv", "date,a,b\n2020-01-01,1,2\n2020-01-02,3,oops\n");
        DataException e = readFails(p, ReadOptions.defaults());
        assertMentions(e, "text.csv", "line 3", "column 'b'", "'oops' is not a number");
        assertEquals("b", e.column());
    }

    @Test
    void typeSuffixesThatJavaWouldAcceptAreNotNumbers() throws IOException {
        Path p = write("suffix.csv", "date,a\n2020-01-01,1f\n");
        assertMentions(readFails(p, ReadOptions.defaults()), "'1f' is not a number");
    }

    @Test
    void emptyCellIsAnErrorByDefault() throws IOException {
        Path p = write("gap.csv", "date,a,b\n2020-01-01,1,2\n2020-01-02,,4\n2020-01-03,5,NaN\n");
        DataException e = readFails(p, ReadOptions.defaults());
        assertMentions(e, "gap.csv", "line 3", "column 'a'", "empty cell", "2 missing", "fill to forward or linear");
    }

    @Test
    void nanAndInfAreMissingValues() throws IOException {
        Path p = write("nan.csv", "date,a\n2020-01-01,1\n2020-01-02,inf\n2020-01-03,-Infinity\n2020-01-04,4\n");
        DataException e = readFails(p, ReadOptions.defaults());
        assertMentions(e, "line 3", "'inf' is a missing value", "2 missing");
    }

    @Test
    void forwardFillRepairsAndReports() throws IOException {
        Path p = write("ff.csv", "date,a,b\n2020-01-01,,2\n2020-01-02,1,NaN\n2020-01-03,,4\n2020-01-04,3,inf\n");
        SeriesTable t = SeriesCsvReader.read(SeriesSource.file(p), ReadOptions.builder().optFill(FillMethod.FORWARD).build());
        assertArrayEquals(new double[] {1, 1, 1, 3}, t.column(0)); // the leading gap takes the first value
        assertArrayEquals(new double[] {2, 2, 4, 4}, t.column(1));
        assertEquals(4, t.fillReport().missingCells());
        assertEquals(4, t.fillReport().filledCells());
        assertEquals(2L, t.fillReport().perColumn().get(0));
    }

    @Test
    void linearFillInterpolatesInRowIndex() throws IOException {
        Path p = write("lin.csv", "date,a\n2020-01-01,\n2020-01-02,0\n2020-01-03,\n2020-01-04,\n2020-01-05,3\n2020-01-06,\n");
        SeriesTable t = SeriesCsvReader.read(SeriesSource.file(p), ReadOptions.builder().optFill(FillMethod.LINEAR).build());
        assertArrayEquals(new double[] {0, 0, 1, 2, 3, 3}, t.column(0), 1e-12);
        assertEquals(4, t.fillReport().filledCells());
    }

    @Test
    void columnWithNoValueCannotBeFilled() throws IOException {
        Path p = write("allgap.csv", "date,a,b\n2020-01-01,1,\n2020-01-02,2,\n");
        DataException e = readFails(p, ReadOptions.builder().optFill(FillMethod.LINEAR).build());
        assertMentions(e, "column 'b'", "no valid value");
    }

    @Test
    void timestampsGoingBackwards() throws IOException {
        Path p = write("back.csv", "date,a\n2020-01-01 00:00:00,1\n2020-01-01 02:00:00,2\n2020-01-01 01:00:00,3\n");
        DataException e = readFails(p, ReadOptions.defaults());
        assertMentions(e, "back.csv", "line 4", "column 'date'", "earlier than 2020-01-01 02:00:00 on line 3");
    }

    @Test
    void repeatedTimestamp() throws IOException {
        Path p = write("rep.csv", "date,a\n2020-01-01,1\n2020-01-02,2\n2020-01-02,3\n");
        DataException e = readFails(p, ReadOptions.defaults());
        assertMentions(e, "rep.csv", "line 4", "repeats the one on line 3");
    }

    @Test
    void unparseableTimestamp() throws IOException {
        Path p = write("badtime.csv", "date,a\n2020-01-01,1\n2020-13-45,2\n");
        DataException e = readFails(p, ReadOptions.defaults());
        assertMentions(e, "badtime.csv", "line 3", "column 'date'");
    }

    @Test
    void firstColumnThatIsNotATimeSuggestsTimeColumnNone() throws IOException {
        Path p = write("notime.csv", "a,b\n1.5,2\n2.5,3\n");
        DataException e = readFails(p, ReadOptions.defaults());
        assertMentions(e, "line 2", "column 'a'", "time-column to none");
        SeriesTable t = SeriesCsvReader.read(SeriesSource.file(p),
                ReadOptions.builder().optTimeColumn(ReadOptions.NO_TIME_COLUMN).build());
        assertEquals(2, t.columnCount());
        assertTrue(t.timeColumn().isEmpty());
    }

    @Test
    void unknownColumnIsNamedWithTheAvailableOnes() throws IOException {
        Path p = write("cols.csv", "date,a,b\n2020-01-01,1,2\n");
        DataException e = readFails(p, ReadOptions.builder().optColumns(java.util.List.of("a", "zz")).build());
        assertMentions(e, "columns", "'zz'", "Columns are: date, a, b");
    }

    @Test
    void seriesTooShortForTheWindowNamesTheSplit() {
        SeriesTable t = SeriesTable.of("short", java.util.List.of("a"), null, new double[100]);
        DataException e = assertThrows(DataException.class,
                () -> PreparedSeries.of(t, SplitProtocol.RATIO, new WindowSpec(96, 24)));
        assertMentions(e, "short", "train split has 70 rows", "in_len 96 + out_len 24 = 120", "in-len");
        DataException v = assertThrows(DataException.class,
                () -> PreparedSeries.of(t, SplitProtocol.RATIO, new WindowSpec(8, 12)));
        assertMentions(v, "val split has 10 rows (+8 look-back)");
    }

    @Test
    void splitThatDoesNotFitTheFile() {
        SeriesTable t = SeriesTable.of("small", java.util.List.of("a"), null, new double[1000]);
        DataException e = assertThrows(DataException.class,
                () -> PreparedSeries.of(t, SplitProtocol.ETT_HOUR, new WindowSpec(96, 24)));
        assertMentions(e, "small", "split 'ett-hour' needs 8640 + 2880 + 2880 = 14400 rows but the file has 1000",
                "split to ratio");
    }

    @Test
    void constantColumnDoesNotBreakScaling() {
        double[] v = new double[200];
        for (int r = 0; r < 100; r++) {
            v[2 * r] = 5.0;
            v[2 * r + 1] = r;
        }
        SeriesTable t = SeriesTable.of("const", java.util.List.of("flat", "ramp"), null, v);
        PreparedSeries s = PreparedSeries.of(t, SplitProtocol.RATIO, new WindowSpec(4, 2));
        assertEquals(0.0, s.scaler().std(0));
        assertEquals(java.util.List.of(0), s.scaler().constantColumns());
        assertEquals(0.0, s.scaler().transform(5.0, 0));
        assertEquals(5.0, s.scaler().inverse(0.0, 0));
        float[] x = s.windows(Split.TEST).build().input(0);
        for (float f : x) {
            assertTrue(Float.isFinite(f));
        }
        assertTrue(s.describe().trainStats().get(0).constant());
    }

    @Test
    void damagedGzip() throws IOException {
        Path p = dir.resolve("bad.csv.gz");
        Files.write(p, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        DataException e = readFails(p, ReadOptions.defaults());
        assertMentions(e, "bad.csv.gz");
    }

    @Test
    void notUtf8() throws IOException {
        Path p = dir.resolve("latin1.csv");
        Files.write(p, "date,temp\u00e9rature\n2020-01-01,1\n".getBytes(StandardCharsets.ISO_8859_1));
        DataException e = readFails(p, ReadOptions.defaults());
        assertMentions(e, "latin1.csv", "UTF-8");
    }

    @Test
    void unknownSplitProtocolAndBadRatios() {
        assertMentions(assertThrows(DataException.class, () -> SplitProtocol.parse("monthly")), "split",
                "unknown split protocol 'monthly'");
        assertMentions(assertThrows(DataException.class, () -> SplitProtocol.parse("ratio:0.5,0.5,0.5")),
                "add up to 1");
        assertMentions(assertThrows(DataException.class, () -> SplitProtocol.parse("rows:10,x,5")), "'x'");
    }

    @Test
    void badWindowLengths() {
        assertMentions(assertThrows(DataException.class, () -> new WindowSpec(0, 24)), "in-len");
        assertMentions(assertThrows(DataException.class, () -> new WindowSpec(24, -1)), "out-len");
    }

    @Test
    void unknownDatasetNamesTheKnownOnes() {
        assertMentions(assertThrows(DataException.class, () -> DatasetRegistry.locate("Nope", java.util.List.of())),
                "unknown dataset 'Nope'", "ETTh1", "WTH");
    }

    @Test
    void knownDatasetNotFoundSaysWhereItLooked() {
        DataException e = assertThrows(DataException.class,
                () -> DatasetRegistry.locate("Traffic", java.util.List.of(dir)));
        assertMentions(e, "traffic.csv", dir.toString(), "data-dir");
    }
}
