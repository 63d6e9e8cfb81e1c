package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.hopcast.app.serve.ForecastServer;
import org.hopcast.forecasting.service.RunService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hopcast serve (issue #34) from a real HTTP client: concurrent forecasts equal forecast's CSV to the last digit, bad
 * input is answered 400/404/405/413 with what is wrong, and the service stops by its handle.
 */
class ServeTest {
    @TempDir
    static Path tmp;

    static Path run;
    static ForecastServer server;
    static HttpClient client;
    static final String[] COLUMNS = {"HUFL", "HULL", "MUFL", "MULL", "LUFL", "LULL", "OT"};

    @BeforeAll
    static void trainAndServe() throws IOException {
        run = tmp.resolve("tiny");
        String[] args = TrainCliTest.concat(new String[] {"train", "--out", run.toString()}, TrainCliTest.TINY);
        CliTest.Outcome o = CliTest.run(args);
        assertEquals(0, o.code(), o.err());
        // bound to 127.0.0.1 on a free port, as a test must
        server = ForecastServer.start(List.of(run), "127.0.0.1", 0, 4, 2, 1 << 20);
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Hourly rows of the run's columns, shifted by {@code shift}, with a level shift half way. */
    static String csv(int rows, int shift) {
        StringBuilder sb = new StringBuilder("date," + String.join(",", COLUMNS) + "\n");
        for (int r = 0; r < rows; r++) {
            sb.append(String.format(Locale.ROOT, "2017-03-%02d %02d:00:00", 1 + r / 24, r % 24));
            for (int c = 0; c < COLUMNS.length; c++) {
                double v = 5 + c + 3 * Math.sin(2 * Math.PI * (r + shift) / 24.0) + (r > rows / 2 ? 2 : 0) + 0.01 * shift;
                sb.append(',').append(String.format(Locale.ROOT, "%.3f", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static HttpResponse<String> post(String path, String body, String type) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** forecast's CSV for {@code input}: every value as it prints it, row by row. */
    static List<String[]> forecastCsv(String input, String name) throws IOException {
        Path in = tmp.resolve(name + ".csv");
        Files.writeString(in, input);
        Path out = tmp.resolve(name + "-forecast.csv");
        RunService.forecast(run, in, out, "cpu");
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            rows.add(line.split(","));
        }
        return rows;
    }

    /** Every forecast value and bound of {@code answer} equals the CSV's, to the last digit. */
    static void assertSameAsCsv(List<String[]> csv, JsonObject answer) {
        String[] header = csv.get(0);
        JsonArray times = answer.getAsJsonArray("timestamps");
        for (int h = 1; h < csv.size(); h++) {
            String[] row = csv.get(h);
            assertEquals(row[0], times.get(h - 1).getAsString());
            for (int i = 2; i < header.length; i++) {
                String col = header[i];
                String got;
                int lower = col.indexOf("_lower_");
                int upper = col.indexOf("_upper_");
                if (lower > 0) {
                    got = answer.getAsJsonObject("intervals").getAsJsonObject(col.substring(lower + 7))
                            .getAsJsonObject("lower").getAsJsonArray(col.substring(0, lower)).get(h - 1).getAsString();
                } else if (upper > 0) {
                    got = answer.getAsJsonObject("intervals").getAsJsonObject(col.substring(upper + 7))
                            .getAsJsonObject("upper").getAsJsonArray(col.substring(0, upper)).get(h - 1).getAsString();
                } else {
                    got = answer.getAsJsonObject("forecast").getAsJsonArray(col).get(h - 1).getAsString();
                }
                assertEquals(row[i], got, col + " at step " + h);
            }
        }
    }

    @Test
    void concurrentForecastsAreForecastsCsvToTheLastDigit() throws Exception {
        List<String> inputs = new ArrayList<>();
        List<List<String[]>> expected = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            inputs.add(csv(60 + 7 * k, 5 * k));
            expected.add(forecastCsv(inputs.get(k), "in" + k));
        }
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            HttpRequest r = HttpRequest.newBuilder(uri("/v1/forecast?model=tiny")).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(inputs.get(i % 3))).build();
            pending.add(client.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < pending.size(); i++) {
            HttpResponse<String> r = pending.get(i).get();
            assertEquals(200, r.statusCode(), r.body());
            assertSameAsCsv(expected.get(i % 3), JsonParser.parseString(r.body()).getAsJsonObject());
        }
        // the same rows as JSON: the same answer
        StringBuilder json = new StringBuilder("{\"rows\": [");
        String[] lines = inputs.get(0).split("\n");
        String[] names = lines[0].split(",");
        for (int i = 1; i < lines.length; i++) {
            String[] v = lines[i].split(",");
            json.append(i > 1 ? "," : "").append("{\"date\": \"").append(v[0]).append('"');
            for (int c = 1; c < v.length; c++) {
                json.append(", \"").append(names[c]).append("\": ").append(v[c]);
            }
            json.append('}');
        }
        HttpResponse<String> r = post("/v1/forecast", json.append("]}").toString(), "application/json");
        assertEquals(200, r.statusCode(), r.body());
        assertSameAsCsv(expected.get(0), JsonParser.parseString(r.body()).getAsJsonObject());

        HttpResponse<String> models = client.send(HttpRequest.newBuilder(uri("/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject m = JsonParser.parseString(models.body()).getAsJsonObject().getAsJsonArray("models").get(0)
                .getAsJsonObject();
        assertEquals("tiny", m.get("name").getAsString());
        assertTrue(m.getAsJsonObject("provenance").has("versions"), m.toString());
        String metrics = client.send(HttpRequest.newBuilder(uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        assertTrue(metrics.contains("hopcast_requests_total{endpoint=\"/v1/forecast\",status=\"200\"}"), metrics);
        assertTrue(metrics.contains("hopcast_request_seconds_bucket{endpoint=\"/v1/forecast\",le=\"+Inf\"}"), metrics);
        assertTrue(metrics.contains("hopcast_models_loaded 1"), metrics);
    }

    @Test
    void badInputIsAnsweredWithWhatIsWrongAndTheServiceStaysUp() throws Exception {
        String good = csv(60, 0);
        HttpResponse<String> r = post("/v1/forecast", "{\"rows\": [", "application/json");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("not valid JSON"), r.body());
        r = post("/v1/forecast", good.replace(",OT\n", ",XX\n"), "text/csv");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("OT") && r.body().contains("XX"), r.body());
        String[] lines = good.split("\n");
        lines[10] = lines[10].substring(0, lines[10].lastIndexOf(',')) + ",NaN";
        r = post("/v1/forecast", String.join("\n", lines) + "\n", "text/csv");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("11") || r.body().contains("10"), "names the row: " + r.body());
        r = post("/v1/forecast", "{\"rows\": [{\"date\": \"2017-01-01 00:00:00\", \"HUFL\": 1}]}", "application/json");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("rows[0] lacks the field 'HULL'"), r.body());
        r = post("/v1/forecast", csv(10, 0), "text/csv");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("in_len"), r.body());
        r = post("/v1/forecast?model=nope", good, "text/csv");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("tiny"), r.body());
        r = post("/v1/forecast", "x".repeat((1 << 20) + 10), "text/csv");
        assertEquals(413, r.statusCode());
        r = client.send(HttpRequest.newBuilder(uri("/v1/forecast")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        r = post("/v1/reload?model=tiny", "", "text/plain");
        assertEquals(200, r.statusCode(), r.body());
        // after all of it, it still forecasts
        assertEquals(200, post("/v1/forecast", good, "text/csv").statusCode());
    }

    /**
     * The README's example program (docs/examples/forecast-from-java) compiles against this build's API and forecasts:
     * what it prints is forecast's CSV for the same input.
     */
    @Test
    void theJavaExampleCompilesAndForecasts() throws Exception {
        Path source = Path.of("..", "docs", "examples", "forecast-from-java", "src", "main", "java", "example",
                "ForecastFromJava.java");
        Path classes = Files.createDirectories(tmp.resolve("example-classes"));
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertEquals(0, rc, errors.toString(StandardCharsets.UTF_8));
        String input = csv(50, 3);
        List<String[]> expected = forecastCsv(input, "example");
        Path in = tmp.resolve("example.csv");
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            System.setOut(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("example.ForecastFromJava").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {run.toString(), in.toString()});
        } finally {
            System.setOut(out);
        }
        String[] lines = printed.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertTrue(lines[0].startsWith("tiny: [HUFL"), lines[0]);
        assertEquals(expected.size(), lines.length, printed.toString(StandardCharsets.UTF_8));
        String[] first = lines[1].split(" ");
        assertEquals(expected.get(1)[0], first[0] + " " + first[1]);
        assertEquals(Float.parseFloat(expected.get(1)[8]), Float.parseFloat(first[3]), 5e-4, lines[1]);
    }

    @Test
    void itStopsByItsHandle() throws Exception {
        ForecastServer second = ForecastServer.start(List.of(run), "127.0.0.1", 0, 1, 1, 1 << 20);
        URI health = URI.create("http://127.0.0.1:" + second.port() + "/health");
        assertEquals(200, client.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        second.close();
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(health).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }
}
