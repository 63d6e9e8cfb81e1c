package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variant study end to end on a tiny model, and its resumption. */
class CompareCliTest {
    @TempDir
    Path tmp;

    @Test
    void studyWritesTheTableAndResumesWithoutRetraining() throws IOException {
        Path out = tmp.resolve("study");
        String[] args = TrainCliTest.concat(new String[] {"compare", "--separations", "softmax,softmax_1", "--seeds", "1",
            "--calibration-batches", "2", "--out", out.toString(), "--json"}, TrainCliTest.TINY);
        CliTest.Outcome first = CliTest.run(args);
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("| softmax_1 | 1 |"), first.out());
        for (String f : new String[] {"table.md", "table.csv", "table.json", "mse.png", "outliers.png",
            "softmax/seed-1/cell.json", "softmax_1/seed-1/outliers/outliers.csv", "softmax_1/seed-1/quantization.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String[] lines = first.out().strip().split("\n");
        JsonObject j = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(2, j.getAsJsonArray("rows").size());
        long modified = Files.getLastModifiedTime(out.resolve("softmax/seed-1/best.params")).toMillis();
        CliTest.Outcome again = CliTest.run(args);
        assertEquals(0, again.code(), again.err());
        assertEquals(modified, Files.getLastModifiedTime(out.resolve("softmax/seed-1/best.params")).toMillis(),
                "finished cells are not retrained");
        assertEquals(first.out().split("\n")[2], again.out().split("\n")[2]);
        CliTest.Outcome bad = CliTest.run("compare", "--separations", "softmax,nope", "--out", tmp.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown separation function 'nope'"), bad.err());
    }
}
