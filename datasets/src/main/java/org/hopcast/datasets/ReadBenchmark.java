package org.hopcast.datasets;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Times reading a series file end to end (bytes to a validated {@link SeriesTable}) and measures the bytes
 * allocated per cell on the reading thread, after warm-up. Used by {@code hopcast bench data}.
 */
public final class ReadBenchmark {
    /**
     * @param source what was read
     * @param rows data rows
     * @param columns value columns
     * @param iterations measured reads
     * @param medianMillis median wall time of one read
     * @param minMillis fastest read
     * @param allocatedBytesPerCell heap bytes allocated per value cell during one read (median), or -1 when the
     *        JVM cannot tell
     * @param megabytesPerSecond file size over the median time, or -1 when the size is unknown
     */
    public record Result(String source, int rows, int columns, int iterations, double medianMillis, double minMillis,
            double allocatedBytesPerCell, double megabytesPerSecond) {
        /** As {@code bench read --json} prints it. */
        public java.util.Map<String, Object> toJson() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("source", source);
            m.put("rows", rows);
            m.put("columns", columns);
            m.put("iterations", iterations);
            m.put("median_ms", medianMillis);
            m.put("min_ms", minMillis);
            m.put("allocated_bytes_per_cell", allocatedBytesPerCell);
            m.put("mb_per_s", megabytesPerSecond);
            return m;
        }
    }

    private ReadBenchmark() {
    }

    public static Result run(SeriesSource source, ReadOptions options, int warmup, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1");
        }
        SeriesTable table = null;
        for (int i = 0; i < warmup; i++) {
            table = SeriesCsvReader.read(source, options);
        }
        com.sun.management.ThreadMXBean threads = allocationCounter();
        long tid = Thread.currentThread().getId();
        double[] millis = new double[iterations];
        double[] bytes = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long a0 = threads != null ? threads.getThreadAllocatedBytes(tid) : 0;
            long t0 = System.nanoTime();
            table = SeriesCsvReader.read(source, options);
            long t1 = System.nanoTime();
            long a1 = threads != null ? threads.getThreadAllocatedBytes(tid) : 0;
            millis[i] = (t1 - t0) / 1e6;
            bytes[i] = a1 - a0;
        }
        long cells = (long) table.rows() * table.columnCount();
        double median = median(millis);
        double perCell = threads != null ? median(bytes) / cells : -1;
        double mbps = -1;
        if (source.path().isPresent()) {
            try {
                mbps = java.nio.file.Files.size(source.path().get()) / 1e6 / (median / 1000);
            } catch (java.io.IOException e) {
                mbps = -1;
            }
        }
        return new Result(source.name(), table.rows(), table.columnCount(), iterations, median,
                Arrays.stream(millis).min().orElse(median), perCell, mbps);
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean sun && sun.isThreadAllocatedMemorySupported()) {
            sun.setThreadAllocatedMemoryEnabled(true);
            return sun;
        }
        return null;
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN; // no timing: no index -1
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
