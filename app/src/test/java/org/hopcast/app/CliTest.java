package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: output, JSON keys, exit codes and messages on bad input. */
class CliTest {
    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = HopcastCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void describeTheBuiltInDefaultAsJson() {
        Outcome o = run("data", "describe", "--in-len", "168", "--out-len", "24", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        assertEquals(17420, j.get("rows").getAsInt());
        assertEquals(7, j.getAsJsonArray("columns").size());
        assertEquals("HUFL", j.getAsJsonArray("columns").get(0).getAsString());
        JsonObject split = j.getAsJsonObject("split");
        assertEquals(8640, split.get("train").getAsInt());
        assertEquals(2880, split.get("val").getAsInt());
        assertEquals(2880, split.get("test").getAsInt());
        JsonObject windows = j.getAsJsonObject("windows");
        assertEquals(8449, windows.get("train").getAsInt());
        assertEquals(2857, windows.get("val").getAsInt());
        assertEquals(2857, windows.get("test").getAsInt());
        assertEquals("1 h", j.get("frequency").getAsString());
        assertEquals(24, j.get("season").getAsInt(), "a day of hours: the seasonal naive's season");
    }

    @Test
    void describeAsText() {
        Outcome o = run("data", "describe");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("Rows        17420"), o.out());
        assertTrue(o.out().contains("ett-hour: train 8640, val 2880, test 2880"), o.out());
        assertTrue(o.out().contains("OT"), o.out());
        assertTrue(o.out().contains("step 1 h; season 24 steps (the seasonal naive's)"), o.out());
    }

    @Test
    void missingFileExitsTwoWithTheMessageOnStderr() {
        Outcome o = run("data", "describe", "--input", dir.resolve("absent.csv").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("absent.csv: file not found"), o.err());
        assertEquals("", o.out());
        assertTrue(!o.err().contains("\tat "), "no stack trace for the user: " + o.err());
    }

    @Test
    void malformedCellExitsTwoNamingLineAndColumn() throws IOException {
        Path p = dir.resolve("bad.csv");
        Files.writeString(p, "date,a\n2020-01-01,1\n2020-01-02,x\n");
        Outcome o = run("data", "describe", "--input", p.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("line 3"), o.err());
        assertTrue(o.err().contains("column 'a'"), o.err());
    }

    @Test
    void fillRepairsAndIsReported() throws IOException {
        StringBuilder sb = new StringBuilder("date,a,b\n");
        for (int i = 0; i < 200; i++) {
            sb.append(String.format("2020-01-01 %02d:%02d:00,%s,%d%n", i / 60, i % 60, i % 17 == 0 ? "" : "" + i, i));
        }
        Path p = dir.resolve("gaps.csv");
        Files.writeString(p, sb.toString());
        assertEquals(2, run("data", "describe", "--input", p.toString(), "--in-len", "8", "--out-len", "4").code());
        Outcome o = run("data", "describe", "--input", p.toString(), "--in-len", "8", "--out-len", "4", "--fill",
                "linear", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        assertEquals(12, j.get("missing").getAsInt());
        assertEquals(12, j.get("filled").getAsInt());
        assertEquals("ratio", j.get("split_protocol").getAsString());
        assertEquals("1 min", j.get("frequency").getAsString());
    }

    @Test
    void badOptionsExitTwo() {
        assertEquals(2, run("data", "describe", "--bogus").code());
        assertEquals(2, run("data", "describe", "--in-len", "abc").code());
        Outcome zero = run("data", "describe", "--in-len", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--in-len"), zero.err());
        Outcome both = run("data", "describe", "--input", "x.csv", "--dataset", "ETTh1");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("not both"), both.err());
        Outcome split = run("data", "describe", "--split", "weekly");
        assertEquals(2, split.code());
        assertTrue(split.err().contains("unknown split protocol 'weekly'"), split.err());
        Outcome fill = run("data", "describe", "--fill", "magic");
        assertEquals(2, fill.code());
        assertTrue(fill.err().contains("--fill"), fill.err());
    }

    @Test
    void windowTooLongForASplitExitsTwo() {
        Outcome o = run("data", "describe", "--in-len", "9000");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("train split has 8640 rows"), o.err());
    }

    @Test
    void helpAndVersion() {
        Outcome help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("data"), help.out());
        Outcome version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().matches("(?s)Hopcast \\S+ \\(commit [0-9a-f]{12}(-dirty)?\\) \\(DJL .*"), version.out());
    }

    @Test
    void benchDataOnAFileReportsFigures() throws IOException {
        StringBuilder sb = new StringBuilder("date,a,b\n");
        for (int i = 0; i < 500; i++) {
            sb.append(String.format("2020-01-01 %02d:%02d:00,%d.5,%d%n", i / 60, i % 60, i, i));
        }
        Path p = dir.resolve("bench.csv");
        Files.writeString(p, sb.toString());
        Outcome o = run("bench", "data", "--input", p.toString(), "--warmup", "1", "--iterations", "2", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        assertEquals(500, j.get("rows").getAsInt());
        assertTrue(j.get("median_ms").getAsDouble() > 0);
    }

    @Test
    void benchSeparationReportsEveryFunctionAgainstSoftmax() {
        Outcome o = run("bench", "separation", "--shape", "8,2,5,5", "--warmup", "0", "--iterations", "1", "--json");
        assertEquals(0, o.code(), o.err());
        com.google.gson.JsonArray rows = JsonParser.parseString(o.out().strip()).getAsJsonArray();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (var e : rows) {
            JsonObject r = e.getAsJsonObject();
            names.add(r.get("name").getAsString());
            assertTrue(r.get("ms").getAsDouble() > 0);
            assertTrue(r.get("max_abs_err").getAsDouble() < 1e-5, r.toString());
        }
        assertEquals(1.0, rows.get(0).getAsJsonObject().get("ratio_to_softmax").getAsDouble(), 1e-12);
        assertTrue(names.containsAll(java.util.List.of("softmax", "softmax_1", "sparsemax", "entmax15", "alpha-entmax",
                "clipped-softmax", "clipped-softmax_1")), names.toString());
        assertEquals(2, run("bench", "separation", "--shape", "8,x").code());
    }

    @Test
    void benchTrainReportsTheGemmFloorAndWhereTheStepGoes() {
        Outcome o = run("bench", "train", "--preset", "quick", "--warmup", "0", "--steps", "1", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        double step = j.get("step_seconds").getAsDouble();
        double floor = j.get("floor_seconds").getAsDouble();
        assertTrue(step > 0 && floor > 0, j.toString());
        assertEquals(floor / step, j.get("efficiency").getAsDouble(), 1e-12);
        JsonObject parts = j.getAsJsonObject("breakdown_seconds");
        assertEquals(floor, parts.get("matrix_products").getAsDouble(), 1e-12);
        assertTrue(parts.get("separation_functions").getAsDouble() > 0 && parts.get("optimizer").getAsDouble() > 0,
                parts.toString());
        assertTrue(j.get("peak_rss_mb").getAsDouble() > 0 && !j.get("allocator").getAsString().isBlank()
                && !j.get("cpu").getAsString().isBlank(), j.toString());
        // resident memory gained over the one measured step: measured (not null), and no more than the peak
        assertTrue(Math.abs(j.get("rss_growth_mb_per_step").getAsDouble()) <= j.get("peak_rss_mb").getAsDouble(),
                j.toString());
    }

    @Test
    void benchInferForecastsTheWholeTestSplitAgainstTheFloor() {
        Outcome o = run("bench", "infer", "--preset", "quick", "--repeats", "1", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        double seconds = j.get("seconds").getAsDouble();
        int windows = j.get("windows").getAsInt();
        assertTrue(windows > 2000 && seconds > 0, j.toString()); // ETTh1's test split
        assertEquals(windows / seconds, j.get("windows_per_second").getAsDouble(), 1e-9);
        assertEquals(j.get("floor_seconds").getAsDouble() / seconds, j.get("efficiency").getAsDouble(), 1e-12);
        assertTrue(j.get("floor_seconds").getAsDouble() > 0 && j.get("peak_rss_mb").getAsDouble() > 0, j.toString());
        assertEquals(2, run("bench", "infer", "--repeats", "0").code());
    }

    @Test
    void aGpuThatIsNotThereIsABadSettingNotACrash() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.djl.engine.Engine.getInstance().getGpuCount() == 0,
                "this machine has a GPU");
        Outcome o = run("train", "--device", "gpu", "--epochs", "1", "--out", dir.resolve("gpu").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("sees no GPU") && !o.err().contains("unexpected"), o.err());
    }

    @Test
    void aTypeErrorInAConfigFileNamesTheFile() throws IOException {
        Path yaml = dir.resolve("run.yaml");
        Files.writeString(yaml, "preset: quick\nepochs: many\n");
        Outcome o = run("train", "--config", yaml.toString(), "--out", dir.resolve("r").toString());
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().contains("config file " + yaml) && o.err().contains("epochs"), o.err());
        // the same value given on the command line is the command line's fault, not the file's
        Outcome c = run("train", "--config", yaml.toString(), "--epochs", "-1", "--out", dir.resolve("r").toString());
        assertEquals(2, c.code(), c.err());
        assertFalse(c.err().contains("config file"), c.err());
    }

    @Test
    void maxMinutesSaysWhatZeroMeans() {
        Outcome o = run("train", "--help");
        assertTrue(o.out().replaceAll("\\s+", " ").contains("0, the default: no limit"), o.out());
    }
}
