package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            "softmax/seed-1/cell.json", "softmax_1/seed-1/outliers/outliers.csv", "softmax_1/seed-1/quantization.json",
            "softmax_1/seed-1/quantization-sweep.json", "softmax_1/seed-1/outliers/heads.csv", "curve-max-inf-norm.png",
            "curve-kurtosis.png", "quantization.png"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String table = Files.readString(out.resolve("table.md"));
        // the degradation table has every scheme of the sweep; the heads table softmax_1's null mass only
        assertTrue(table.contains("| variant | w8a8 | w8a6 | w8a4 | w6a8 |"), table);
        java.util.regex.Matcher heads = java.util.regex.Pattern.compile("\\| (softmax|softmax_1) \\| 1 \\| ([^|]*) \\|")
                .matcher(table);
        java.util.Map<String, String> nullMass = new java.util.HashMap<>();
        while (heads.find()) {
            nullMass.put(heads.group(1), heads.group(2).trim());
        }
        assertEquals("", nullMass.get("softmax"), table);
        // one seed has no spread: the mean alone, in every table, not "± 0.000"
        assertTrue(nullMass.get("softmax_1").matches("0\\.\\d{3}"), table);
        assertFalse(table.lines().anyMatch(l -> l.startsWith("|") && l.contains("±")), table);
        JsonObject row = JsonParser.parseString(Files.readString(out.resolve("table.json"))).getAsJsonObject()
                .getAsJsonArray("rows").get(0).getAsJsonObject();
        assertTrue(row.getAsJsonObject("fp_mse").get("std").isJsonNull(), row.toString());
        // is a difference real? each variant against the best variant and the best baseline, per test window
        assertTrue(table.contains("| FP MSE vs the best variant (p) | vs the best baseline (p) |"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("| softmax") && l.contains("| best |")), table);
        assertTrue(table.contains("significant at 5% (Diebold-Mariano"), table);
        JsonObject dm = row.getAsJsonObject("versus_best_baseline");
        assertTrue(dm.has("statistic") && dm.has("p_value"), row.toString());
        // the tracked history behind the curves: one record per epoch
        String history = Files.readString(out.resolve("softmax_1/seed-1/history.json"));
        assertTrue(history.contains("\"outliers\"") && history.contains("\"epoch_end\": true"), history);
        String[] lines = first.out().strip().split("\n");
        JsonObject j = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(2, j.getAsJsonArray("rows").size());
        long modified = Files.getLastModifiedTime(out.resolve("softmax/seed-1/best.params")).toMillis();
        CliTest.Outcome again = CliTest.run(args);
        assertEquals(0, again.code(), again.err());
        assertEquals(modified, Files.getLastModifiedTime(out.resolve("softmax/seed-1/best.params")).toMillis(),
                "finished cells are not retrained");
        assertEquals(first.out().split("\n")[2], again.out().split("\n")[2]);
        // a copy of the study's results without its checkpoints, elsewhere (as docs/results keeps one), and without
        // softmax's cell.json (a study stopped before it wrote them: result.json marks the cell done): the table,
        // heads and curves are rebuilt from the copy's own files, and nothing is trained again
        Path moved = tmp.resolve("copy");
        try (var files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                boolean cellOfSoftmax = name.equals("cell.json") && f.getParent().getParent().getFileName().toString()
                        .equals("softmax");
                if (!name.endsWith(".params") && !name.startsWith("table") && !cellOfSoftmax) {
                    Files.createDirectories(moved.resolve(out.relativize(f)).getParent());
                    Files.copy(f, moved.resolve(out.relativize(f)));
                }
            }
        }
        deleteTree(out);
        args[java.util.Arrays.asList(args).indexOf(out.toString())] = moved.toString();
        CliTest.Outcome copied = CliTest.run(args);
        assertEquals(0, copied.code(), copied.err());
        assertEquals(table, Files.readString(moved.resolve("table.md")));
        assertTrue(Files.isRegularFile(moved.resolve("curve-kurtosis.png")));
        assertTrue(!Files.exists(moved.resolve("softmax/seed-1/best.params")), "finished cells are not retrained");
        assertTrue(Files.isRegularFile(moved.resolve("softmax/seed-1/cell.json")), "written where the cell is now");
        // a larger study of which only these cells finished: the table from them, nothing trained
        String[] wider = args.clone();
        wider[java.util.Arrays.asList(wider).indexOf("softmax,softmax_1")] = "softmax,softmax_1,gated-softmax";
        wider[java.util.Arrays.asList(wider).indexOf("--seeds") + 1] = "2";
        CliTest.Outcome finished = CliTest.run(TrainCliTest.concat(wider, new String[] {"--finished-only"}));
        assertEquals(0, finished.code(), finished.err());
        assertEquals(table, Files.readString(moved.resolve("table.md")), "the same cells, the same table");
        assertTrue(!Files.exists(moved.resolve("gated-softmax")) && !Files.exists(moved.resolve("softmax/seed-2")),
                "nothing trained");
        CliTest.Outcome none = CliTest.run(TrainCliTest.concat(new String[] {"compare", "--separations", "softmax",
            "--seeds", "1", "--finished-only", "--out", tmp.resolve("empty").toString()}, TrainCliTest.TINY));
        assertEquals(2, none.code(), none.err()); // bad input, as every run error
        assertTrue(none.err().contains("has no finished cell"), none.err());
        CliTest.Outcome bad = CliTest.run("compare", "--separations", "softmax,nope", "--out", tmp.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown separation function 'nope'"), bad.err());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
