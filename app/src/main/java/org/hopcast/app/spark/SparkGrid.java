package org.hopcast.app.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.hopcast.forecasting.run.machine.Machine;
import org.hopcast.forecasting.service.RefitJob;
import org.hopcast.forecasting.study.CellJob;
import org.hopcast.forecasting.study.CellResult;
import org.hopcast.forecasting.study.Grid;
import org.hopcast.forecasting.study.GridRun;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.forecasting.train.TrainingProgress;

/**
 * Runs a grid's cells as Spark tasks, one cell per task: {@code local[N]} (Spark embedded in this JVM; its
 * jars come with the build), {@code spark://HOST:PORT} (a standalone cluster, this process its driver) or, under
 * {@code spark-submit}, whatever master the cluster gives. Each task runs {@link CellJob}, so a cell is trained,
 * resumed and written exactly as in-process; a task that dies (a killed executor) is retried by Spark and
 * resumes its cell from the checkpoint. Every executor must see the output folder.
 */
public final class SparkGrid implements GridRun.Runner {
    private final String master;
    private final int threadsPerCell;
    private final Map<String, String> extraConf;
    private final Consumer<String> progress;

    /**
     * @param master the Spark master URL, or null to take it from spark-submit's configuration
     * @param threadsPerCell libtorch threads (and Spark task cpus) per cell
     * @param extraConf more Spark settings ({@code --conf} pairs)
     * @param progress receives a line about cells done and running every few seconds
     */
    public SparkGrid(String master, int threadsPerCell, Map<String, String> extraConf, Consumer<String> progress) {
        this.master = master;
        this.threadsPerCell = threadsPerCell;
        this.extraConf = extraConf;
        this.progress = progress;
    }

    @Override
    public String describe() {
        return "on Spark " + (master == null ? "(spark-submit)" : master) + ", " + threadsPerCell
                + " thread(s) per cell";
    }

    /** The settings a Hopcast grid needs from Spark; the caller's {@code --conf} pairs override them. */
    SparkConf conf() {
        SparkConf c = new SparkConf().setAppName("hopcast sweep");
        if (master != null) {
            c.setMaster(master);
        }
        String cores = Integer.toString(threadsPerCell);
        // one cell per executor core set: a cell trains with threadsPerCell libtorch threads and nothing beside it
        c.set("spark.task.cpus", cores);
        c.set("spark.task.maxFailures", "4");
        c.set("spark.ui.enabled", "false");
        c.set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        // the launcher's short OpenMP spin (ADR 0017) reaches the executors as it reached this driver
        String spin = System.getenv("GOMP_SPINCOUNT");
        if (spin != null) {
            c.set("spark.executorEnv.GOMP_SPINCOUNT", spin);
        }
        String djlCache = System.getenv().getOrDefault("DJL_CACHE_DIR",
                System.getProperty("user.home") + "/.hopcast/djl-cache");
        c.set("spark.executorEnv.DJL_CACHE_DIR", djlCache);
        c.set("spark.executor.extraJavaOptions", "-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=" + cores
                + " -Dai.djl.pytorch.num_interop_threads=1" + numericJvmOptions());
        if (master != null && master.startsWith("spark://")) {
            // the workers of a cluster driven from here run executors on this build's classes
            c.set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            c.set("spark.executor.cores", cores);
        }
        if (master != null && master.startsWith("local")) {
            c.set("spark.driver.host", "127.0.0.1");
            c.set("spark.driver.bindAddress", "127.0.0.1");
        }
        extraConf.forEach(c::set);
        return c;
    }

    @Override
    public List<CellResult> run(Path out, List<Grid.Cell> cells, Grid.Evaluation eval) {
        String dir = out.toAbsolutePath().toString(); // a Path does not travel to executors; a String does
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hopcast-grid-progress");
            t.setDaemon(true);
            return t;
        });
        long t0 = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> progress.accept(status(out, cells, t0)), 10, 10, TimeUnit.SECONDS);
        try (JavaSparkContext sc = new JavaSparkContext(conf())) {
            sc.setLogLevel("WARN");
            List<CellResult> results = sc.parallelize(new ArrayList<>(cells), Math.max(1, cells.size()))
                    .map(cell -> runCell(dir, cell, eval))
                    .collect();
            progress.accept(status(out, cells, t0));
            return results;
        } finally {
            ticker.shutdownNow();
        }
    }

    /**
     * A backtest's refits as Spark tasks, one refit per task, on the same settings as a grid's cells: a refit is a
     * training as a cell is. The refit folders must be seen by every executor.
     */
    public RefitJob.Trainer refits() {
        return new RefitJob.Trainer() {
            @Override
            public void train(List<RefitJob> jobs, TrainingListener listener, BooleanSupplier cancelled) {
                try (JavaSparkContext sc = new JavaSparkContext(conf().setAppName("hopcast backtest"))) {
                    sc.setLogLevel("WARN");
                    List<String> done = sc.parallelize(new ArrayList<>(jobs), jobs.size()).map(SparkGrid::runRefit)
                            .collect();
                    done.forEach(listener::onMessage);
                }
            }

            @Override
            public String describe() {
                return SparkGrid.this.describe();
            }
        };
    }

    /** One refit task: static, so that the function Spark ships holds nothing but the job. */
    private static String runRefit(RefitJob job) {
        job.train(new TrainingListener() {
        }, () -> false);
        return "  trained " + job.dir();
    }

    /** One task: static, so that the function Spark ships holds nothing but the folder and the evaluations. */
    private static CellResult runCell(String dir, Grid.Cell cell, Grid.Evaluation evaluate) {
        return CellJob.run(Path.of(dir), cell, evaluate, new TrainingListener() {
        }, () -> false);
    }

    /**
     * Cells done (their result written) and started (their run directory exists), read from the shared folder,
     * with an ETA from the pace of the cells finished so far.
     */
    static String status(Path out, List<Grid.Cell> cells, long t0) {
        int done = 0;
        int started = 0;
        for (Grid.Cell c : cells) {
            Path d = CellJob.dir(out, c);
            if (Files.isRegularFile(d.resolve(CellJob.RESULT))) {
                done++;
            } else if (Files.isDirectory(d)) {
                started++;
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        double eta = done == 0 ? Double.NaN : elapsed / done * (cells.size() - done);
        return String.format(Locale.ROOT, "grid: %d of %d cells done, %d running, %.0f s, ETA %s", done, cells.size(),
                started, elapsed, TrainingProgress.duration(eta));
    }

    /** Whether {@code dir} plainly is not shared by a cluster's machines (relative, or under /tmp). */
    public static boolean plainlyLocal(Path dir) {
        return !dir.isAbsolute() || dir.toAbsolutePath().normalize().startsWith(File.separator + "tmp");
    }

    /**
     * What an executor needs to compute what this driver computes, so that a study's cell matches the same run
     * trained alone: the Vector API when the driver resolved it (ADR 0018), and the numeric choices set here.
     */
    static String numericJvmOptions() {
        StringBuilder options = new StringBuilder();
        Machine.vectorModule().ifPresent(module -> options.append(" --add-modules=").append(module));
        Machine.numericProperties().forEach((key, value) -> options.append(" -D").append(key).append('=').append(value));
        return options.toString();
    }
}
