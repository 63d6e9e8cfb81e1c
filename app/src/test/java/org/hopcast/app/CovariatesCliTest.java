package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets and covariates from the command line: data describe says them, train takes them, forecast --future. */
class CovariatesCliTest {
    @TempDir
    static Path tmp;

    @Test
    void describeNamesTheTargetsAndTheCovariates() {
        CliTest.Outcome o = CliTest.run("data", "describe", "--past-covariates", "HUFL", "--future-covariates", "OT",
                "--calendar-features", "on");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Columns     5: HULL, MUFL, MULL, LUFL, LULL"), o.out());
        assertTrue(o.out().contains("past: HUFL; future (known ahead): OT; calendar: cal_hour_sin, cal_hour_cos,"
                + " cal_weekday_sin, cal_weekday_cos"), o.out());
        CliTest.Outcome wrong = CliTest.run("data", "describe", "--future-covariates", "OT", "--targets", "OT");
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("both a target and a covariate") && wrong.err().contains("--targets"),
                wrong.err());
    }

    @Test
    void aRunWithAFutureCovariateForecastsFromAFutureFileAndRefusesWithoutIt() throws Exception {
        Path run = tmp.resolve("run");
        String[] args = TrainCliTest.concat(new String[] {"train", "--out", run.toString(), "--json", "--targets", "OT",
            "--future-covariates", "HUFL", "--calendar-features", "weekday"}, TrainCliTest.TINY);
        CliTest.Outcome trained = CliTest.run(args);
        assertEquals(0, trained.code(), trained.err());
        JsonObject recorded = JsonParser.parseString(Files.readString(run.resolve("data.json"))).getAsJsonObject();
        assertEquals("[\"OT\"]", recorded.get("series").toString());
        assertEquals("[\"HUFL\"]", recorded.get("future_covariates").toString());
        assertEquals("[\"weekday\"]", recorded.get("calendar_features").toString());
        // the first 1,000 rows of the built-in file as the input; its next 12 hours of HUFL as the future
        Path input = tmp.resolve("input.csv");
        Path future = tmp.resolve("future.csv");
        String data = new String(CovariatesCliTest.class.getResourceAsStream("/org/hopcast/datasets/builtin/ETTh1.csv")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).replace("\r", "");
        String[] rows = data.split("\n");
        Files.writeString(input, String.join("\n", java.util.Arrays.copyOfRange(rows, 0, 1001)) + "\n");
        StringBuilder f = new StringBuilder("date,HUFL\n");
        for (int r = 1001; r < 1013; r++) {
            String[] cells = rows[r].split(",");
            f.append(cells[0]).append(',').append(cells[1]).append('\n');
        }
        Files.writeString(future, f);
        CliTest.Outcome without = CliTest.run("forecast", "--run", run.toString(), "--input", input.toString());
        assertEquals(2, without.code());
        assertTrue(without.err().contains("HUFL") && without.err().contains(rows[1001].split(",")[0].substring(0, 13)),
                without.err());
        CliTest.Outcome with = CliTest.run("forecast", "--run", run.toString(), "--input", input.toString(), "--future",
                future.toString(), "--json");
        assertEquals(0, with.code(), with.err());
        JsonObject fc = JsonParser.parseString(with.out().strip()).getAsJsonObject();
        assertEquals("[\"OT\"]", fc.get("series").toString());
        assertEquals(12, fc.getAsJsonArray("values").size());
        // over HTTP: JSON rows with the covariate, and the future rows, answer the forecast's numbers
        StringBuilder json = new StringBuilder("{\"rows\": [");
        for (int r = 1001 - 24; r < 1001; r++) {
            String[] cells = rows[r].split(",");
            json.append(r == 1001 - 24 ? "" : ",").append(String.format("{\"date\": \"%s\", \"OT\": %s, \"HUFL\": %s}",
                    cells[0], cells[7], cells[1]));
        }
        json.append("], \"future\": [");
        for (int r = 1001; r < 1013; r++) {
            String[] cells = rows[r].split(",");
            json.append(r == 1001 ? "" : ",").append(String.format("{\"date\": \"%s\", \"HUFL\": %s}", cells[0],
                    cells[1]));
        }
        json.append("]}");
        try (org.hopcast.app.serve.ForecastServer server = org.hopcast.app.serve.ForecastServer.start(List.of(run),
                "127.0.0.1", 0, 1, 1, 1 << 20)) {
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                            + "/v1/forecast")).header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json.toString())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            JsonObject served = JsonParser.parseString(answer.body()).getAsJsonObject();
            com.google.gson.JsonArray ot = served.getAsJsonObject("forecast").getAsJsonArray("OT");
            assertEquals(12, ot.size());
            for (int h = 0; h < 12; h++) {
                assertEquals(fc.getAsJsonArray("values").get(h).getAsJsonArray().get(0).getAsFloat(), ot.get(h).getAsFloat());
            }
        }
    }
}
