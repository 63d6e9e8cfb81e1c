package org.hopcast.forecasting.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.SplitProtocol;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.datasets.WindowSpec;
import org.hopcast.forecasting.charts.ForecastCharts;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user reads: the forecast CSV's numbers and the charts' value axis. */
class ForecastOutputTest {
    @TempDir
    Path tmp;

    /** Hourly: a series with many exact zeros, and one near 1000. */
    private static PreparedSeries data() {
        int rows = 400;
        double[] v = new double[rows * 2];
        long[] t = new long[rows];
        for (int r = 0; r < rows; r++) {
            t[r] = 1_577_836_800_000L + r * 3_600_000L;
            v[2 * r] = r % 3 == 0 ? 0.0 : 1.7 + Math.sin(r);
            v[2 * r + 1] = 1000 + 5 * Math.sin(r / 4.0);
        }
        return PreparedSeries.of(SeriesTable.of("test", List.of("zeros", "far"), t, v), SplitProtocol.parse("ratio"),
                new WindowSpec(24, 6));
    }

    private static Forecasts naive(PreparedSeries p) {
        WindowDataset ds = p.windows(Split.TEST).build();
        float[] pred = new float[(int) ds.size() * 6 * 2];
        return Forecasts.of(ds, pred);
    }

    @Test
    void theTruthIsWrittenAsTheFileHasIt() throws IOException {
        PreparedSeries p = data();
        Path csv = tmp.resolve("forecast.csv");
        naive(p).writeCsv(csv, p.table(), p.scaler());
        List<String> lines = Files.readAllLines(csv);
        boolean sawZero = false;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f[1].equals("zeros")) {
                double truth = Double.parseDouble(f[4]);
                assertFalse(truth != 0 && Math.abs(truth) < 1e-3, "a zero written as " + f[4]);
                sawZero |= f[4].equals("0.0");
            }
        }
        assertTrue(sawZero, "exact zeros are written as 0.0");
    }

    /** Series names with a comma, a quote and a line break come back from forecast.csv as they were. */
    @Test
    void seriesNamesThatNeedQuotingRoundTrip() throws IOException {
        List<String> names = List.of("a,b", "say \"hi\"", "two\nlines");
        int rows = 200;
        double[] v = new double[rows * 3];
        long[] t = new long[rows];
        for (int r = 0; r < rows; r++) {
            t[r] = 1_577_836_800_000L + r * 3_600_000L;
            for (int c = 0; c < 3; c++) {
                v[3 * r + c] = c + Math.sin(r + c);
            }
        }
        PreparedSeries p = PreparedSeries.of(SeriesTable.of("odd names", names, t, v), SplitProtocol.parse("ratio"),
                new WindowSpec(24, 6));
        WindowDataset ds = p.windows(Split.TEST).build();
        Path csv = tmp.resolve("odd.csv");
        Forecasts.of(ds, new float[(int) ds.size() * 6 * 3]).writeCsv(csv, p.table(), p.scaler());
        try (org.apache.commons.csv.CSVParser parser = org.apache.commons.csv.CSVParser.parse(csv,
                java.nio.charset.StandardCharsets.UTF_8, org.apache.commons.csv.CSVFormat.RFC4180)) {
            List<org.apache.commons.csv.CSVRecord> records = parser.getRecords();
            assertEquals(List.of("timestamp", "series", "window", "step", "truth", "prediction"), records.get(0).toList());
            assertEquals(1 + ds.size() * 6 * 3, records.size());
            for (int i = 1; i <= 3; i++) {
                assertEquals(names.get(i - 1), records.get(i).get(1));
                assertEquals(6, records.get(i).size());
            }
        }
    }

    @Test
    void theValueAxisFitsTheData() {
        PreparedSeries p = data();
        JFreeChart chart = ForecastCharts.splitChart(naive(p), p.table(), p.scaler(), 1, new int[] {1}, "far");
        chart.getXYPlot().getRangeAxis().configure();
        double lower = chart.getXYPlot().getRangeAxis().getLowerBound();
        assertTrue(lower > 900, "a series near 1000 is not drawn from 0: the axis starts at " + lower);
        assertEquals(false, ((org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis()).getAutoRangeIncludesZero());
    }
}
