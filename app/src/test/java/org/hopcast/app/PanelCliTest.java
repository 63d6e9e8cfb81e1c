package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many series in one file from the command line: describe, train, evaluate and forecast with --id-column. */
class PanelCliTest {
    @TempDir
    static Path tmp;

    @Test
    void aLongFileIsDescribedTrainedEvaluatedAndForecastSeriesBySeries() throws Exception {
        StringBuilder csv = new StringBuilder("region,shop,date,sales\n");
        for (int d = 0; d < 400; d++) {
            for (int s = 0; s < 3; s++) {
                if (d >= 50 * s) {
                    csv.append(String.format(Locale.ROOT, "north,s%d,%s,%.2f%n", s, LocalDate.of(2023, 1, 1).plusDays(d),
                            (s + 1) * 10 * (1 + 0.3 * Math.sin(2 * Math.PI * d / 7)) + Math.sin(d * 1.7)));
                }
            }
        }
        Path file = Files.writeString(tmp.resolve("shops.csv"), csv);
        CliTest.Outcome d = CliTest.run("data", "describe", "--input", file.toString(), "--id-column", "region,shop",
                "--in-len", "28", "--out-len", "7");
        assertEquals(0, d.code(), d.err());
        assertTrue(d.out().contains("Series      3 by region, shop") && d.out().contains("Rows        300 to 400"),
                d.out());
        Path run = tmp.resolve("run");
        CliTest.Outcome t = CliTest.run("train", "--input", file.toString(), "--id-column", "region,shop", "--out",
                run.toString(), "--in-len", "28", "--out-len", "7", "--seg-len", "7", "--d-model", "16", "--d-ff",
                "32", "--heads", "2", "--e-layers", "1", "--factor", "3", "--epochs", "2", "--device", "cpu");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("Test over 3 series") && t.out().contains("north/s0"), t.out());
        CliTest.Outcome e = CliTest.run("evaluate", "--run", run.toString());
        assertEquals(0, e.code(), e.err());
        String trainLine = t.out().lines().filter(l -> l.startsWith("Test over")).findFirst().orElseThrow();
        assertTrue(e.out().contains(trainLine), "evaluate says what train said:\n" + trainLine + "\n" + e.out());
        Path out = tmp.resolve("forecast.csv");
        CliTest.Outcome f = CliTest.run("forecast", "--run", run.toString(), "--input", file.toString(), "--out",
                out.toString());
        assertEquals(0, f.code(), f.err());
        List<String> rows = Files.readAllLines(out);
        assertEquals("region,shop,timestamp,step,sales", rows.get(0));
        assertEquals(1 + 3 * 7, rows.size());
        CliTest.Outcome b = CliTest.run("backtest", "--run", run.toString());
        assertEquals(2, b.code());
        assertTrue(b.err().contains("many series"), b.err());
    }
}
