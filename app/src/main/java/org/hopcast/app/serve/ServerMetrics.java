package org.hopcast.app.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * What {@code GET /metrics} reports, in Prometheus' text exposition format: requests by endpoint and status, a latency
 * histogram by endpoint, errors (any status but 200), and the models loaded. Safe for concurrent requests.
 */
final class ServerMetrics {
    /** Upper bounds of the latency buckets, seconds. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final class Latency {
        final AtomicLong[] buckets = new AtomicLong[BUCKETS.length];
        final AtomicLong count = new AtomicLong();
        final DoubleAdder sum = new DoubleAdder();

        Latency() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new AtomicLong();
            }
        }
    }

    private final Map<String, AtomicLong> requests = new TreeMap<>();
    private final Map<String, Latency> latency = new TreeMap<>();
    private final AtomicLong errors = new AtomicLong();

    /** Counts one answered request. */
    void record(String endpoint, int status, double seconds) {
        AtomicLong n;
        Latency l;
        synchronized (this) {
            n = requests.computeIfAbsent(endpoint + "\u0000" + status, k -> new AtomicLong());
            l = latency.computeIfAbsent(endpoint, k -> new Latency());
        }
        n.incrementAndGet();
        if (status != 200) {
            errors.incrementAndGet();
        }
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                l.buckets[i].incrementAndGet();
            }
        }
        l.count.incrementAndGet();
        l.sum.add(seconds);
    }

    /** The exposition text, {@code models} the models loaded. */
    synchronized String text(int models) {
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP hopcast_requests_total Requests answered, by endpoint and status.\n");
        sb.append("# TYPE hopcast_requests_total counter\n");
        requests.forEach((k, v) -> {
            String[] p = k.split("\u0000");
            sb.append("hopcast_requests_total{endpoint=\"").append(p[0]).append("\",status=\"").append(p[1])
                    .append("\"} ").append(v.get()).append('\n');
        });
        sb.append("# HELP hopcast_request_seconds Time from a request's arrival to its answer.\n");
        sb.append("# TYPE hopcast_request_seconds histogram\n");
        latency.forEach((endpoint, l) -> {
            for (int i = 0; i < BUCKETS.length; i++) {
                sb.append("hopcast_request_seconds_bucket{endpoint=\"").append(endpoint).append("\",le=\"")
                        .append(number(BUCKETS[i])).append("\"} ").append(l.buckets[i].get()).append('\n');
            }
            sb.append("hopcast_request_seconds_bucket{endpoint=\"").append(endpoint).append("\",le=\"+Inf\"} ")
                    .append(l.count.get()).append('\n');
            sb.append("hopcast_request_seconds_sum{endpoint=\"").append(endpoint).append("\"} ")
                    .append(number(l.sum.sum())).append('\n');
            sb.append("hopcast_request_seconds_count{endpoint=\"").append(endpoint).append("\"} ").append(l.count.get())
                    .append('\n');
        });
        sb.append("# HELP hopcast_errors_total Requests answered with another status than 200.\n");
        sb.append("# TYPE hopcast_errors_total counter\n");
        sb.append("hopcast_errors_total ").append(errors.get()).append('\n');
        sb.append("# HELP hopcast_models_loaded Models being served.\n");
        sb.append("# TYPE hopcast_models_loaded gauge\n");
        sb.append("hopcast_models_loaded ").append(models).append('\n');
        return sb.toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%s", v);
    }
}
