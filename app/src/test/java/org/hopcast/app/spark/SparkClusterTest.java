package org.hopcast.app.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.hopcast.app.HopcastCli;
import org.hopcast.forecasting.study.CellJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on this machine: a Master and two Workers (one core each) as separate JVMs bound
 * to 127.0.0.1, started from the Spark classes on the test classpath (the Workers launch their executors from a
 * SPARK_HOME whose jars/ links to the Maven jars). The same grid gives the same leaderboard as in-process; an
 * executor killed while its cell trains costs a resume, not a cell. Every process the test started is stopped by
 * its own handle.
 */
class SparkClusterTest {
    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverythingStarted() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : started) {
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SPARK_HOME for the Workers: jars/ holds links to every jar of this classpath. */
    private Path sparkHome() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("spark-home"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        return home;
    }

    private Process jvm(Path log, Path sparkHome, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dorg.slf4j.simpleLogger.log.org.apache.spark=info", "-cp",
                System.getProperty("java.class.path")));
        cmd.addAll(List.of(System.getProperty("hopcast.test.spark.java.options", "").split(" ")).stream()
                .filter(s -> !s.isBlank()).toList());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_SCALA_VERSION", "2.13");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static void await(java.util.function.BooleanSupplier condition, int seconds, String what)
            throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
            Thread.sleep(200);
        }
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aGridOnTwoWorkersMatchesInProcessAndSurvivesAKilledExecutor() throws Exception {
        Path home = sparkHome();
        int port = freePort();
        Path masterLog = tmp.resolve("master.log");
        jvm(masterLog, home, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(freePort()));
        await(() -> read(masterLog).contains("I have been elected leader"), 60, "the Master");
        List<Process> workers = new ArrayList<>();
        for (int w = 1; w <= 2; w++) {
            Path wlog = tmp.resolve("worker" + w + ".log");
            workers.add(jvm(wlog, home, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
                    "1", "--memory", "2g", "--webui-port", Integer.toString(freePort()), "--work-dir",
                    Files.createDirectories(tmp.resolve("work" + w)).toString(), "spark://127.0.0.1:" + port));
        }
        await(() -> read(masterLog).split("Registering worker", -1).length - 1 >= 2, 60, "two Workers");

        Path grid = tmp.resolve("grid.yaml");
        // two cells, long enough (several epochs, a checkpoint each) to kill one executor in the middle
        Files.writeString(grid, String.join("\n", "split: rows:600,200,200", "in_len: 24", "out_len: 12", "seg_len: 6",
                "d_model: 16", "d_ff: 32", "heads: 2", "e_layers: 1", "factor: 3", "batch_size: 16", "lr: 3e-3",
                "epochs: 6", "patience: 6", "device: cpu", "separation: [softmax, softmax_1]", ""));
        Path inProcess = tmp.resolve("in-process");
        assertEquals(0, HopcastCli.run(new String[] {"sweep", "--grid", grid.toString(), "--out",
            inProcess.toString()}, sink(), sink()));

        // every worker runs on this machine, so a local folder is shared (the checkout may well be under /tmp)
        Path out = Files.createDirectories(tmp.resolve("cluster-out")).toAbsolutePath();
        Thread killer = new Thread(() -> killOneExecutorWhileItsCellTrains(out, workers.get(0)), "killer");
        killer.setDaemon(true);
        killer.start();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = HopcastCli.run(new String[] {"sweep", "--grid", grid.toString(), "--out", out.toString(),
            "--spark-master", "spark://127.0.0.1:" + port, "--local-output-ok", "--json"}, sink(),
            new java.io.PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        killer.join(5_000);
        assertEquals(Files.readString(inProcess.resolve("leaderboard.csv")), Files.readString(
                out.resolve("leaderboard.csv")), "the same cells, the same numbers, on the cluster");
        JsonObject board = JsonParser.parseString(Files.readString(out.resolve("leaderboard.json")))
                .getAsJsonObject();
        long resumed = 0;
        for (var c : board.getAsJsonArray("cells")) {
            assertTrue(c.getAsJsonObject().get("error").isJsonNull(), c.toString());
            resumed += c.getAsJsonObject().get("resumed").getAsBoolean() ? 1 : 0;
        }
        assertEquals(1, resumed, "the killed cell resumed from its checkpoint; the other ran through");
        try (var cells = Files.list(out.resolve("cells"))) {
            for (Path cell : cells.toList()) {
                assertTrue(Files.isRegularFile(cell.resolve(CellJob.RESULT)), cell + " is complete");
            }
        }
    }

    /** Waits until both cells are mid-training (a checkpoint, no result), then kills worker 1's executor JVM. */
    private static void killOneExecutorWhileItsCellTrains(Path out, Process worker) {
        try {
            await(() -> {
                try (var cells = Files.list(out.resolve("cells"))) {
                    List<Path> all = cells.toList();
                    return all.size() == 2 && all.stream().allMatch(c -> Files.exists(c.resolve("checkpoint.params"))
                            && !Files.exists(c.resolve(CellJob.RESULT)));
                } catch (IOException e) {
                    return false;
                }
            }, 300, "both cells to be training");
            // ProcessHandle's command line stops at 4096 characters, before the main class of a long classpath
            List<ProcessHandle> executors = worker.descendants().filter(h -> read(Path.of("/proc",
                    Long.toString(h.pid()), "cmdline")).contains("CoarseGrainedExecutorBackend")).toList();
            assertEquals(1, executors.size(), "worker 1 runs one executor");
            executors.get(0).destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.io.PrintWriter sink() {
        return new java.io.PrintWriter(java.io.Writer.nullWriter());
    }
}
