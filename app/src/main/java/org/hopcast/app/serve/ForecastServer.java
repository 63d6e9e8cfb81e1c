package org.hopcast.app.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.hopcast.datasets.DataException;
import org.hopcast.forecasting.api.RunForecaster;
import org.hopcast.forecasting.eval.FutureForecast;
import org.hopcast.forecasting.eval.PredictionIntervals;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;

/**
 * {@code hopcast serve}: forecasts of trained runs over HTTP, on the JDK's own server (ADR 0023), bound to 127.0.0.1
 * unless told otherwise. Every answer is JSON except {@code /metrics} (Prometheus' text format):
 * <ul>
 *   <li>{@code GET /health}: status and the models served;</li>
 *   <li>{@code GET /v1/models}: each model's name, series, lengths, intervals and provenance;</li>
 *   <li>{@code POST /v1/forecast?model=NAME}: a CSV body (the run's columns) or JSON {@code {"rows": [{...}]}} (and
 *       {@code "future": [{...}]}, the time and future covariates over the forecast period, for a model that takes them); the
 *       answer holds {@code timestamps}, the forecast per series and the interval bounds, the numbers of
 *       {@code hopcast forecast}'s CSV for the same input;</li>
 *   <li>{@code POST /v1/reload?model=NAME}: loads a model retrained into its folder (a forecast also reloads one
 *       whose best.params changed).</li>
 * </ul>
 * Bad input answers 400 with what is wrong where, an unknown model 404, a body over the limit 413; the forecasts of
 * one model run on its pool of copies ({@link RunForecaster}), the requests on a pool of {@code threads} threads.
 */
public final class ForecastServer implements AutoCloseable {
    /** The largest body a forecast request may send unless told otherwise (16 MiB). */
    public static final long DEFAULT_MAX_BODY = 16L << 20;

    /**
     * Copies of each model by default: one per core libtorch's passes leave free, so that as many passes run side by
     * side as the cores allow without two of them sharing a core (the launcher gives {@code serve} one intra-op thread
     * per pass: passes in parallel were measured faster than one pass on every core, ADR 0023).
     */
    public static int defaultPool() {
        int cores = Runtime.getRuntime().availableProcessors();
        int perPass = 1;
        try {
            perPass = Math.max(1, Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "1").trim()));
        } catch (NumberFormatException e) {
            perPass = 1;
        }
        return Math.max(1, cores / perPass);
    }

    private final Map<String, RunForecaster> models;
    private final HttpServer server;
    private final ExecutorService threads;
    private final long maxBody;
    private final ServerMetrics metrics = new ServerMetrics();

    private ForecastServer(Map<String, RunForecaster> models, HttpServer server, ExecutorService threads, long maxBody) {
        this.models = models;
        this.server = server;
        this.threads = threads;
        this.maxBody = maxBody;
    }

    /**
     * Opens every run and starts serving on {@code host}:{@code port} (0: a free port) with {@code threads} request
     * threads and {@code poolSize} copies of each model, requests waiting for a copy batched by up to 32. A run that
     * cannot be opened stops the start, naming it.
     */
    public static ForecastServer start(List<Path> runs, String host, int port, int threads, int poolSize, long maxBody)
            throws IOException {
        return start(runs, host, port, threads, poolSize, maxBody, 32);
    }

    /** As above, a forward pass serving up to {@code maxBatch} waiting requests of one model (1: one each). */
    public static ForecastServer start(List<Path> runs, String host, int port, int threads, int poolSize, long maxBody,
            int maxBatch) throws IOException {
        Map<String, RunForecaster> models = new LinkedHashMap<>();
        try {
            for (Path run : runs) {
                RunForecaster f = RunForecaster.builder().setRun(run).optPoolSize(poolSize).optMaxBatch(maxBatch).build();
                if (models.containsKey(f.name())) {
                    f.close();
                    throw new IllegalArgumentException("two runs are named " + f.name() + " (" + run + " and "
                            + models.get(f.name()).info().runDir() + "): serve runs whose folders have different names");
                }
                models.put(f.name(), f);
            }
        } catch (RuntimeException e) {
            models.values().forEach(RunForecaster::close);
            throw e;
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (IOException e) {
            models.values().forEach(RunForecaster::close);
            throw e;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "hopcast-serve");
            t.setDaemon(true);
            return t;
        });
        ForecastServer s = new ForecastServer(models, http, pool, maxBody);
        http.setExecutor(pool);
        http.createContext("/", s::handle);
        http.start();
        return s;
    }

    /** The port it listens on (the one chosen when asked for 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The models served, by name. */
    public List<String> models() {
        return List.copyOf(models.keySet());
    }

    /** Stops accepting, waits up to a second for answers in flight, and closes every model. */
    @Override
    public void close() {
        server.stop(1);
        threads.shutdown();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        models.values().forEach(RunForecaster::close);
    }

    /** An answer other than 200: its status and what the client should read. */
    static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        long t0 = System.nanoTime();
        String path = ex.getRequestURI().getPath();
        String endpoint = switch (path) {
            case "/health", "/metrics", "/v1/models", "/v1/forecast", "/v1/reload" -> path;
            default -> "other";
        };
        int status = 200;
        try {
            switch (path) {
                case "/health" -> {
                    method(ex, "GET");
                    answer(ex, 200, Json.line(health()));
                }
                case "/metrics" -> {
                    method(ex, "GET");
                    send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.text(models.size()));
                }
                case "/v1/models" -> {
                    method(ex, "GET");
                    List<RunForecaster.Info> infos = new ArrayList<>();
                    models.values().forEach(m -> infos.add(m.info()));
                    answer(ex, 200, Json.line(Map.of("models", infos)));
                }
                case "/v1/forecast" -> {
                    method(ex, "POST");
                    RunForecaster m = model(ex);
                    byte[] body = body(ex);
                    m.reloadIfChanged();
                    FutureForecast f = forecast(ex, body, m);
                    answer(ex, 200, answer(m.name(), f).toString());
                }
                case "/v1/reload" -> {
                    method(ex, "POST");
                    RunForecaster m = model(ex);
                    m.reload();
                    answer(ex, 200, Json.line(Map.of("reloaded", m.name(), "epoch", m.info().epoch())));
                }
                default -> throw new HttpError(404, "no such endpoint: " + path + " (GET /health, GET /metrics,"
                        + " GET /v1/models, POST /v1/forecast?model=NAME, POST /v1/reload?model=NAME)");
            }
        } catch (HttpError e) {
            status = e.status;
            error(ex, status, e.getMessage());
        } catch (DataException | RunException | IllegalArgumentException | JsonParseException e) {
            // the input, not the server: the reader's message names the row and column
            status = 400;
            error(ex, status, e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            error(ex, status, "the forecast failed: " + e);
        } finally {
            metrics.record(endpoint, status, (System.nanoTime() - t0) / 1e9);
            ex.close();
        }
    }

    private Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("models", models.keySet());
        return m;
    }

    private static void method(HttpExchange ex, String expected) {
        if (!ex.getRequestMethod().equalsIgnoreCase(expected)) {
            throw new HttpError(405, ex.getRequestURI().getPath() + " takes " + expected + ", not "
                    + ex.getRequestMethod());
        }
    }

    private RunForecaster model(HttpExchange ex) {
        String name = query(ex, "model");
        if (name == null) {
            if (models.size() == 1) {
                return models.values().iterator().next();
            }
            throw new HttpError(400, "name the model: ?model=NAME (" + String.join(", ", models.keySet()) + ")");
        }
        RunForecaster m = models.get(name);
        if (m == null) {
            throw new HttpError(404, "no model named '" + name + "' (served: " + String.join(", ", models.keySet()) + ")");
        }
        return m;
    }

    private static String query(HttpExchange ex, String key) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String part : q.split("&")) {
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(key)) {
                return eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** How much of a refused body is read and dropped, so that the client reads the 413 before the connection ends. */
    static final long DRAIN = 64L << 20;

    /** The body, refused with 413 past the limit (never held past the limit). */
    private byte[] body(HttpExchange ex) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new HttpError(400, "Content-Length '" + declared + "' is not a number");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            if (length > maxBody) {
                drain(in);
                throw new HttpError(413, "the body has " + length + " bytes; at most " + maxBody);
            }
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBody + 1));
            if (b.length > maxBody) {
                drain(in);
                throw new HttpError(413, "the body is longer than " + maxBody + " bytes");
            }
            if (b.length == 0) {
                throw new HttpError(400, "the body is empty: send the input rows as CSV or as JSON {\"rows\": [...]}");
            }
            return b;
        }
    }

    /** Reads and drops up to {@link #DRAIN} bytes of a refused body; a longer one is cut off with the connection. */
    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[1 << 16];
        long left = DRAIN;
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
            left -= n;
        }
    }

    /** The body as the CSV the run reads: as sent, or JSON rows turned into it (one reader checks both). */
    static byte[] csv(HttpExchange ex, byte[] body, RunForecaster.Info info) {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        boolean json = type != null ? type.toLowerCase(Locale.ROOT).contains("json") : firstByte(body) == '{';
        return json ? JsonRows.toCsv(body, info) : body;
    }

    /** A forecast of {@code m} from the request body; the reader's complaints about JSON rows say which row. */
    private static FutureForecast forecast(HttpExchange ex, byte[] body, RunForecaster m) {
        byte[] csv = csv(ex, body, m.info());
        byte[] future = csv != body ? JsonRows.futureCsv(body, m.info()) : null;
        // a model of many series forecasts the one named by ?series=ID or the JSON body's "series"
        String series = query(ex, "series");
        if (series == null && csv != body) {
            series = JsonRows.series(body);
        }
        try {
            return m.forecast(csv, future, "request body", series);
        } catch (DataException e) {
            if (csv != body) {
                throw new HttpError(400, e.getMessage() + " (the JSON rows are read as CSV: rows[i] is line i + 2)");
            }
            throw e;
        }
    }

    private static int firstByte(byte[] b) {
        for (byte x : b) {
            if (!Character.isWhitespace(x)) {
                return x;
            }
        }
        return -1;
    }

    /**
     * The JSON of one forecast: timestamps, the values per series, the bounds per coverage and series. Values are
     * written as floats (Float.toString, as forecast's CSV prints them), not widened to doubles.
     */
    static JsonObject answer(String model, FutureForecast f) {
        JsonObject m = new JsonObject();
        m.addProperty("model", model);
        JsonArray times = new JsonArray();
        f.timestamps().forEach(times::add);
        m.add("timestamps", times);
        m.add("forecast", perSeries(f, f.values()));
        if (f.bands() != null) {
            JsonObject intervals = new JsonObject();
            for (int k = 0; k < f.bands().coverages().size(); k++) {
                JsonObject level = new JsonObject();
                level.add("lower", perSeries(f, f.bands().lower()[k]));
                level.add("upper", perSeries(f, f.bands().upper()[k]));
                intervals.add(PredictionIntervals.percent(f.bands().coverages().get(k)), level);
            }
            m.add("intervals", intervals);
            m.addProperty("interval_method", f.bands().method());
            m.addProperty("validated_by", f.bands().validatedBy());
        }
        return m;
    }

    private static JsonObject perSeries(FutureForecast f, float[][] stepSeries) {
        JsonObject m = new JsonObject();
        for (int c = 0; c < f.series().size(); c++) {
            JsonArray v = new JsonArray();
            for (float[] step : stepSeries) {
                v.add(step[c]); // a Float: written as Float.toString
            }
            m.add(f.series().get(c), v);
        }
        return m;
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        send(ex, status, "application/json; charset=utf-8", json + "\n");
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("status", status);
        o.addProperty("error", message);
        answer(ex, status, o.toString());
    }

    private static void send(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** JSON rows to the CSV the run's reader takes: the time column, then the series, each row an object of them. */
    static final class JsonRows {
        private JsonRows() {
        }

        static byte[] toCsv(byte[] body, RunForecaster.Info info) {
            JsonElement root;
            try {
                root = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            } catch (JsonParseException e) {
                throw new HttpError(400, "the body is not valid JSON: " + e.getMessage());
            }
            if (!root.isJsonObject() || !root.getAsJsonObject().has("rows")
                    || !root.getAsJsonObject().get("rows").isJsonArray()) {
                throw new HttpError(400, "the JSON body must be an object with an array \"rows\" of objects");
            }
            return toCsv(root.getAsJsonObject().getAsJsonArray("rows"), "rows", info.timeColumn(), info.inputColumns());
        }

        /** The JSON body's {@code "series"} (the id of one series of a model of many), or null. */
        static String series(byte[] body) {
            JsonObject root = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!root.has("series") || root.get("series").isJsonNull()) {
                return null;
            }
            if (!root.get("series").isJsonPrimitive()) {
                throw new HttpError(400, "\"series\" must be the id of one series (a string)");
            }
            return root.get("series").getAsString();
        }

        /**
         * The JSON body's {@code "future"} rows (the time column and the future covariates over the forecast period)
         * as CSV, or null when it has none.
         */
        static byte[] futureCsv(byte[] body, RunForecaster.Info info) {
            JsonObject root = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!root.has("future")) {
                return null;
            }
            if (!root.get("future").isJsonArray()) {
                throw new HttpError(400, "\"future\" must be an array of objects of " + info.futureCovariates());
            }
            return toCsv(root.getAsJsonArray("future"), "future", info.timeColumn(), info.futureCovariates());
        }

        private static byte[] toCsv(JsonArray rows, String key, String timeColumn, List<String> values) {
            List<String> columns = new ArrayList<>();
            if (timeColumn != null) {
                columns.add(timeColumn);
            }
            columns.addAll(values);
            StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
            for (int i = 0; i < rows.size(); i++) {
                if (!rows.get(i).isJsonObject()) {
                    throw new HttpError(400, key + "[" + i + "] is not an object of " + columns);
                }
                JsonObject r = rows.get(i).getAsJsonObject();
                for (String k : r.keySet()) {
                    if (!columns.contains(k)) {
                        throw new HttpError(400, key + "[" + i + "] has the field '" + k + "', which the model does not"
                                + " take (its columns: " + columns + ")");
                    }
                }
                for (int c = 0; c < columns.size(); c++) {
                    JsonElement v = r.get(columns.get(c));
                    if (v == null || v.isJsonNull()) {
                        throw new HttpError(400, key + "[" + i + "] lacks the field '" + columns.get(c) + "'");
                    }
                    if (!v.isJsonPrimitive()) {
                        throw new HttpError(400, key + "[" + i + "]." + columns.get(c) + " is not a number or a string");
                    }
                    String text = v.getAsString();
                    if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0) {
                        throw new HttpError(400, key + "[" + i + "]." + columns.get(c) + " '" + text + "' is not a value");
                    }
                    sb.append(c == 0 ? "" : ",").append(text);
                }
                sb.append('\n');
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }
    }
}
