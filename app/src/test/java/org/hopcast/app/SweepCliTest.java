package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A grid in-process: every cell a run, ranked by validation; the same numbers as training the cell alone. */
class SweepCliTest {
    @TempDir
    Path tmp;

    static final String TINY_GRID = String.join("\n", "split: rows:600,200,200", "in_len: 24", "out_len: 12",
            "seg_len: 6", "d_ff: 32", "heads: 2", "e_layers: 1", "factor: 3", "batch_size: 32", "lr: 3e-3",
            "epochs: 1", "device: cpu", "");

    @Test
    void aGridRanksItsCellsResumesAndAgreesWithTrainingACellAlone() throws IOException {
        Path grid = tmp.resolve("grid.yaml");
        // d_model 15 is not a multiple of 2 heads: that cell fails, the others are ranked
        Files.writeString(grid, TINY_GRID + "separation: [softmax, softmax_1]\nd_model: [16, 15]\n");
        Path out = tmp.resolve("out");
        CliTest.Outcome first = CliTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--json");
        assertEquals(0, first.code(), first.err());
        String[] lines = first.out().strip().split("\n");
        JsonArray cells = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject().getAsJsonArray("cells");
        assertEquals(4, cells.size());
        JsonObject best = cells.get(0).getAsJsonObject();
        assertTrue(best.get("error").isJsonNull());
        assertTrue(best.get("val_mse").getAsDouble() <= cells.get(1).getAsJsonObject().get("val_mse").getAsDouble());
        long failed = 0;
        for (var c : cells) {
            if (!c.getAsJsonObject().get("error").isJsonNull()) {
                failed++;
                assertTrue(c.getAsJsonObject().get("error").getAsString().contains("multiple of n_heads"));
            }
        }
        assertEquals(2, failed, "the two d_model 15 cells are rows with their error");
        for (String f : new String[] {"leaderboard.md", "leaderboard.csv", "leaderboard.json", "leaderboard.png",
            "grid.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(5, Files.readAllLines(out.resolve("leaderboard.csv")).size());
        // the best cell, trained alone with the same settings, gives the same test MSE
        Path cellDir = Path.of(best.get("run_dir").getAsString());
        Path config = tmp.resolve("alone.yaml");
        Files.writeString(config, TINY_GRID + "separation: " + best.getAsJsonObject("settings").get("separation")
                .getAsString() + "\nd_model: 16\n");
        CliTest.Outcome alone = CliTest.run("train", "--config", config.toString(), "--out",
                tmp.resolve("alone").toString(), "--json");
        assertEquals(0, alone.code(), alone.err());
        String[] al = alone.out().strip().split("\n");
        double aloneMse = JsonParser.parseString(al[al.length - 1]).getAsJsonObject().get("test_mse").getAsDouble();
        assertEquals(aloneMse, best.get("test_mse").getAsDouble(), 1e-4 * aloneMse);
        // run again: nothing finished is trained again
        long modified = Files.getLastModifiedTime(cellDir.resolve("best.params")).toMillis();
        CliTest.Outcome again = CliTest.run("sweep", "--grid", grid.toString(), "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(modified, Files.getLastModifiedTime(cellDir.resolve("best.params")).toMillis());
        assertEquals(Files.readString(out.resolve("leaderboard.csv")).lines().count(), 5);
    }

    @Test
    void onEmbeddedSparkTheSameGridGivesTheSameLeaderboard() throws IOException {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, TINY_GRID + "d_model: 16\nseparation: [softmax, softmax_1]\nseed: [1, 2]\n");
        Path inProcess = tmp.resolve("in-process");
        Path spark = tmp.resolve("spark");
        assertEquals(0, CliTest.run("sweep", "--grid", grid.toString(), "--out", inProcess.toString()).code());
        CliTest.Outcome o = CliTest.run("sweep", "--grid", grid.toString(), "--out", spark.toString(),
                "--spark-master", "local[2]");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Ran on Spark local[2]"), o.out());
        assertEquals(Files.readString(inProcess.resolve("leaderboard.csv")), Files.readString(
                spark.resolve("leaderboard.csv")), "the same cells, the same numbers, wherever they ran");
        for (String id : Files.readAllLines(spark.resolve("leaderboard.csv")).stream().skip(1)
                .map(l -> l.split(",")[1]).toList()) {
            assertTrue(Files.isRegularFile(spark.resolve("cells").resolve(id).resolve("best.params")), id);
        }
    }

    @Test
    void aClusterRunRefusesAnOutputFolderItsWorkersCannotSee() throws IOException {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, TINY_GRID + "d_model: 16\n");
        CliTest.Outcome o = CliTest.run("sweep", "--grid", grid.toString(), "--out", "relative/out",
                "--spark-master", "spark://127.0.0.1:1");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("must all see it"), o.err());
    }

    @Test
    void aDriverStoppedMidGridIsStartedAgainWithoutRetrainingWhatFinished() throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, TINY_GRID + "d_model: 16\nseed: [1, 2, 3]\n");
        Path out = tmp.resolve("out");
        Process driver = new ProcessBuilder(RunFaultsTest.command(null, "sweep", "--grid", grid.toString(), "--out",
                out.toString())).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path firstDone = null;
        long end = System.nanoTime() + 180_000_000_000L;
        while (firstDone == null && System.nanoTime() < end && driver.isAlive()) {
            if (Files.isDirectory(out.resolve("cells"))) {
                try (var cells = Files.list(out.resolve("cells"))) {
                    firstDone = cells.filter(c -> Files.exists(c.resolve("result.json"))).findFirst().orElse(null);
                }
            }
            Thread.sleep(100);
        }
        driver.destroyForcibly().waitFor();
        assertTrue(firstDone != null, "a first cell finished before the driver was stopped");
        long modified = Files.getLastModifiedTime(firstDone.resolve("best.params")).toMillis();
        CliTest.Outcome again = CliTest.run("sweep", "--grid", grid.toString(), "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(modified, Files.getLastModifiedTime(firstDone.resolve("best.params")).toMillis(),
                "the finished cell was not trained again");
        assertEquals(4, Files.readAllLines(out.resolve("leaderboard.csv")).size());
        assertTrue(again.out().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| rank")).noneMatch(
                l -> l.contains("failed")), again.out());
    }

    @Test
    void aBadGridFileIsRefusedWithTheKey() throws IOException {
        Path grid = tmp.resolve("bad.yaml");
        Files.writeString(grid, "separation: [softmax, relu]\n");
        CliTest.Outcome o = CliTest.run("sweep", "--grid", grid.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("grid file") && o.err().contains("relu") && o.err().contains("--separation"),
                o.err());
    }

    @Test
    void aGridEvaluatesAMemoryInEachCellAsEvaluateDoes() throws IOException {
        Path grid = tmp.resolve("memory.yaml");
        Files.writeString(grid, TINY_GRID + "d_model: 16\nevaluate: [memory-pnp-train]\n");
        Path out = tmp.resolve("memory-grid");
        CliTest.Outcome o = CliTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--json");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("pnp-train test MSE"), o.out());
        String[] lines = o.out().strip().split("\n");
        JsonObject cell = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject().getAsJsonArray("cells")
                .get(0).getAsJsonObject();
        JsonObject memory = cell.getAsJsonObject("memory");
        assertEquals(cell.get("test_mse").getAsDouble(), memory.get("pnp-train/all_mse_backbone").getAsDouble(), 1e-9);
        // the same memory on the cell's run, asked of evaluate: the same numbers
        CliTest.Outcome alone = CliTest.run("evaluate", "--run", cell.get("run_dir").getAsString(), "--memory", "pnp",
                "--json");
        assertEquals(0, alone.code(), alone.err());
        JsonObject all = JsonParser.parseString(alone.out().strip()).getAsJsonObject().getAsJsonObject("memory")
                .getAsJsonObject("test").getAsJsonObject("all");
        assertEquals(all.get("mse").getAsDouble(), memory.get("pnp-train/all_mse").getAsDouble(), 1e-9);
        // the grid asked for one more memory: its finished cell evaluates only that one, nothing trained again
        Files.writeString(grid, TINY_GRID + "d_model: 16\nevaluate: [memory-pnp-train, memory-tnp-shuffled-2]\n");
        CliTest.Outcome more = CliTest.run("sweep", "--grid", grid.toString(), "--out", out.toString(), "--json");
        assertEquals(0, more.code(), more.err());
        assertTrue(!more.err().contains("epoch 1"), more.err());
        String[] moreLines = more.out().strip().split("\n");
        JsonObject added = JsonParser.parseString(moreLines[moreLines.length - 1]).getAsJsonObject()
                .getAsJsonArray("cells").get(0).getAsJsonObject().getAsJsonObject("memory");
        assertEquals(memory.get("pnp-train/all_mse").getAsDouble(), added.get("pnp-train/all_mse").getAsDouble(), 0.0);
        assertTrue(added.has("tnp-shuffled-2/all_mse") && added.has("tnp-shuffled-2/sudden_change_ci95_high"),
                added.toString());
        Files.writeString(grid, TINY_GRID + "evaluate: [memory-pnp]\n");
        CliTest.Outcome bad = CliTest.run("sweep", "--grid", grid.toString(), "--out", tmp.resolve("bad").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("memory-MODULE-BANK"), bad.err());
    }

    @Test
    void benchGridMeasuresEachCellAsItEndsAndRefusesWhatItCannotMeasure() throws IOException {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, TINY_GRID + "d_model: 16\nseed: [1, 2, 3]\n");
        Path out = tmp.resolve("memory");
        CliTest.Outcome o = CliTest.run("bench", "grid", "--grid", grid.toString(), "--out", out.toString(), "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        JsonArray cells = j.getAsJsonArray("cells");
        assertEquals(3, cells.size(), "every cell, in the order they ended");
        double seconds = 0;
        for (var c : cells) {
            JsonObject cell = c.getAsJsonObject();
            assertTrue(cell.get("seconds").getAsDouble() > seconds);
            seconds = cell.get("seconds").getAsDouble();
            assertTrue(cell.get("rss_mb").getAsDouble() > 0 && cell.get("heap_mb").getAsDouble() > 0);
            assertTrue(cell.get("peak_rss_mb").getAsDouble() >= cell.get("rss_mb").getAsDouble() * 0.5);
            assertTrue(Files.isRegularFile(out.resolve("cells").resolve(cell.get("cell").getAsString())
                    .resolve("result.json")));
        }
        assertTrue(Double.isFinite(j.get("rss_slope_mb_per_cell").getAsDouble()));
        assertTrue(o.err().contains("cell 3 of 3"), o.err());
        // finished cells would be skipped, not measured: refused, naming one
        CliTest.Outcome again = CliTest.run("bench", "grid", "--grid", grid.toString(), "--out", out.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds the finished cell"), again.err());
        // a cluster's executors are other processes
        CliTest.Outcome cluster = CliTest.run("bench", "grid", "--grid", grid.toString(), "--out",
                tmp.resolve("c").toString(), "--spark-master", "spark://127.0.0.1:7077");
        assertEquals(2, cluster.code());
        assertTrue(cluster.err().contains("measures this process"), cluster.err());
    }
}
