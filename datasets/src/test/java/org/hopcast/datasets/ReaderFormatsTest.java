package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file shapes the reader accepts: gzip, delimiters, line endings, BOM, column selection. */
class ReaderFormatsTest {
    @TempDir
    Path dir;

    private static final String SAMPLE = "date,a,b\n2016-07-01 00:00:00,1.5,2\n2016-07-01 01:00:00,3,-4e-1\n";

    private SeriesTable read(String name, byte[] bytes, ReadOptions o) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return SeriesCsvReader.read(SeriesSource.file(p), o);
    }

    private static void assertSample(SeriesTable t) {
        assertEquals(List.of("a", "b"), t.columns());
        assertEquals(2, t.rows());
        assertArrayEquals(new double[] {1.5, 3}, t.column(0));
        assertArrayEquals(new double[] {2, -0.4}, t.column(1));
        assertEquals(3_600_000L, t.timestamp(1) - t.timestamp(0));
    }

    @Test
    void plainComma() throws IOException {
        assertSample(read("a.csv", SAMPLE.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults()));
    }

    @Test
    void crlfAndBom() throws IOException {
        String crlf = "\uFEFF" + SAMPLE.replace("\n", "\r\n");
        SeriesTable t = read("b.csv", crlf.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults());
        assertSample(t);
        assertEquals("date", t.timeColumn().orElseThrow());
    }

    @Test
    void crlfLineNumbersInErrors() throws IOException {
        String crlf = (SAMPLE + "2016-07-01 02:00:00,x,1\n").replace("\n", "\r\n");
        DataException e = assertThrows(DataException.class,
                () -> read("c.csv", crlf.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults()));
        assertEquals(4, e.line());
    }

    @Test
    void semicolonWithDecimalComma() throws IOException {
        String semi = "date;a;b\n2016-07-01 00:00:00;1,5;2\n2016-07-01 01:00:00;3;-0,4\n";
        assertSample(read("d.csv", semi.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults()));
    }

    @Test
    void tabDelimited() throws IOException {
        assertSample(read("e.tsv", SAMPLE.replace(',', '\t').getBytes(StandardCharsets.UTF_8), ReadOptions.defaults()));
    }

    @Test
    void gzipDetectedFromTheBytes() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(SAMPLE.getBytes(StandardCharsets.UTF_8));
        }
        SeriesTable t = read("f.csv.gz", bos.toByteArray(), ReadOptions.defaults());
        assertSample(t);
        assertEquals("f.csv", t.source().fileName());
    }

    @Test
    void trailingBlankLinesAndQuotedHeader() throws IOException {
        String s = "\"date\",\"a\",\"b\"\n2016-07-01 00:00:00,1.5,2\n\n2016-07-01 01:00:00,3,-4e-1\n\n\n";
        assertSample(read("g.csv", s.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults()));
    }

    @Test
    void timeColumnFoundByNameAnywhere() throws IOException {
        String s = "a,Timestamp,b\n1.5,2016-07-01T00:00:00Z,2\n3,2016-07-01T01:00:00Z,-0.4\n";
        SeriesTable t = read("h.csv", s.getBytes(StandardCharsets.UTF_8), ReadOptions.defaults());
        assertSample(t);
        assertEquals("Timestamp", t.timeColumn().orElseThrow());
    }

    @Test
    void explicitColumnsInTheGivenOrder() throws IOException {
        SeriesTable t = read("i.csv", SAMPLE.getBytes(StandardCharsets.UTF_8),
                ReadOptions.builder().optColumns(List.of("B")).build());
        assertEquals(List.of("b"), t.columns());
        assertArrayEquals(new double[] {2, -0.4}, t.column(0));
    }

    @Test
    void explicitTimeColumnAndOtherColumnsIgnored() throws IOException {
        String s = "id,when,a,b\nx,2016-07-01 00:00:00,1.5,2\ny,2016-07-01 01:00:00,3,-4e-1\n";
        SeriesTable t = read("j.csv", s.getBytes(StandardCharsets.UTF_8),
                ReadOptions.builder().optTimeColumn("when").optColumns(List.of("a", "b")).build());
        assertSample(t);
    }

    @Test
    void unknownFileDefaultsToRatioAndKnownNamesKeepTheirProtocol() {
        assertEquals("ratio", DatasetRegistry.protocolFor(SeriesSource.file(Path.of("mine.csv"))).name());
        assertEquals("ett-hour", DatasetRegistry.protocolFor(SeriesSource.file(Path.of("x/ETTh2.csv.gz"))).name());
        assertEquals("ecl", DatasetRegistry.protocolFor(SeriesSource.file(Path.of("ECL.csv"))).name());
    }

    @Test
    void knownDatasetFoundInADataDirectory() throws IOException {
        Files.writeString(dir.resolve("WTH.csv"), SAMPLE);
        SeriesSource s = DatasetRegistry.locate("wth", List.of(dir));
        assertEquals(dir.resolve("WTH.csv"), s.path().orElseThrow());
        assertEquals("ETTh1 (built-in)", DatasetRegistry.locate("ETTh1", List.of(dir)).name());
    }
}
