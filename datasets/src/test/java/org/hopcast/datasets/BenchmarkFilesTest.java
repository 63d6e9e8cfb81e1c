package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real benchmark files: rows, splits, windows and scaler statistics (stanhop.md section 2). */
class BenchmarkFilesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ETTh1.csv, 17420, 7, ett-hour, 8640, 2880, 2880",
        "ETTm1.csv, 69680, 7, ett-minute, 34560, 11520, 11520",
        "WTH.csv, 35064, 12, wth, 20160, 7200, 7200",
        "national_illness.csv, 966, 7, ratio, 676, 97, 193",
    })
    void rowsAndSplitsMatchTheReferenceProtocol(String file, int rows, int series, String protocol, int train,
            int val, int test) {
        Path p = SharedDatasets.require(file);
        SeriesSource source = SeriesSource.file(p);
        SeriesTable t = SeriesCsvReader.read(source, ReadOptions.defaults());
        assertEquals(rows, t.rows());
        assertEquals(series, t.columnCount());
        assertEquals("date", t.timeColumn().orElseThrow());
        SplitProtocol proto = DatasetRegistry.protocolFor(source);
        assertEquals(protocol, proto.name());
        SplitLayout layout = SplitLayout.of(file, t.rows(), proto, new WindowSpec(24, 24));
        assertEquals(new SplitSizes(train, val, test), layout.sizes());
    }

    @Test
    void etth1WindowsAt168To24() {
        Path p = SharedDatasets.require("ETTh1.csv");
        PreparedSeries s = PreparedSeries.prepare(new DataRequest(p, null, null, null, null, new WindowSpec(168, 24)));
        assertEquals(8449, s.layout().windows(Split.TRAIN));
        assertEquals(2857, s.layout().windows(Split.VAL));
        assertEquals(2857, s.layout().windows(Split.TEST));
        assertEquals(3020, s.layout().unusedRows());
        // val starts in_len rows before its border
        assertEquals(8640 - 168, s.layout().begin(Split.VAL));
        assertEquals(8640 + 2880 - 168, s.layout().begin(Split.TEST));
    }

    @Test
    void fileDigestMatchesThePublishedOne() {
        Path p = SharedDatasets.require("ETTh1.csv");
        SeriesTable t = SeriesCsvReader.read(SeriesSource.file(p), ReadOptions.defaults());
        assertEquals("f18de3ad269cef59bb07b5438d79bb3042d3be49bdeecf01c1cd6d29695ee066", t.sha256());
    }

    @Test
    void builtInDefaultIsTheUnchangedEtth1() {
        SeriesTable t = SeriesCsvReader.read(DatasetRegistry.builtIn(), ReadOptions.defaults());
        assertEquals(17420, t.rows());
        assertEquals("f18de3ad269cef59bb07b5438d79bb3042d3be49bdeecf01c1cd6d29695ee066", t.sha256());
        assertEquals(List.of("HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT"), t.columns());
    }

    /**
     * The scaler's statistics against an independent computation: the file split by hand (no Commons CSV),
     * numbers parsed as BigDecimal, sums exact, population std.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"ETTh1.csv, 8640", "WTH.csv, 20160", "national_illness.csv, 676"})
    void scalerStatisticsMatchAnIndependentComputation(String file, int trainRows) throws IOException {
        Path p = SharedDatasets.require(file);
        List<String> lines = Files.readAllLines(p);
        int cols = lines.get(0).split(",").length - 1;
        BigDecimal[] sum = new BigDecimal[cols];
        BigDecimal[] sumSq = new BigDecimal[cols];
        for (int c = 0; c < cols; c++) {
            sum[c] = BigDecimal.ZERO;
            sumSq[c] = BigDecimal.ZERO;
        }
        for (int r = 1; r <= trainRows; r++) {
            String[] f = lines.get(r).split(",");
            for (int c = 0; c < cols; c++) {
                BigDecimal v = new BigDecimal(f[c + 1]);
                sum[c] = sum[c].add(v);
                sumSq[c] = sumSq[c].add(v.multiply(v));
            }
        }
        SeriesTable t = SeriesCsvReader.read(SeriesSource.file(p), ReadOptions.defaults());
        StandardScaler scaler = StandardScaler.fit(t, trainRows);
        MathContext mc = MathContext.DECIMAL128;
        BigDecimal n = BigDecimal.valueOf(trainRows);
        for (int c = 0; c < cols; c++) {
            BigDecimal mean = sum[c].divide(n, mc);
            BigDecimal var = sumSq[c].divide(n, mc).subtract(mean.multiply(mean, mc), mc);
            double std = Math.sqrt(var.doubleValue());
            assertEquals(mean.doubleValue(), scaler.mean(c), 1e-9 * Math.max(1, Math.abs(mean.doubleValue())),
                    "mean of column " + c);
            assertEquals(std, scaler.std(c), 1e-9 * Math.max(1, std), "std of column " + c);
        }
        // scaled training rows have mean 0 and population std 1
        double[] col = t.column(0);
        double m = 0;
        double s = 0;
        for (int r = 0; r < trainRows; r++) {
            m += scaler.transform(col[r], 0);
        }
        m /= trainRows;
        for (int r = 0; r < trainRows; r++) {
            double z = scaler.transform(col[r], 0) - m;
            s += z * z;
        }
        assertEquals(0, m, 1e-9);
        assertEquals(1, Math.sqrt(s / trainRows), 1e-9);
    }

    @Test
    void wthMonthFirstTimestampsAreRegularHours() {
        Path p = SharedDatasets.require("WTH.csv");
        PreparedSeries s = PreparedSeries.prepare(new DataRequest(p, null, null, null, null, new WindowSpec(48, 24)));
        DatasetDescription d = s.describe();
        assertEquals("2010-01-01 00:00:00", d.start());
        assertEquals("1 h", d.frequency().label());
        assertEquals(0, d.frequency().irregularSteps());
        assertFalse(d.trainStats().isEmpty());
        assertTrue(d.trainStats().stream().noneMatch(DatasetDescription.ColumnStats::constant));
    }

    @Test
    void iliIsWeekly() {
        Path p = SharedDatasets.require("national_illness.csv");
        PreparedSeries s = PreparedSeries.prepare(new DataRequest(p, null, null, null, null, new WindowSpec(36, 24)));
        assertEquals("7 d", s.describe().frequency().label());
    }
}
