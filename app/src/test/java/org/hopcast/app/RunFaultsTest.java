package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into real processes, as a hostile machine would: kill -9 at each write of each run file
 * (just before the rename and just after it), a full disk, two processes on one folder. After each the run is
 * continued with the documented command and must end as the uninterrupted run of the same seed did: the same
 * epochs in its history, the same metrics to float32 noise, no temporary file left, and evaluate agreeing with
 * metrics.json. The kill points are chosen by the test: the process under test stops at the named write
 * ({@code hopcast.fault}, see AtomicFiles) and says so, and the test kills it there with SIGKILL.
 */
class RunFaultsTest {
    @TempDir
    static Path tmp;

    static final String[] TINY = {"--split", "rows:300,100,100", "--columns", "HUFL,OT", "--in-len", "24",
        "--out-len", "12", "--seg-len", "6", "--d-model", "16", "--d-ff", "32", "--heads", "2", "--e-layers", "1",
        "--factor", "3", "--batch-size", "32", "--lr", "3e-3", "--epochs", "3", "--patience", "3", "--seed", "11",
        "--device", "cpu"};

    /** What the uninterrupted run ended with. */
    static JsonArray referenceHistory;
    static double referenceMse;

    record Child(int code, String out, String err, boolean killed) {
    }

    @BeforeAll
    static void uninterrupted() throws Exception {
        Path ref = tmp.resolve("reference");
        Child c = run(null, train(ref));
        assertEquals(0, c.code(), c.err());
        referenceHistory = history(ref);
        referenceMse = metricsMse(ref);
        // epoch 0 (the default linear path's start, validated before the first step) and the three trained
        assertEquals(4, referenceHistory.size());
        assertEquals(0, referenceHistory.get(0).getAsJsonObject().get("epoch").getAsInt());
    }

    static String[] train(Path dir) {
        List<String> a = new ArrayList<>(List.of("train", "--out", dir.toString()));
        a.addAll(List.of(TINY));
        return a.toArray(new String[0]);
    }

    /** The kill points: every write of every run file of this training, before and after its rename. */
    static List<String> killPoints() {
        List<String> files = new ArrayList<>(List.of("data.json#1", "scaler.json#1", "config.json#1",
                "provenance.json#1", "status.json#1", "metrics.json#1", "forecast.csv#1", "forecast_OT.png#1"));
        for (int e = 1; e <= referenceHistory.size(); e++) { // one commit per record, epoch 0's included
            files.add("checkpoint.params#" + e);
            files.add("history.json#" + e);
        }
        int bests = 0;
        for (JsonElement r : referenceHistory) {
            bests += r.getAsJsonObject().get("best").getAsBoolean() ? 1 : 0;
        }
        for (int b = 1; b <= bests; b++) {
            files.add("best.params#" + b);
        }
        List<String> points = new ArrayList<>();
        for (String f : files) {
            points.add(f + "@tmp");
            points.add(f + "@renamed");
        }
        return points;
    }

    @Test
    void killedAtAnyWriteTheRunContinuesToTheSameResult() throws Exception {
        List<String> points = killPoints();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2); // two processes of one thread each on two cores
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String point : points) {
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    killAndContinue(point);
                } catch (AssertionError | Exception e) {
                    failures.add(point + ": " + e.getMessage());
                }
            }, pool));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
        pool.shutdown();
        assertTrue(failures.isEmpty(), failures.size() + " of " + points.size() + " kill points failed:\n"
                + String.join("\n", failures));
    }

    private static void killAndContinue(String point) throws Exception {
        Path dir = tmp.resolve("kill-" + point.replaceAll("[^A-Za-z0-9]", "_"));
        Child killed = run(point, train(dir));
        assertTrue(killed.killed(), "the process reached " + point + " and was killed; it ended " + killed.code()
                + ": " + tail(killed.err()));
        Child next;
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            next = run(null, "train", "--resume", dir.toString());
        } else {
            Child resume = run(null, "train", "--resume", dir.toString());
            assertEquals(2, resume.code(), "resume of a folder without settings: " + tail(resume.err()));
            assertTrue(resume.err().contains("no config.json"), resume.err());
            next = run(null, train(dir)); // the documented way: start it again
        }
        assertEquals(0, next.code(), "continuing after the kill: " + tail(next.err()));
        assertSameAsUninterrupted(dir);
    }

    static void assertSameAsUninterrupted(Path dir) throws Exception {
        JsonArray h = history(dir);
        assertEquals(referenceHistory.size(), h.size(), "epochs in history: " + h);
        for (int i = 0; i < h.size(); i++) {
            JsonObject got = h.get(i).getAsJsonObject();
            JsonObject want = referenceHistory.get(i).getAsJsonObject();
            assertEquals(want.get("epoch").getAsInt(), got.get("epoch").getAsInt());
            assertEquals(want.get("val_mse").getAsDouble(), got.get("val_mse").getAsDouble(),
                    1e-5 * want.get("val_mse").getAsDouble(), "validation MSE of epoch " + (i + 1));
            assertEquals(want.get("best").getAsBoolean(), got.get("best").getAsBoolean());
        }
        double mse = metricsMse(dir);
        assertEquals(referenceMse, mse, 1e-5 * referenceMse, "test MSE");
        try (var files = Files.walk(dir)) {
            List<Path> temps = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(temps.isEmpty(), "temporary files left: " + temps);
        }
        Child e = run(null, "evaluate", "--run", dir.toString(), "--device", "cpu", "--json");
        assertEquals(0, e.code(), e.err());
        String[] lines = e.out().strip().split("\n");
        double evaluated = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject().get("test_mse")
                .getAsDouble();
        assertEquals(mse, evaluated, 0.0, "evaluate and metrics.json");
    }

    @Test
    void aFullDiskStopsTheRunWithItsReasonAndResumeFinishesIt() throws Exception {
        Path dir = tmp.resolve("full-disk");
        Child full = run("checkpoint.params#2@fail", train(dir));
        assertEquals(2, full.code(), full.err());
        assertTrue(full.err().contains("checkpoint.params") && full.err().contains("No space left on device"),
                full.err());
        Child next = run(null, "train", "--resume", dir.toString());
        assertEquals(0, next.code(), next.err());
        assertSameAsUninterrupted(dir);
    }

    @Test
    void twoProcessesOnOneFolderGiveOneRefusal() throws Exception {
        Path dir = tmp.resolve("two-writers");
        List<String> cmd = command("checkpoint.params#1@renamed", train(dir));
        Process holder = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitForFault(holder, 180);
            Child second = run(null, train(dir));
            assertEquals(2, second.code(), second.err());
            assertTrue(second.err().contains("in use by another Hopcast process (pid " + holder.pid()),
                    second.err());
            Child resume = run(null, "train", "--resume", dir.toString());
            assertEquals(2, resume.code(), resume.err());
            assertTrue(resume.err().contains("pid " + holder.pid()), resume.err());
        } finally {
            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        Child after = run(null, "train", "--resume", dir.toString()); // the dead holder's lock is taken over
        assertEquals(0, after.code(), after.err());
        assertSameAsUninterrupted(dir);
    }

    /** Runs the command line in a new JVM; with a fault point, kills it with SIGKILL when it gets there. */
    static Child run(String fault, String... args) throws Exception {
        Process p = new ProcessBuilder(command(fault, args)).start();
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        AtomicBoolean reached = new AtomicBoolean();
        Thread o = reader(p.getInputStream(), out, null, null);
        Thread e = reader(p.getErrorStream(), err, fault == null ? null : reached, p);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            err.append("(killed by the test after 300 s)");
        }
        o.join(10_000);
        e.join(10_000);
        synchronized (out) {
            synchronized (err) {
                return new Child(p.exitValue(), out.toString(), err.toString(), reached.get());
            }
        }
    }

    /**
     * Copies a stream's lines into {@code sink}; when {@code reached} is given, kills {@code p} with SIGKILL as soon
     * as it reports its fault point.
     */
    private static Thread reader(java.io.InputStream in, StringBuilder sink, AtomicBoolean reached, Process p) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (sink) {
                        sink.append(line).append('\n');
                    }
                    if (reached != null && line.startsWith("hopcast-fault: reached")) {
                        reached.set(true);
                        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                    }
                }
            } catch (IOException ex) {
                // the process is gone
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static List<String> command(String fault, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and the serial collector: these processes live seconds, and on two cores C2's compiler threads
        // and G1's helpers took CPU they never paid back (a TINY training 8.8 s -> 4.9 s). The numbers come from
        // libtorch, so they do not change.
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Djava.awt.headless=true"));
        if (fault != null) {
            cmd.add("-Dhopcast.fault=" + fault);
        }
        cmd.add(HopcastCli.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Waits until {@code p} stops at its fault point (it then waits there, holding what it holds). */
    static void waitForFault(Process p, int seconds) throws InterruptedException {
        AtomicBoolean reached = new AtomicBoolean();
        java.util.concurrent.CountDownLatch at = new java.util.concurrent.CountDownLatch(1);
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("hopcast-fault: reached")) {
                        reached.set(true);
                        at.countDown();
                    }
                }
            } catch (IOException ex) {
                // the process is gone
            }
            at.countDown();
        }, "holder-output");
        t.setDaemon(true);
        t.start();
        at.await(seconds, TimeUnit.SECONDS);
        assertTrue(reached.get(), "the first process reached its fault point");
    }

    static JsonArray history(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("history.json"))).getAsJsonArray();
    }

    static double metricsMse(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("metrics.json"))).getAsJsonObject()
                .getAsJsonObject("metrics").get("mse").getAsDouble();
    }

    static String tail(String s) {
        return s.length() > 1500 ? "..." + s.substring(s.length() - 1500) : s;
    }
}
