package org.hopcast.app;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hopcast.datasets.DataException;
import org.hopcast.datasets.DatasetRegistry;
import org.hopcast.datasets.ReadBenchmark;
import org.hopcast.datasets.ReadOptions;
import org.hopcast.datasets.SeriesSource;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast bench ...}: benchmarks reported as figures of one run, never as pass/fail tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Data.class})
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
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source", r.source());
                m.put("rows", r.rows());
                m.put("columns", r.columns());
                m.put("iterations", r.iterations());
                m.put("median_ms", r.medianMillis());
                m.put("min_ms", r.minMillis());
                m.put("allocated_bytes_per_cell", r.allocatedBytesPerCell());
                m.put("mb_per_s", r.megabytesPerSecond());
                out.println(Json.write(m));
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
}
