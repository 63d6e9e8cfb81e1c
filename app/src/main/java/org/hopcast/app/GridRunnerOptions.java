package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.hopcast.app.spark.SparkGrid;
import org.hopcast.forecasting.service.RefitJob;
import org.hopcast.forecasting.study.GridRun;

import picocli.CommandLine.Option;

/** Where the trainings of a multi-run job (sweep, compare, a backtest's refits) run: here, or on Apache Spark. */
final class GridRunnerOptions {
    @Option(names = "--spark-master", paramLabel = "MASTER", description = "Run the cells on Apache Spark:"
            + " local[N] (embedded, nothing to install), spark://HOST:7077 (a standalone cluster, this process its"
            + " driver). The output folder must be one every executor sees (a shared mount on a cluster).")
    String sparkMaster;

    @Option(names = "--threads-per-cell", paramLabel = "N", defaultValue = "1", description = "With Spark:"
            + " libtorch threads and task cpus per cell (default ${DEFAULT-VALUE}).")
    int threadsPerCell;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable), e.g."
            + " spark.executor.memoryOverhead=4g.")
    Map<String, String> conf = new LinkedHashMap<>();

    @Option(names = "--local-output-ok", description = "Allow a cluster run to write into a folder that looks"
            + " local to this machine (relative, or under /tmp): right only when every worker runs here.")
    boolean localOutputOk;

    /** Whether the cells go to Spark: asked for, or started by spark-submit (which sets spark.master). */
    boolean spark() {
        return sparkMaster != null || conf.containsKey("spark.master") || System.getProperty("spark.master") != null;
    }

    /**
     * The runner for cells written into {@code out}: Spark when asked (after checking that a cluster can see
     * {@code out}), else one cell after another here, each with a progress bar on {@code err}.
     */
    GridRun.Runner runner(Path out, PrintWriter err, BooleanSupplier cancelled) {
        if (!spark()) {
            return GridRun.inProcess(c -> ProgressBar.onStderr(err, c.id()), cancelled, line -> {
                err.println(line);
                err.flush();
            });
        }
        return sparkGrid(out, err);
    }

    /** Where a backtest's refits (written into {@code out}) are trained: Spark when asked, else one after another. */
    RefitJob.Trainer refits(Path out, PrintWriter err) {
        return spark() ? sparkGrid(out, err).refits() : RefitJob.IN_PROCESS;
    }

    private SparkGrid sparkGrid(Path out, PrintWriter err) {
        Consumer<String> progress = line -> {
            err.println(line);
            err.flush();
        };
        if (threadsPerCell < 1) {
            throw new HopcastCli.UserError("--threads-per-cell must be at least 1");
        }
        if (sparkMaster != null && !sparkMaster.startsWith("local") && SparkGrid.plainlyLocal(out) && !localOutputOk) {
            throw new HopcastCli.UserError("--out " + out + " looks local to this machine (relative, or under /tmp),"
                    + " but the executors of " + sparkMaster + " must all see it: give a folder on a shared mount, or"
                    + " --local-output-ok when every worker runs on this machine");
        }
        return new SparkGrid(sparkMaster, threadsPerCell, conf, progress);
    }
}
