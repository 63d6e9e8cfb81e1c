package org.hopcast.app.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.forecasting.bench.MemoryTrend;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.machine.Machine;
import org.hopcast.forecasting.service.RunAnalysis;

/**
 * {@code hopcast bench serve}: a served run's latency (p50, p99) and throughput at several numbers of concurrent
 * clients, each sending one forecast request after another for a while, beside the batch rate of the same model over
 * its test split (windows per second, one forward pass per batch) measured in the same process; then the resident
 * memory every 1,000 requests over a long series of them, and its slope after warm-up.
 */
public final class ServeBenchmark {
    /** One level of concurrency, with requests batched up to {@code maxBatch} per forward pass (1: none). */
    public record Level(int clients, int maxBatch, long requests, double seconds, double requestsPerSecond,
            double p50Millis, double p99Millis, long errors) {
    }

    /**
     * What a run of the benchmark measured.
     *
     * @param run the served run
     * @param inputRows rows per request body
     * @param pool copies of the model the service forecasts with
     * @param batchWindowsPerSecond the model's batch rate over its test split
     * @param levels each level of concurrency
     * @param memoryRequests requests sent while sampling memory
     * @param rssMb resident memory after every 1,000 of them, MiB
     * @param rssSlopeMbPer1000 the slope after warm-up (the first quarter left out), MiB per 1,000 requests
     * @param heapMb the Java heap in use after a full collection at the same moments, MiB (what the JVM holds on to;
     *        the rest of the resident memory is the engine's and the allocator's)
     * @param heapSlopeMbPer1000 its slope after warm-up
     */
    public record Result(String run, int inputRows, int pool, double batchWindowsPerSecond, List<Level> levels,
            long memoryRequests, List<Double> rssMb, double rssSlopeMbPer1000, List<Double> heapMb,
            double heapSlopeMbPer1000) {
    }

    private ServeBenchmark() {
    }

    /** Runs the benchmark against {@code runDir}, served on 127.0.0.1 by this process. */
    public static Result run(Path runDir, List<Integer> clients, double seconds, int pool, long memoryRequests)
            throws IOException, InterruptedException {
        RunSpec spec = RunDirectory.open(runDir).spec();
        PreparedSeries data = spec.prepareData();
        int in = spec.model().inLen();
        // a request: the input window before the test split's last origin, plus a day of rows before it
        int end = data.layout().end(Split.TEST) - spec.model().outLen();
        int rows = Math.min(end, in + 24);
        byte[] body = data.table().toCsv(end - rows, end).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        double batchRate;
        try (RunAnalysis warm = RunAnalysis.open(runDir, "cpu")) {
            warm.testForecasts(); // the engine started and warmed; the timed pass is a second model's first
        }
        try (RunAnalysis a = RunAnalysis.open(runDir, "cpu")) {
            long t0 = System.nanoTime();
            int windows = (int) a.testForecasts().windows().size();
            batchRate = windows / ((System.nanoTime() - t0) / 1e9);
        }
        int threads = clients.stream().mapToInt(Integer::intValue).max().orElse(1);
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(Math.max(2, threads))).build();
        List<Level> levels = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        // each level without batching and with it: whether one pass for many waiting requests is faster, measured
        for (int maxBatch : List.of(1, 32)) {
            try (ForecastServer server = ForecastServer.start(List.of(runDir), "127.0.0.1", 0,
                    Math.max(threads, Runtime.getRuntime().availableProcessors()), pool, ForecastServer.DEFAULT_MAX_BODY,
                    maxBatch)) {
                URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/forecast");
                HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                level(client, request, Math.min(4, threads), maxBatch, Math.min(2, seconds)); // warm-up
                for (int c : clients) {
                    levels.add(level(client, request, c, maxBatch, seconds));
                }
                if (maxBatch > 1) {
                    for (long sent = 0; sent < memoryRequests; sent += 1000) {
                        burst(client, request, Math.min(8, threads), (int) Math.min(1000, memoryRequests - sent));
                        rss.add(Machine.rssMb());
                        heap.add(MemoryTrend.liveHeapMb());
                    }
                }
            }
        }
        return new Result(runDir.toString(), rows, pool, batchRate, levels, memoryRequests, rss, slope(rss), heap,
                slope(heap));
    }

    /** {@code clients} clients, each sending requests one after another for {@code seconds}. */
    private static Level level(HttpClient client, HttpRequest request, int clients, int maxBatch, double seconds)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long t0 = System.nanoTime();
        List<Future<long[]>> done = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            done.add(pool.submit(() -> {
                List<Long> times = new ArrayList<>();
                long errors = 0;
                while (System.nanoTime() < deadline) {
                    long s = System.nanoTime();
                    if (send(client, request) != 200) {
                        errors++;
                    }
                    times.add(System.nanoTime() - s);
                }
                long[] out = new long[times.size() + 1];
                out[0] = errors;
                for (int k = 0; k < times.size(); k++) {
                    out[k + 1] = times.get(k);
                }
                return out;
            }));
        }
        List<Long> all = new ArrayList<>();
        long errors = 0;
        for (Future<long[]> f : done) {
            try {
                long[] r = f.get();
                errors += r[0];
                for (int k = 1; k < r.length; k++) {
                    all.add(r[k]);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a client failed: " + e.getCause(), e.getCause());
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Level(clients, maxBatch, sorted.length, wall, sorted.length / wall, percentile(sorted, 0.5) / 1e6,
                percentile(sorted, 0.99) / 1e6, errors);
    }

    /** {@code count} requests spread over {@code clients} clients. */
    private static void burst(HttpClient client, HttpRequest request, int clients, int count)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(count);
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    send(client, request);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.HOURS);
    }

    private static int send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /** Least-squares slope per sample (1,000 requests) over the samples after the first quarter. */
    static double slope(List<Double> samples) {
        return MemoryTrend.slope(samples.subList(samples.size() / 4, samples.size()).stream()
                .mapToDouble(Double::doubleValue).toArray());
    }
}
