package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The paper layout on real data (ILI from ../shared/datasets), with a dataset that is not there. */
class BenchmarkCliTest {
    @TempDir
    Path tmp;

    static Path sharedDatasets() {
        String env = System.getenv("HOPCAST_SHARED_DATASETS");
        Path p = env != null ? Path.of(env) : Path.of("..", "..", "shared", "datasets");
        return Files.isRegularFile(p.resolve("national_illness.csv")) ? p.toAbsolutePath() : null;
    }

    @Test
    void aTableRowPerDatasetAndHorizonAndTheMissingNamed() throws IOException {
        Path shared = sharedDatasets();
        assumeTrue(shared != null, "skipped: ../shared/datasets (ILI) is not beside this checkout");
        Path out = tmp.resolve("bench");
        CliTest.Outcome o = CliTest.run("benchmark", "--datasets", "ILI,Traffic", "--horizons", "24,168",
                "--separations", "softmax,softmax_1", "--seeds", "2", "--d-model", "16", "--d-ff", "32", "--heads", "2",
                "--e-layers", "1", "--epochs", "1", "--device", "cpu", "--data-dir", shared.toString(), "--out",
                out.toString(), "--json");
        assertEquals(0, o.code(), o.err());
        String[] lines = o.out().strip().split("\n");
        JsonObject j = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(1, j.getAsJsonArray("rows").size(), "ILI 24 only");
        JsonObject row = j.getAsJsonArray("rows").get(0).getAsJsonObject();
        assertEquals("ili-24", row.get("preset").getAsString());
        assertTrue(row.getAsJsonObject("mse").getAsJsonObject("softmax_1").get("std").getAsDouble() > 0,
                "two seeds differ");
        String md = Files.readString(out.resolve("benchmark.md"));
        assertTrue(md.contains("**"), "the best of the row is marked");
        assertTrue(md.contains("best baseline MSE |") && md.contains("difference from the best baseline is"
                + " significant"), md);
        assertTrue(row.getAsJsonObject("versus_best_baseline").getAsJsonObject("softmax_1").has("p_value"),
                row.toString());
        assertTrue(md.contains("not run: ILI 168") && md.contains("traffic.csv"), md);
        assertTrue(Files.isRegularFile(out.resolve("ILI/24/softmax/seed-2/result.json")));
        // the same cell, resumed: nothing retrained, the same table
        assertEquals(0, CliTest.run("benchmark", "--datasets", "ILI,Traffic", "--horizons", "24,168", "--separations",
                "softmax,softmax_1", "--seeds", "2", "--d-model", "16", "--d-ff", "32", "--heads", "2", "--e-layers",
                "1", "--epochs", "1", "--device", "cpu", "--data-dir", shared.toString(), "--out", out.toString())
                .code());
        assertEquals(md.substring(md.indexOf("| dataset")), Files.readString(out.resolve("benchmark.md"))
                .substring(md.indexOf("| dataset")));
        assertEquals(2, CliTest.run("benchmark", "--datasets", "ILI", "--horizons", "24", "--seed", "3").code(),
                "the benchmark chooses the seeds");
    }
}
