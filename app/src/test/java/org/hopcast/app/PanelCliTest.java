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
        assertTrue(rows.get(0).startsWith("region,shop,timestamp,step,sales,sales_lower_80,sales_upper_80,"), rows.get(0));
        assertEquals(1 + 3 * 7, rows.size());
        CliTest.Outcome b = CliTest.run("backtest", "--run", run.toString());
        assertEquals(2, b.code());
        assertTrue(b.err().contains("run over 3 series") && b.err().contains("north/s0"), b.err());
        oneSeriesOfMany(file, run, e.out());
    }

    /** One series of the run chosen with --series: its evaluation, intervals, backtest, forecast and service. */
    private static void oneSeriesOfMany(Path file, Path run, String panelTable) throws Exception {
        CliTest.Outcome e = CliTest.run("evaluate", "--run", run.toString(), "--series", "north/s1", "--json");
        assertEquals(0, e.code(), e.err());
        com.google.gson.JsonObject one = com.google.gson.JsonParser.parseString(e.out()).getAsJsonObject();
        // the same test MSE the run over many series gave that series (its row of the table, 4 decimals)
        String row = panelTable.lines().filter(l -> l.contains("north/s1")).findFirst().orElseThrow();
        assertTrue(row.contains(String.format(Locale.ROOT, "%.4f", one.get("test_mse").getAsDouble())),
                row + " / " + e.out());
        Path own = org.hopcast.forecasting.run.RunDirectory.open(run).seriesDir("north/s1");
        assertTrue(Files.isRegularFile(own.resolve("intervals.json")), own.toString());
        CliTest.Outcome bt = CliTest.run("backtest", "--run", run.toString(), "--series", "north/s1", "--step", "7");
        assertEquals(0, bt.code(), bt.err());
        assertTrue(Files.isRegularFile(own.resolve("backtest").resolve("backtest.json")), bt.out());
        CliTest.Outcome f = CliTest.run("forecast", "--run", run.toString(), "--input", file.toString(), "--series",
                "north/s1");
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("interval of the last series") && f.out().contains("Intervals:"), f.out());
        CliTest.Outcome wrong = CliTest.run("evaluate", "--run", run.toString(), "--series", "north/s7");
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("no series 'north/s7'") && wrong.err().contains("north/s2"), wrong.err());
        // the service: a series named in the JSON body, its rows without the id columns; none named: what to name
        StringBuilder rows = new StringBuilder("{\"series\": \"north/s1\", \"rows\": [");
        for (int d = 0; d < 28; d++) {
            rows.append(d == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"date\": \"%s\", \"sales\": %.2f}",
                    LocalDate.of(2024, 1, 1).plusDays(d), 20 * (1 + 0.3 * Math.sin(2 * Math.PI * d / 7))));
        }
        rows.append("]}");
        try (org.hopcast.app.serve.ForecastServer server = org.hopcast.app.serve.ForecastServer.start(List.of(run),
                "127.0.0.1", 0, 2, 1, 1 << 20)) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/forecast");
            java.net.http.HttpResponse<String> ok = client.send(java.net.http.HttpRequest.newBuilder(uri).header(
                    "Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            rows.toString())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().contains("\"timestamps\"") && ok.body().contains("lower"), ok.body());
            java.net.http.HttpResponse<String> unnamed = client.send(java.net.http.HttpRequest.newBuilder(uri).header(
                    "Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            rows.toString().replace("\"series\": \"north/s1\", ", ""))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(400, unnamed.statusCode(), unnamed.body());
            assertTrue(unnamed.body().contains("name the series") && unnamed.body().contains("north/s0"),
                    unnamed.body());
        }
    }
}
