package org.hopcast.app;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import org.hopcast.datasets.DataException;
import org.hopcast.datasets.DatasetRegistry;
import org.hopcast.datasets.ReadBenchmark;
import org.hopcast.datasets.ReadOptions;
import org.hopcast.datasets.SeriesSource;
import org.hopcast.forecasting.bench.GridMemoryBenchmark;
import org.hopcast.forecasting.bench.InferBenchmark;
import org.hopcast.forecasting.bench.MemoryBenchmark;
import org.hopcast.forecasting.bench.SeparationTimings;
import org.hopcast.forecasting.bench.TrainBenchmark;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.machine.Machine;
import org.hopcast.forecasting.study.Grid;
import org.hopcast.hopfield.separation.SeparationBenchmark;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast bench ...}: benchmarks reported as figures of one run, never as pass/fail tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Speed and memory benchmarks (data loading,"
        + " separation functions, training steps, forecasts), reported as ratios measured in one run. For the"
        + " forecast-quality table of the papers' datasets, see 'hopcast benchmark'.",
        subcommands = {BenchCommand.Data.class, BenchCommand.SeparationBench.class, BenchCommand.TrainBench.class,
                BenchCommand.InferBench.class, BenchCommand.ServeBench.class,
                BenchCommand.GridBench.class, BenchCommand.MemoryBench.class})
final class BenchCommand {

    /** {@code hopcast bench data}: how fast a series file is read. */
    @Command(name = "data", mixinStandardHelpOptions = true,
            description = "Time reading a series file (default: ETTm1 when found in a data folder, else the"
                    + " built-in ETTh1) and measure the heap bytes allocated per cell.")
    static final class Data implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--input", paramLabel = "FILE", description = "The file to read.")
        java.nio.file.Path input;

        @Option(names = "--dataset", paramLabel = "NAME", description = "A known dataset to read.")
        String dataset;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Extra folder to look for datasets in.")
        List<java.nio.file.Path> dataDirs = new java.util.ArrayList<>();

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Unmeasured reads first.")
        int warmup;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "10", description = "Measured reads.")
        int iterations;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            if (iterations < 1 || warmup < 0) {
                throw new HopcastCli.UserError("--iterations must be at least 1 and --warmup at least 0");
            }
            SeriesSource source;
            if (input != null) {
                source = SeriesSource.file(input);
            } else if (dataset != null) {
                source = DatasetRegistry.locate(dataset, dataDirs);
            } else {
                try {
                    source = DatasetRegistry.locate("ETTm1", dataDirs);
                } catch (DataException e) {
                    source = DatasetRegistry.builtIn();
                }
            }
            ReadBenchmark.Result r = ReadBenchmark.run(source, ReadOptions.defaults(), warmup, iterations);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.line(r.toJson()));
            } else {
                out.printf("Read %s: %d rows x %d series%n", r.source(), r.rows(), r.columns());
                out.printf("  median %.1f ms, fastest %.1f ms over %d reads (after %d warm-up)%n", r.medianMillis(),
                        r.minMillis(), r.iterations(), warmup);
                if (r.megabytesPerSecond() > 0) {
                    out.printf("  %.1f MB/s%n", r.megabytesPerSecond());
                }
                if (r.allocatedBytesPerCell() >= 0) {
                    out.printf("  %.1f heap bytes allocated per cell (the parser's cell text included;"
                            + " values are stored unboxed, 8 bytes per cell)%n", r.allocatedBytesPerCell());
                }
            }
            return 0;
        }
    }

    /** {@code hopcast bench separation}: the separation functions' cost and accuracy. */
    @Command(name = "separation", mixinStandardHelpOptions = true,
            description = "Time forward + backward of every separation function on the paper configuration's"
                    + " attention shapes (896,4,14,14) and (1792,4,7,7), float32, in one run; print milliseconds,"
                    + " the ratio to softmax and the max abs deviation from a float64 reference (50-pass"
                    + " bisection for alpha-entmax).")
    static final class SeparationBench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "Unmeasured runs first.")
        int warmup;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "15", description = "Measured runs.")
        int iterations;

        @Option(names = "--shape", paramLabel = "B,H,L,S", split = ";",
                description = "Score shapes to time instead of the paper's (repeatable, e.g. 64,4,14,14).")
        List<String> shapes;

        @Option(names = "--json", description = "Print a JSON array of {name, ms, ratio_to_softmax, max_abs_err}.")
        boolean json;

        @Override
        public Integer call() {
            if (iterations < 1 || warmup < 0) {
                throw new HopcastCli.UserError("--iterations must be at least 1 and --warmup at least 0");
            }
            SeparationTimings.Result result = SeparationTimings.run(shapes == null ? null
                    : shapes.stream().map(BenchCommand::parseShape).toList(), warmup, iterations, 42);
            List<SeparationBenchmark.Row> rows = result.rows();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.line(result.toJson()));
            } else {
                out.printf("Forward + backward, float32, shapes %s, median of %d (threads: %s; alpha-entmax by %s)%n",
                        result.shapes(), iterations, Machine.threads(), Machine.alphaEntmax());
                out.printf("%-58s %10s %10s %12s%n", "function", "ms", "x softmax", "max abs err");
                for (SeparationBenchmark.Row r : rows) {
                    out.printf("%-58s %10.2f %10.2f %12.2e%n", r.name(), r.millis(), r.ratioToSoftmax(),
                            r.maxAbsError());
                }
                out.printf("alpha-entmax at alpha = %.4f%n", result.alpha());
            }
            return 0;
        }
    }

    /** {@code hopcast bench train}: seconds per training step and peak memory. */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Seconds per training step (forward, backward, clipping, Adam) of a preset at its batch size"
                    + " on random data, after warm-up, median of several steps; and the peak resident memory.")
    static final class TrainBench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ModelBench bench;

        @Option(names = "--series", paramLabel = "N", defaultValue = "7", description = "Series (default 7, as ETTh1).")
        int series;

        @Option(names = "--warmup", paramLabel = "N", defaultValue = "2", description = "Unmeasured steps first.")
        int warmup;

        @Option(names = "--steps", paramLabel = "N", defaultValue = "5", description = "Measured steps.")
        int steps;

        @Override
        public Integer call() {
            if (steps < 1 || warmup < 0 || series < 1 || bench.batch < 0) {
                throw new HopcastCli.UserError("--steps and --series must be at least 1, --warmup and --batch-size"
                        + " at least 0");
            }
            TrainBenchmark.Result r;
            try {
                r = TrainBenchmark.run(bench.preset, bench.batch, series, warmup, steps, bench.device);
            } catch (IllegalArgumentException e) {
                throw new HopcastCli.UserError(e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (bench.json) {
                out.println(Json.line(r.toJson()));
            } else {
                out.printf("%s: batch %d, %d series, %,d parameters, %s, threads %s%n", r.preset(), r.batch(),
                        r.series(), r.params(), r.device(), Machine.threads());
                out.printf("  %s%n", Machine.summary());
                out.printf("  %.3f s per training step (median of %d; all: %s)%n", r.stepSeconds(),
                        r.allStepSeconds().size(), r.allStepSeconds().stream().map(v -> String.format("%.2f", v)).toList());
                out.printf("  %.3f s GEMM floor (the step's matrix products alone, forward and backward): efficiency"
                        + " %.2f%n", r.floorSeconds(), r.efficiency());
                out.printf("  %.3f s per forward pass alone%n", r.forwardSeconds());
                out.printf("  dropout masks drawn by %s%n", r.dropoutMasks());
                printBreakdown(out, r.stepSeconds(), r.breakdown());
                out.printf("  peak resident memory %.0f MiB; %+.1f MiB more resident per measured step (memory a"
                        + " long run accumulates)%n", r.peakRssMb(), r.rssGrowthMbPerStep());
            }
            return 0;
        }
    }

    /** {@code hopcast bench infer}: seconds to forecast a whole test split, against the GEMM floor. */
    @Command(name = "infer", mixinStandardHelpOptions = true,
            description = "Seconds to forecast every window of the built-in ETTh1's test split (2,857 windows at"
                    + " 168->24) with a model of a preset's size, as evaluate does; windows per second, the GEMM floor"
                    + " (the forecasts' matrix products alone) and efficiency = floor / time, peak memory.")
    static final class InferBench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ModelBench bench;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Measured runs over the"
                + " split (default ${DEFAULT-VALUE}; the median is reported).")
        int repeats;

        @Override
        public Integer call() {
            if (repeats < 1 || bench.batch < 0) {
                throw new HopcastCli.UserError("--repeats must be at least 1 and --batch-size at least 0");
            }
            InferBenchmark.Result r;
            try {
                r = InferBenchmark.run(bench.preset, bench.batch, repeats, bench.device);
            } catch (IllegalArgumentException e) {
                throw new HopcastCli.UserError(e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (bench.json) {
                out.println(Json.line(r.toJson()));
            } else {
                out.printf("%s: %,d test windows in batches of %d, %,d parameters, %s, threads %s%n", r.preset(),
                        r.windows(), r.batch(), r.params(), r.device(),
                        Machine.threads());
                out.printf("  %s%n", Machine.summary());
                out.printf("  %.2f s for the whole split (median of %d; all: %s): %.0f windows/s, %.2f ms per window%n",
                        r.seconds(), r.allSeconds().size(),
                        r.allSeconds().stream().map(v -> String.format("%.2f", v)).toList(), r.windowsPerSecond(),
                        1000 / r.windowsPerSecond());
                out.printf("  %.2f s GEMM floor (the matrix products alone): efficiency %.2f%n", r.floorSeconds(),
                        r.efficiency());
                out.printf("  %.2f s in separation functions alone%n", r.separationSeconds());
                out.printf("  peak resident memory %.0f MiB%n", r.peakRssMb());
            }
            return 0;
        }
    }

    /** What the model benchmarks (train, infer) share: which model, at which batch, on which device. */
    static final class ModelBench {
        @Option(names = "--preset", paramLabel = "NAME", defaultValue = "etth1-paper", description = "Preset (default"
                + " ${DEFAULT-VALUE}).")
        String preset;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "0", description = "Batch (default: the"
                + " preset's, which training and evaluate use).")
        int batch;

        @Option(names = "--device", paramLabel = "D", defaultValue = "auto", description = "auto, cpu or gpu.")
        String device;

        @Option(names = "--json", description = "Print one JSON object: the timings, floor_seconds, efficiency,"
                + " peak_rss_mb, allocator, cpu, ...")
        boolean json;
    }

    static void printBreakdown(PrintWriter out, double step, TrainBenchmark.Breakdown b) {
        out.println("  where a step goes (each part timed alone on the traced shapes):");
        String row = "    %-44s %8.3f s  %5.1f%%%n";
        out.printf(row, "matrix products (forward + backward)", b.matrixProducts(), 100 * b.matrixProducts() / step);
        out.printf(row, "separation functions (forward + backward)", b.separation(), 100 * b.separation() / step);
        out.printf(row, "layer norms (forward + backward)", b.layerNorms(), 100 * b.layerNorms() / step);
        out.printf(row, "dropout (forward + backward)", b.dropout(), 100 * b.dropout() / step);
        out.printf(row, "optimizer (clipping, Adam, zeroing)", b.optimizer(), 100 * b.optimizer() / step);
        out.printf(row, "other (elementwise, reshapes, autograd)", b.other(), 100 * b.other() / step);
        out.printf("    of all the above, kernel time (fresh memory) %.3f s, %,.0f page faults per step%n", b.kernel(),
                b.pageFaults());
    }

    static long[] parseShape(String text) {
        String[] parts = text.split(",");
        long[] dims = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                dims[i] = Long.parseLong(parts[i].trim());
                if (dims[i] < 1) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new HopcastCli.UserError("--shape '" + text + "' must be positive whole numbers separated by commas");
        }
        return dims;
    }

    /** {@code hopcast bench serve}: a served run's latency and throughput beside its batch rate, and its memory. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve a run on 127.0.0.1 in this process and measure forecast requests: latency (p50, p99)"
                    + " and throughput at each number of concurrent clients, beside the model's batch rate over its test"
                    + " split in the same run; then resident memory every 1,000 requests and its slope after warm-up.")
    static final class ServeBench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "The run to serve.")
        java.nio.file.Path run;

        @Option(names = "--clients", paramLabel = "N,N", split = ",", defaultValue = "1,8,32",
                description = "Concurrent clients per level (default ${DEFAULT-VALUE}).")
        List<Integer> clients;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "Seconds per level.")
        double seconds;

        @Option(names = "--pool", paramLabel = "K", description = "Copies of the model (default: as serve's).")
        Integer pool;

        @Option(names = "--memory-requests", paramLabel = "N", defaultValue = "20000",
                description = "Requests sent while sampling resident memory (0: none).")
        long memoryRequests;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (clients.stream().anyMatch(c -> c < 1) || seconds <= 0 || memoryRequests < 0
                    || (pool != null && pool < 1)) {
                throw new HopcastCli.UserError("--clients, --seconds and --pool must be positive, --memory-requests"
                        + " at least 0");
            }
            int k = pool != null ? pool : org.hopcast.app.serve.ForecastServer.defaultPool();
            org.hopcast.app.serve.ServeBenchmark.Result r = org.hopcast.app.serve.ServeBenchmark.run(run, clients,
                    seconds, k, memoryRequests);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("result", r);
                m.putAll(Machine.json());
                out.println(Json.line(m));
                return 0;
            }
            out.printf("Served %s (%d copies), requests of %d rows; batch rate over its test split %.0f windows/s%n",
                    r.run(), r.pool(), r.inputRows(), r.batchWindowsPerSecond());
            out.println("clients  batched  requests/s  p50 ms  p99 ms  errors  of the batch rate");
            for (var l : r.levels()) {
                out.printf("%7d  %7s  %10.1f  %6.2f  %6.2f  %6d  %5.1f%%%n", l.clients(),
                        l.maxBatch() > 1 ? "<=" + l.maxBatch() : "no", l.requestsPerSecond(),
                        l.p50Millis(), l.p99Millis(), l.errors(), 100 * l.requestsPerSecond() / r.batchWindowsPerSecond());
            }
            if (!r.rssMb().isEmpty()) {
                out.printf("resident memory over %,d requests: %.0f MiB first, %.0f MiB last; slope after warm-up"
                        + " %+.2f MiB per 1,000 requests%n", r.memoryRequests(), r.rssMb().get(0),
                        r.rssMb().get(r.rssMb().size() - 1), r.rssSlopeMbPer1000());
                out.printf("Java heap in use after a full collection: %.0f MiB first, %.0f MiB last; slope %+.2f MiB per"
                        + " 1,000 requests%n", r.heapMb().get(0), r.heapMb().get(r.heapMb().size() - 1),
                        r.heapSlopeMbPer1000());
            }
            return 0;
        }
    }

    /** {@code hopcast bench grid}: what a process that trains cells one after another keeps between them. */
    @Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train a grid file's cells one after another in this process (in-process, or Spark's"
                    + " local[N], whose executor is this process) and measure what it keeps between them: resident"
                    + " memory and the live Java heap after each cell, the peak while it ran, and their slope per cell"
                    + " after the first.",
                "Example: a grid file {preset: etth1-24, dataset: ETTh1, max-steps: 40, seed: [1, 2, 3, 4, 5, 6]}."})
    static final class GridBench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--grid", paramLabel = "FILE", required = true, description = "YAML or JSON grid file.")
        java.nio.file.Path gridFile;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "A new output folder.")
        java.nio.file.Path out;

        @Mixin
        GridRunnerOptions where;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            Grid grid = ConfigFile.grid(gridFile);
            if (where.sparkMaster != null && !where.sparkMaster.startsWith("local")) {
                throw new HopcastCli.UserError("bench grid measures this process: run the cells here or on"
                        + " --spark-master local[N], not on " + where.sparkMaster + "'s executors");
            }
            PrintWriter err = spec.commandLine().getErr();
            GridMemoryBenchmark.Result r;
            try (Cancellation cancel = new Cancellation()) {
                r = GridMemoryBenchmark.run(grid, out, where.runner(out, err, cancel),
                        line -> {
                            err.println(line);
                            err.flush();
                        });
            }
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(r.toJson());
                m.putAll(Machine.json());
                o.println(Json.line(m));
                return 0;
            }
            o.printf("%d cells %s, malloc: %s; resident before the first: %.0f MiB%n", r.cells().size(), r.where(),
                    r.allocator(), r.startRssMb());
            o.println("cell  seconds  resident MiB  peak MiB  live heap MiB  id");
            for (int i = 0; i < r.cells().size(); i++) {
                var c = r.cells().get(i);
                o.printf("%4d  %7.0f  %12.0f  %8.0f  %13.0f  %s%n", i + 1, c.seconds(), c.rssMb(), c.peakRssMb(),
                        c.heapMb(), c.id());
            }
            o.printf("slope after the first cell, MiB per cell: resident %+.1f, peak %+.1f, live heap %+.2f%n",
                    r.rssSlopeMbPerCell(), r.peakSlopeMbPerCell(), r.heapSlopeMbPerCell());
            return 0;
        }
    }

    /** {@code hopcast bench memory}: the cost of an external memory against the size of its bank. */
    @Command(name = "memory", mixinStandardHelpOptions = true,
            description = "Forecast a run's test split with an external memory over training banks of each size (0:"
                    + " the model alone): Plug-and-Play at the input and at the future, and Tune-and-Play; milliseconds"
                    + " per test batch, each mode's ratio to the model alone, the bank's size and the peak resident"
                    + " memory.")
    static final class MemoryBench implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "The trained run.")
        java.nio.file.Path run;

        @Option(names = "--sizes", paramLabel = "N,N", split = ",", defaultValue = "0,256,1024,4096,all",
                description = "Bank sizes in windows, 'all' the whole training bank (default ${DEFAULT-VALUE}).")
        List<String> sizes;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Passes per size (the"
                + " median is reported).")
        int repeats;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Override
        public Integer call() {
            List<Integer> n = new java.util.ArrayList<>();
            for (String size : sizes) {
                try {
                    n.add(size.trim().equalsIgnoreCase("all") ? -1 : Integer.parseInt(size.trim()));
                } catch (NumberFormatException e) {
                    throw new HopcastCli.UserError("--sizes: '" + size + "' is not a number of windows or 'all'");
                }
            }
            if (repeats < 1 || n.stream().anyMatch(x -> x < -1)) {
                throw new HopcastCli.UserError("--repeats must be at least 1 and --sizes at least 0");
            }
            if (!n.contains(0)) {
                n.add(0); // the model alone: what every ratio is to
            }
            MemoryBenchmark.Result r = MemoryBenchmark.run(run, n, repeats);
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>(r.toJson());
                m.putAll(Machine.json());
                o.println(Json.line(m));
                return 0;
            }
            o.printf("%s: %d test batches of %d, lambda 0.25, beta 16, alpha 1.5; x the model alone per test batch%n",
                    r.run(), r.batches(), r.batchSize());
            o.println("bank windows  bank MiB  ms per batch (pnp input)  pnp input  pnp future  tnp input"
                    + "  peak resident MiB");
            for (MemoryBenchmark.Size s : r.sizes()) {
                o.printf("%12d  %8.1f  %24.1f  %9.2f  %10.2f  %9.2f  %17.0f%n", s.bankWindows(), s.bankMb(),
                        s.msPerBatch(), s.ratioToModel(), s.futureRatioToModel(), s.tuneAndPlayRatioToModel(),
                        s.peakRssMb());
            }
            return 0;
        }
    }
}
