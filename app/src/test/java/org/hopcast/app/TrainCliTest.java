package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train, evaluate, forecast and model summary through the command line, on a tiny model. */
class TrainCliTest {
    @TempDir
    static Path tmp;

    static Path run;
    static JsonObject trained;

    static final String[] TINY = {"--split", "rows:600,200,200", "--in-len", "24", "--out-len", "12", "--seg-len", "6",
        "--d-model", "16", "--d-ff", "32", "--heads", "2", "--e-layers", "1", "--factor", "3", "--batch-size", "32",
        "--lr", "3e-3", "--epochs", "2", "--device", "cpu"};

    @BeforeAll
    static void trainOnce() {
        run = tmp.resolve("run");
        String[] args = concat(new String[] {"train", "--out", run.toString(), "--json"}, TINY);
        CliTest.Outcome o = CliTest.run(args);
        assertEquals(0, o.code(), o.err());
        String[] lines = o.out().strip().split("\n");
        trained = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void trainEndsWithTheDocumentedJson() {
        for (String key : List.of("test_mse", "test_mae", "epochs", "params", "run_dir", "beats_baselines")) {
            assertTrue(trained.has(key), key + " in " + trained);
        }
        assertEquals(2, trained.get("epochs").getAsInt());
        assertEquals(run.toString(), trained.get("run_dir").getAsString());
        assertTrue(trained.get("test_mse").getAsDouble() < trained.get("persistence_mse").getAsDouble());
        JsonObject b = trained.getAsJsonObject("baselines");
        assertEquals(trained.get("persistence_mse").getAsDouble(), b.get("persistence").getAsDouble(), 0.0);
        assertTrue(b.has("seasonal_naive") && b.has("linear"), b.toString());
        double best = Math.min(b.get("linear").getAsDouble(), Math.min(b.get("persistence").getAsDouble(),
                b.get("seasonal_naive").getAsDouble()));
        if (trained.get("test_mse").getAsDouble() >= best) {
            assertEquals(false, trained.get("beats_baselines").getAsBoolean());
            String verdict = trained.get("verdict").getAsString();
            assertTrue(verdict.startsWith("The model does not beat") || verdict.startsWith("The model forecasts what"),
                    verdict);
        }
    }

    @Test
    void backtestPrintsTheDocumentedJsonAndWritesItsFiles() {
        Path out = tmp.resolve("backtest");
        CliTest.Outcome o = CliTest.run("backtest", "--run", run.toString(), "--step", "6", "--out", out.toString(),
                "--json", "--device", "cpu");
        assertEquals(0, o.code(), o.err());
        JsonObject b = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        List<String> keys = List.of("mse", "mae", "rmse", "mase", "smape", "wape", "bias");
        JsonObject first = b.getAsJsonArray("origins").get(0).getAsJsonObject().getAsJsonObject("scores");
        for (String forecaster : List.of("model", "persistence", "linear")) {
            for (String key : keys) {
                assertTrue(first.getAsJsonObject(forecaster).has(key), forecaster + "." + key + " per origin");
                assertTrue(b.getAsJsonObject("overall").getAsJsonObject(forecaster).has(key), key + " overall");
            }
        }
        JsonObject dm = b.getAsJsonArray("comparisons").get(0).getAsJsonObject().getAsJsonObject("dm");
        assertTrue(dm.has("statistic") && dm.has("p_value"), dm.toString());
        for (String f : List.of("backtest.json", "backtest.md", "backtest.csv", "backtest-horizon.csv",
                "backtest-forecasts.csv", "backtest-horizon.png", "backtest-origins.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        // what a user gets wrong is named, not a stack trace
        CliTest.Outcome early = CliTest.run("backtest", "--run", run.toString(), "--from", "2016-07-02", "--device",
                "cpu");
        assertEquals(2, early.code());
        assertTrue(early.err().contains("trained on"), early.err());
        CliTest.Outcome window = CliTest.run("backtest", "--run", run.toString(), "--window", "rolling",
                "--refit-every", "5", "--device", "cpu");
        assertEquals(2, window.code());
        assertTrue(window.err().contains("expanding or sliding"), window.err());
    }

    @Test
    void aConfigIsTrainedOnceThenBacktestedAsTheSameRunWouldBe() throws IOException {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < TINY.length; i += 2) {
            yaml.append(TINY[i].substring(2)).append(": ").append(TINY[i + 1]).append('\n');
        }
        Path config = Files.writeString(tmp.resolve("tiny.yaml"), yaml);
        Path out = tmp.resolve("from-config");
        String[] ask = {"backtest", "--config", config.toString(), "--step", "6", "--out", out.toString(), "--json"};
        CliTest.Outcome first = CliTest.run(ask);
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.isRegularFile(out.resolve("run").resolve("metrics.json")), "trained into OUT/run");
        CliTest.Outcome ofRun = CliTest.run("backtest", "--run", run.toString(), "--step", "6", "--out",
                tmp.resolve("of-run").toString(), "--json", "--device", "cpu");
        assertEquals(0, ofRun.code(), ofRun.err());
        // the same settings and seed: the run the config trained is the test's run, and so is its backtest
        assertEquals(JsonParser.parseString(ofRun.out().strip()).getAsJsonObject().get("overall").toString(),
                JsonParser.parseString(first.out().strip()).getAsJsonObject().get("overall").toString());
        CliTest.Outcome again = CliTest.run(ask);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("reusing the finished run"), again.err());
        // another configuration into the same folder would mix two runs: refused, naming the folder
        Path other = Files.writeString(tmp.resolve("other.yaml"), yaml.toString().replace("lr: 3e-3", "lr: 1e-3"));
        CliTest.Outcome mixed = CliTest.run("backtest", "--config", other.toString(), "--out", out.toString());
        assertEquals(2, mixed.code());
        assertTrue(mixed.err().contains("other settings"), mixed.err());
        assertEquals(2, CliTest.run("backtest", "--config", config.toString(), "--run", run.toString()).code(),
                "a run or a configuration, not both");
        CliTest.Outcome typo = CliTest.run("backtest", "--config", Files.writeString(tmp.resolve("typo.yaml"),
                "d-modle: 16\n").toString());
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("typo.yaml") && typo.err().contains("d-modle"), typo.err());
    }

    @Test
    void refitsSpreadOnSparkGiveTheNumbersOfRefitsTrainedHere() throws IOException {
        String[] ask = {"backtest", "--run", run.toString(), "--step", "24", "--refit-every", "3", "--json", "--device",
            "cpu"};
        CliTest.Outcome here = CliTest.run(concat(ask, "--out", tmp.resolve("refit-here").toString()));
        assertEquals(0, here.code(), here.err());
        CliTest.Outcome spark = CliTest.run(concat(ask, "--out", tmp.resolve("refit-spark").toString(),
                "--spark-master", "local[2]"));
        assertEquals(0, spark.code(), spark.err());
        assertTrue(spark.err().contains("on Spark local[2]"), spark.err());
        JsonObject a = JsonParser.parseString(here.out().strip()).getAsJsonObject();
        JsonObject b = JsonParser.parseString(spark.out().strip()).getAsJsonObject();
        int refits = a.getAsJsonArray("refits").size();
        assertTrue(refits >= 2, a.getAsJsonArray("refits").toString());
        assertEquals(refits, b.getAsJsonArray("refits").size());
        for (String forecaster : List.of("model", "linear")) {
            assertEquals(a.getAsJsonObject("overall").getAsJsonObject(forecaster).get("mse").getAsDouble(),
                    b.getAsJsonObject("overall").getAsJsonObject(forecaster).get("mse").getAsDouble(), 1e-6, forecaster);
        }
        // run again: every refit is found finished, none is trained
        CliTest.Outcome again = CliTest.run(concat(ask, "--out", tmp.resolve("refit-spark").toString(),
                "--spark-master", "local[2]"));
        assertEquals(0, again.code(), again.err());
        assertTrue(!again.err().contains("training ") && again.err().contains("reusing"), again.err());
        assertEquals(b.getAsJsonObject("overall").toString(),
                JsonParser.parseString(again.out().strip()).getAsJsonObject().getAsJsonObject("overall").toString());
    }

    @Test
    void evaluateWithAMemorySaysWhichBankAndSettingMadeIt() throws IOException {
        CliTest.Outcome o = CliTest.run("evaluate", "--run", run.toString(), "--device", "cpu", "--memory", "pnp",
                "--bank", "stream", "--memory-lambda", "0.1", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        JsonObject m = j.getAsJsonObject("memory");
        assertEquals("pnp", m.get("kind").getAsString());
        assertEquals("stream", m.get("bank").getAsString());
        assertTrue(m.get("bank_size").getAsInt() > 0);
        assertEquals(0.1, m.getAsJsonObject("setting").get("lambda").getAsDouble(), 0.0);
        for (String subset : List.of("all", "sudden", "normal")) {
            assertTrue(m.getAsJsonObject("test").getAsJsonObject(subset).has("mse_backbone"), subset);
        }
        // the model alone is what evaluate prints without a memory
        assertEquals(j.get("test_mse").getAsDouble(), m.getAsJsonObject("test").getAsJsonObject("all")
                .get("mse_backbone").getAsDouble(), 1e-9);
        CliTest.Outcome plain = CliTest.run("evaluate", "--run", run.toString(), "--device", "cpu", "--json");
        assertTrue(JsonParser.parseString(plain.out().strip()).getAsJsonObject().get("memory") == null
                || JsonParser.parseString(plain.out().strip()).getAsJsonObject().get("memory").isJsonNull());
        CliTest.Outcome lone = CliTest.run("evaluate", "--run", run.toString(), "--bank", "events");
        assertEquals(2, lone.code());
        assertTrue(lone.err().contains("--memory pnp"), lone.err());
    }

    @Test
    void forecastWithTuneAndPlayUsesTheRetrievalEvaluateTunedAndRefusesADamagedOne() throws IOException {
        Path input = BuiltInFile.head(tmp, 700);
        String[] plain = {"forecast", "--run", run.toString(), "--input", input.toString(), "--device", "cpu", "--json",
            "--memory", "tnp", "--bank", "events"};
        CliTest.Outcome before = CliTest.run(plain);
        assertEquals(2, before.code());
        assertTrue(before.err().contains("no Tune-and-Play tuned over the events bank"), before.err());
        CliTest.Outcome tuned = CliTest.run("evaluate", "--run", run.toString(), "--device", "cpu", "--memory", "tnp",
                "--bank", "events", "--json");
        assertEquals(0, tuned.code(), tuned.err());
        JsonObject setting = JsonParser.parseString(tuned.out().strip()).getAsJsonObject().getAsJsonObject("memory")
                .getAsJsonObject("setting");
        CliTest.Outcome o = CliTest.run(plain);
        assertEquals(0, o.code(), o.err());
        JsonObject m = JsonParser.parseString(o.out().strip()).getAsJsonObject().getAsJsonObject("memory");
        assertEquals("tnp", m.get("kind").getAsString());
        assertTrue(m.get("chosen_on").getAsString().contains("as saved in"), m.toString());
        assertEquals(setting.get("lambda").toString(), m.getAsJsonObject("setting").get("lambda").toString(),
                "the lambdas evaluate tuned");
        Path params = run.resolve("memory").resolve("tnp-events.params");
        byte[] b = Files.readAllBytes(params);
        b[b.length / 2] ^= 1;
        Files.write(params, b);
        CliTest.Outcome damaged = CliTest.run(plain);
        assertEquals(2, damaged.code());
        assertTrue(damaged.err().contains("tnp-events.params is damaged"), damaged.err());
    }

    @Test
    void memoryBuildsTheBanksAndEvaluatesEachAsEvaluateDoes() throws IOException {
        CliTest.Outcome built = CliTest.run("memory", "--run", run.toString(), "--build-only", "--json");
        assertEquals(0, built.code(), built.err());
        com.google.gson.JsonArray banks = JsonParser.parseString(built.out().strip()).getAsJsonObject()
                .getAsJsonArray("banks");
        assertEquals(4, banks.size());
        for (var b : banks) {
            Path rows = Path.of(b.getAsJsonObject().get("bank_file").getAsString());
            assertEquals(b.getAsJsonObject().get("windows").getAsInt() + 1, Files.readAllLines(rows).size(), rows
                    .toString());
        }
        CliTest.Outcome o = CliTest.run("memory", "--run", run.toString(), "--device", "cpu", "--bank",
                "train,shuffled", "--json");
        assertEquals(0, o.code(), o.err());
        com.google.gson.JsonArray evaluations = JsonParser.parseString(o.out().strip()).getAsJsonObject()
                .getAsJsonArray("evaluations");
        assertEquals(2, evaluations.size());
        // each the same numbers as evaluate with that memory alone
        CliTest.Outcome one = CliTest.run("evaluate", "--run", run.toString(), "--device", "cpu", "--memory", "pnp",
                "--bank", "shuffled", "--json");
        JsonObject alone = JsonParser.parseString(one.out().strip()).getAsJsonObject().getAsJsonObject("memory");
        JsonObject inStudy = evaluations.get(1).getAsJsonObject();
        assertEquals("shuffled", inStudy.get("bank").getAsString());
        assertEquals(alone.getAsJsonObject("setting").toString(), inStudy.getAsJsonObject("setting").toString());
        assertEquals(alone.getAsJsonObject("test").toString(), inStudy.getAsJsonObject("test").toString());
        CliTest.Outcome table = CliTest.run("memory", "--run", run.toString(), "--device", "cpu", "--bank", "train");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("module  bank") && table.out().contains("pnp     train"), table.out());
        CliTest.Outcome bad = CliTest.run("memory", "--run", run.toString(), "--memory", "pnp,later");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--memory: 'later'"), bad.err());
    }

    @Test
    void benchMemoryTimesEachBankSizeAgainstTheModelAlone() {
        CliTest.Outcome o = CliTest.run("bench", "memory", "--run", run.toString(), "--sizes", "16,all", "--repeats",
                "1", "--json");
        assertEquals(0, o.code(), o.err());
        com.google.gson.JsonArray sizes = JsonParser.parseString(o.out().strip()).getAsJsonObject()
                .getAsJsonArray("sizes");
        assertEquals(3, sizes.size(), "the model alone is always measured: " + sizes);
        JsonObject alone = sizes.get(0).getAsJsonObject();
        assertEquals(0, alone.get("bank_windows").getAsInt());
        assertEquals(1.0, alone.get("ratio_to_model").getAsDouble(), 0.0);
        assertEquals(16, sizes.get(1).getAsJsonObject().get("bank_windows").getAsInt(), 1);
        assertTrue(sizes.get(2).getAsJsonObject().get("bank_windows").getAsInt() > 16);
        assertTrue(sizes.get(2).getAsJsonObject().get("ms_per_batch").getAsDouble() > 0);
        for (String ratio : List.of("future_ratio_to_model", "tune_and_play_ratio_to_model")) {
            assertTrue(sizes.get(2).getAsJsonObject().get(ratio).getAsDouble() > 0, ratio);
            assertEquals(1.0, alone.get(ratio).getAsDouble(), 0.0, ratio);
        }
        assertEquals(2, CliTest.run("bench", "memory", "--run", run.toString(), "--sizes", "many").code());
    }

    @Test
    void aCopiedBestModelStillSaysWhereItCameFrom() throws IOException {
        Path copy = Files.copy(run.resolve("best.params"), tmp.resolve("somewhere-else.params"));
        CliTest.Outcome o = CliTest.run("model", "provenance", copy.toString());
        assertEquals(0, o.code(), o.err());
        String sha = JsonParser.parseString(Files.readString(run.resolve("data.json"))).getAsJsonObject()
                .get("sha256").getAsString();
        assertTrue(o.out().contains(sha), "the data's SHA-256: " + o.out());
        assertTrue(o.out().contains("\"seed\": 2024") && o.out().contains("\"in_len\": 24")
                && o.out().contains("\"hopcast\""), o.out());
        Files.write(copy, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        assertEquals(2, CliTest.run("model", "provenance", copy.toString()).code(), "a damaged file is refused");
    }

    @Test
    void evaluateReproducesTheTestMetrics() throws IOException {
        CliTest.Outcome o = CliTest.run("evaluate", "--run", run.toString(), "--device", "cpu", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        assertEquals(trained.get("test_mse").getAsDouble(), j.get("test_mse").getAsDouble(), 1e-5);
        assertEquals(7, j.getAsJsonArray("per_series").size());
        JsonObject linear = j.getAsJsonObject("baselines").getAsJsonObject("linear");
        assertEquals(7, linear.getAsJsonObject("test").getAsJsonArray("per_series").size());
        assertEquals(trained.getAsJsonObject("baselines").get("linear").getAsDouble(),
                linear.getAsJsonObject("test").get("mse").getAsDouble(), 1e-12);
        // the default linear path, fixed at its start: its part alone is the same in train and evaluate (what the
        // Hopfield layers added is the difference to the model); it is the linear baseline where it started as its
        // fit, and another map where validation shrank the fit
        double part = j.getAsJsonObject("linear_part").get("mse").getAsDouble();
        assertEquals(trained.get("linear_part_mse").getAsDouble(), part, 1e-12);
        double baseline = linear.getAsJsonObject("test").get("mse").getAsDouble();
        JsonObject zero = JsonParser.parseString(Files.readString(run.resolve("history.json"))).getAsJsonArray().get(0)
                .getAsJsonObject();
        assertEquals(0, zero.get("epoch").getAsInt());
        if (zero.get("start").getAsString().equals("linear")) {
            assertEquals(baseline, part, 1e-6 * baseline);
        } else {
            assertTrue(Math.abs(baseline - part) > 1e-6 * baseline, zero.get("start") + ": " + part + " vs " + baseline);
        }
        assertEquals(7, j.getAsJsonObject("linear_part").getAsJsonArray("per_series").size());
        CliTest.Outcome text = CliTest.run("evaluate", "--run", run.toString(), "--device", "cpu");
        assertTrue(text.out().contains("Beside the baselines") && text.out().contains("seasonal naive"), text.out());
        assertTrue(text.out().contains("linear part (model)"), text.out());
    }

    @Test
    void forecastWithAMemoryUsesTheSettingEvaluateChoseAndOnlyWindowsKnownByThen() throws IOException {
        Path input = BuiltInFile.head(tmp, 700); // ends inside the run's validation split
        String[] plain = {"forecast", "--run", run.toString(), "--input", input.toString(), "--device", "cpu", "--json"};
        JsonObject alone = JsonParser.parseString(CliTest.run(plain).out().strip()).getAsJsonObject();
        CliTest.Outcome off = CliTest.run(concat(plain, "--memory", "pnp", "--memory-lambda", "0"));
        assertEquals(0, off.code(), off.err());
        assertEquals(alone.get("values").toString(), JsonParser.parseString(off.out().strip()).getAsJsonObject()
                .get("values").toString(), "lambda 0 is the model's forecast");
        CliTest.Outcome evaluated = CliTest.run("evaluate", "--run", run.toString(), "--device", "cpu", "--memory", "pnp",
                "--bank", "stream", "--memory-lambda", "0.5");
        assertEquals(0, evaluated.code(), evaluated.err());
        CliTest.Outcome o = CliTest.run(concat(plain, "--memory", "pnp", "--bank", "stream", "--memory-lambda", "0.5"));
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        JsonObject m = j.getAsJsonObject("memory");
        assertTrue(m.get("chosen_on").getAsString().contains("as saved"), m.toString());
        assertEquals(0.5, m.getAsJsonObject("setting").get("lambda").getAsDouble(), 0.0);
        // the stream bank holds every window of the run's 1,000 rows; before row 700 only those ending by then
        assertTrue(m.get("usable_windows").getAsInt() < m.get("bank_size").getAsInt(), m.toString());
        assertEquals(700 - 24 - 12 + 1, m.get("usable_windows").getAsInt(), m.toString());
        assertTrue(!alone.get("values").toString().equals(j.get("values").toString()), "a memory mixed in");
    }

    @Test
    void forecastContinuesTheFileWithTimestamps() throws IOException {
        Path input = BuiltInFile.head(tmp, 100);
        Path out = tmp.resolve("next.csv");
        CliTest.Outcome o = CliTest.run("forecast", "--run", run.toString(), "--input", input.toString(), "--out",
                out.toString(), "--device", "cpu", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        assertEquals(12, j.getAsJsonArray("timestamps").size());
        assertEquals("2016-07-05 04:00:00", j.getAsJsonArray("timestamps").get(0).getAsString()); // row 100 + 1 h
        List<String> csv = Files.readAllLines(out);
        assertTrue(csv.get(0).startsWith("timestamp,step,HUFL,HULL,MUFL,MULL,LUFL,LULL,OT,HUFL_lower_80,HUFL_upper_80,"
                + "HUFL_lower_95,HUFL_upper_95,HULL_lower_80"), csv.get(0));
        assertEquals(9 + 7 * 4, csv.get(0).split(",").length);
        assertEquals(13, csv.size());
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            for (int c = 0; c < 7; c++) {
                double v = Double.parseDouble(f[2 + c]);
                int b = 9 + 4 * c;
                double lo80 = Double.parseDouble(f[b]);
                double hi80 = Double.parseDouble(f[b + 1]);
                double lo95 = Double.parseDouble(f[b + 2]);
                double hi95 = Double.parseDouble(f[b + 3]);
                assertTrue(lo95 <= lo80 && lo80 < v && v < hi80 && hi80 <= hi95, line);
            }
        }
        JsonObject bands = j.getAsJsonObject("intervals");
        assertEquals(run.toAbsolutePath().normalize().toString(), bands.get("validated_by").getAsString());
        assertEquals("adaptive-scaled", bands.get("method").getAsString());
    }

    @Test
    void theIntervalsAreTheSameInTrainEvaluateAndTheRunFiles() throws IOException {
        JsonObject t = trained.getAsJsonObject("intervals");
        CliTest.Outcome o = CliTest.run("evaluate", "--run", run.toString(), "--device", "cpu", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject e = JsonParser.parseString(o.out().strip()).getAsJsonObject().getAsJsonObject("intervals");
        JsonObject saved = JsonParser.parseString(Files.readString(run.resolve("metrics.json"))).getAsJsonObject()
                .getAsJsonObject("intervals");
        for (JsonObject r : List.of(e, saved)) {
            assertEquals("adaptive-scaled", r.get("method").getAsString());
            assertEquals(4, r.getAsJsonObject("model").size(), "split and adaptive, on absolute and scaled errors");
            var levels = r.getAsJsonObject("model").getAsJsonObject("adaptive-scaled").getAsJsonArray("levels");
            assertEquals(2, levels.size());
            for (int k = 0; k < 2; k++) {
                JsonObject l = levels.get(k).getAsJsonObject();
                JsonObject line = t.getAsJsonObject("levels")
                        .getAsJsonObject(k == 0 ? "80" : "95");
                assertEquals(line.get("coverage").getAsDouble(), l.get("coverage").getAsDouble(), 1e-12);
                assertEquals(line.get("winkler").getAsDouble(), l.get("winkler").getAsDouble(), 1e-9);
                assertEquals(7, l.getAsJsonArray("per_series").size());
            }
            assertTrue(r.getAsJsonObject("persistence").has("split"), r.toString());
        }
        List<String> csv = Files.readAllLines(run.resolve("forecast.csv"));
        assertEquals("timestamp,series,window,step,truth,prediction,lower_80,upper_80,lower_95,upper_95", csv.get(0));
        long inside = 0;
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",");
            double y = Double.parseDouble(f[4]);
            double p = Double.parseDouble(f[5]);
            assertTrue(Double.parseDouble(f[8]) <= Double.parseDouble(f[6]) && Double.parseDouble(f[6]) <= p
                    && p <= Double.parseDouble(f[7]) && Double.parseDouble(f[7]) <= Double.parseDouble(f[9]), line);
            inside += Double.parseDouble(f[6]) <= y && y <= Double.parseDouble(f[7]) ? 1 : 0;
        }
        // the CSV's bands are the ones whose coverage train reported (float rounding may move a boundary point)
        assertEquals(t.getAsJsonObject("levels").getAsJsonObject("80").get("coverage").getAsDouble(),
                inside / (double) (csv.size() - 1), 1e-3);
        CliTest.Outcome text = CliTest.run("evaluate", "--run", run.toString(), "--device", "cpu");
        assertTrue(text.out().contains("Prediction intervals on the test split") && text.out().contains("persistence:"),
                text.out());
    }

    /** {@code train --coverage} is the run's coverage setting: recorded in config.json, calibrated after training. */
    @Test
    void trainCalibratesAtItsCoverageSetting() throws IOException {
        Path dir = tmp.resolve("coverage-setting");
        CliTest.Outcome o = CliTest.run(concat(new String[] {"train", "--out", dir.toString(), "--coverage", "90%",
            "--max-steps", "2", "--json"}, TINY));
        assertEquals(0, o.code(), o.err());
        JsonObject config = JsonParser.parseString(Files.readString(dir.resolve("config.json"))).getAsJsonObject();
        assertEquals("[0.9]", config.getAsJsonObject("training").get("coverages").toString());
        JsonObject bands = JsonParser.parseString(Files.readString(dir.resolve("intervals.json"))).getAsJsonObject();
        assertEquals("[0.9]", bands.get("coverages").toString());
        CliTest.Outcome bad = CliTest.run(concat(new String[] {"train", "--out", tmp.resolve("bad-coverage").toString(),
            "--coverage", "0"}, TINY));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("coverage") && bad.err().contains("strictly between 0 and 1"), bad.err());
    }

    @Test
    void otherCoveragesAreCalibratedOnceAndSaved() throws IOException {
        Path copy = tmp.resolve("coverage-copy");
        try (var files = Files.walk(run)) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().endsWith(".lock")) {
                    Files.copy(p, copy.resolve(run.relativize(p).toString()));
                }
            }
        }
        CliTest.Outcome o = CliTest.run("evaluate", "--run", copy.toString(), "--coverage", "90", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject e = JsonParser.parseString(o.out().strip()).getAsJsonObject().getAsJsonObject("intervals");
        assertEquals("[0.9]", e.get("coverages").toString());
        Path file = copy.resolve("intervals.json");
        assertTrue(Files.readString(file).contains("0.9"));
        var stamp = Files.getLastModifiedTime(file);
        Path input = BuiltInFile.copy(tmp);
        CliTest.Outcome f = CliTest.run("forecast", "--run", copy.toString(), "--input", input.toString(), "--coverage",
                "0.9", "--json");
        assertEquals(0, f.code(), f.err());
        assertEquals("[0.9]", JsonParser.parseString(f.out().strip()).getAsJsonObject().getAsJsonObject("intervals")
                .get("coverages").toString());
        assertEquals(stamp, Files.getLastModifiedTime(file), "the saved calibration is used as it is");
        CliTest.Outcome bad = CliTest.run("evaluate", "--run", copy.toString(), "--coverage", "0.8,150");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--coverage: 150 must lie strictly between 0 and 1"), bad.err());
        CliTest.Outcome text = CliTest.run("forecast", "--run", copy.toString(), "--input", input.toString(),
                "--coverage", "eighty");
        assertEquals(2, text.code());
        assertTrue(text.err().contains("'eighty' is not a number"), text.err());
    }

    @Test
    void aFinalModelTrainsOnEveryRowAndCarriesItsValidatedRunsStatement() throws IOException {
        // validated on a 1,200-row file, so that "every row" is 1,200 rows, not the built-in's 17,420 (70 s)
        Path small = BuiltInFile.head(tmp, 1200);
        Path validatedRun = tmp.resolve("validated-small");
        CliTest.Outcome v = CliTest.run(concat(new String[] {"train", "--input", small.toString(), "--out",
            validatedRun.toString()}, TINY));
        assertEquals(0, v.code(), v.err());
        Path fin = tmp.resolve("final");
        CliTest.Outcome o = CliTest.run("train", "--final", "--from", validatedRun.toString(), "--out", fin.toString(),
                "--json");
        assertEquals(0, o.code(), o.err());
        String[] lines = o.out().strip().split("\n");
        JsonObject j = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        int best = 0;
        for (var e : JsonParser.parseString(Files.readString(validatedRun.resolve("history.json"))).getAsJsonArray()) {
            if (e.getAsJsonObject().get("best").getAsBoolean()) {
                best = e.getAsJsonObject().get("epoch").getAsInt();
            }
        }
        assertEquals(best, j.get("epochs").getAsInt(), "the epochs the validated run needed");
        assertTrue(j.get("test_mse").isJsonNull(), "nothing held out, nothing tested: " + j);
        String validated = validatedRun.toAbsolutePath().normalize().toString();
        assertTrue(j.get("note").getAsString().contains("validated run's (" + validated), j.toString());
        JsonObject config = JsonParser.parseString(Files.readString(fin.resolve("config.json"))).getAsJsonObject();
        assertEquals("all", config.getAsJsonObject("data").get("split").getAsString());
        assertEquals(validated, config.get("validated_by").getAsString());
        JsonObject data = JsonParser.parseString(Files.readString(fin.resolve("data.json"))).getAsJsonObject();
        assertEquals(1200, data.get("rows").getAsInt());
        assertEquals(data.get("rows").getAsInt(), data.get("train").getAsInt(), "every row is training data");
        assertEquals(Files.readString(validatedRun.resolve("intervals.json")),
                Files.readString(fin.resolve("intervals.json")));
        JsonObject metrics = JsonParser.parseString(Files.readString(fin.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(validated, metrics.get("validated_by").getAsString());
        assertEquals(JsonParser.parseString(Files.readString(validatedRun.resolve("metrics.json"))),
                metrics.get("validated_run_metrics"));
        // the provenance every copy of the weights carries names the validating run
        CliTest.Outcome prov = CliTest.run("model", "provenance", fin.resolve("best.params").toString());
        assertEquals(0, prov.code(), prov.err());
        assertTrue(prov.out().contains(validated) && prov.out().contains("\"split\": \"all\""), prov.out());
        // its forecast starts after the file's last row, with the validated run's bands
        Path input = BuiltInFile.copy(tmp);
        List<String> rows = Files.readAllLines(input);
        CliTest.Outcome f = CliTest.run("forecast", "--run", fin.toString(), "--input", input.toString(), "--json");
        assertEquals(0, f.code(), f.err());
        JsonObject fj = JsonParser.parseString(f.out().strip()).getAsJsonObject();
        java.time.LocalDateTime last = java.time.LocalDateTime.parse(rows.get(rows.size() - 1).split(",")[0]
                .replace(' ', 'T'));
        assertEquals(last.plusHours(1).toString().replace('T', ' ') + ":00",
                fj.getAsJsonArray("timestamps").get(0).getAsString());
        assertEquals(validated, fj.getAsJsonObject("intervals").get("validated_by").getAsString());
        CliTest.Outcome e = CliTest.run("evaluate", "--run", fin.toString());
        assertEquals(2, e.code());
        assertTrue(e.err().contains("is a final model") && e.err().contains(validated), e.err());
        CliTest.Outcome again = CliTest.run("train", "--final", "--from", fin.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("is itself a final model"), again.err());
        assertEquals(2, CliTest.run("train", "--final").code());
        assertEquals(2, CliTest.run("train", "--final", "--from", validatedRun.toString(), "--epochs", "3").code());
    }

    @Test
    void forecastRefusesAFileWithOtherSeries() throws IOException {
        Path input = tmp.resolve("other.csv");
        StringBuilder sb = new StringBuilder("date,a,b\n");
        for (int i = 0; i < 50; i++) {
            sb.append(String.format("2020-01-%02d %02d:00:00,%d,%d%n", 1 + i / 24, i % 24, i, i));
        }
        Files.writeString(input, sb.toString());
        CliTest.Outcome o = CliTest.run("forecast", "--run", run.toString(), "--input", input.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("trained on [HUFL"), o.err());
    }

    @Test
    void badRunDirectoriesAndOptionsExitTwo() throws IOException {
        CliTest.Outcome missing = CliTest.run("evaluate", "--run", tmp.resolve("nope").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("does not exist"), missing.err());
        Path notRun = Files.createDirectories(tmp.resolve("empty"));
        CliTest.Outcome empty = CliTest.run("evaluate", "--run", notRun.toString());
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("not a Hopcast run directory"), empty.err());
        CliTest.Outcome preset = CliTest.run("train", "--preset", "nope");
        assertEquals(2, preset.code());
        assertTrue(preset.err().contains("unknown preset 'nope'"), preset.err());
        CliTest.Outcome sep = CliTest.run("train", "--separation", "relu", "--out", tmp.resolve("x").toString());
        assertEquals(2, sep.code());
        assertTrue(sep.err().contains("unknown separation function 'relu'"), sep.err());
        CliTest.Outcome heads = CliTest.run("train", "--d-model", "10", "--heads", "4");
        assertEquals(2, heads.code());
        assertTrue(heads.err().contains("multiple of n_heads"), heads.err());
        CliTest.Outcome again = CliTest.run(concat(new String[] {"train", "--out", run.toString()}, TINY));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a run"), again.err());
        CliTest.Outcome resumeWithOther = CliTest.run("train", "--resume", run.toString(), "--lr", "1");
        assertEquals(2, resumeWithOther.code());
        assertTrue(resumeWithOther.err().contains("only --epochs"), resumeWithOther.err());
    }

    @Test
    void configFilesSetOptionsAndTheCommandLineWins() throws IOException {
        Path yaml = tmp.resolve("c.yaml");
        Files.writeString(yaml, "preset: etth1-paper\nseparation: softmax_1\nblock-norms: outeffhop\n");
        CliTest.Outcome o = CliTest.run("model", "summary", "--config", yaml.toString(), "--json");
        assertEquals(0, o.code(), o.err());
        assertEquals(8_085_540L, JsonParser.parseString(o.out().strip()).getAsJsonObject().get("params").getAsLong());
        Path json = tmp.resolve("c.json");
        Files.writeString(json, "{\"preset\": \"etth1-paper\", \"separation\": \"softmax_1\"}");
        CliTest.Outcome p = CliTest.run("model", "summary", "--config", json.toString(), "--separation", "alpha-entmax",
                "--json");
        assertEquals(8_093_238L, JsonParser.parseString(p.out().strip()).getAsJsonObject().get("params").getAsLong());
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "epochz: 3\n");
        CliTest.Outcome b = CliTest.run("model", "summary", "--config", bad.toString());
        assertEquals(2, b.code());
        assertTrue(b.err().contains("unknown setting 'epochz'"), b.err());
    }

    @Test
    void modelSettingsListTheSchemaWithAPresetsValues() {
        CliTest.Outcome o = CliTest.run("model", "settings", "--preset", "etth1-paper", "--json");
        assertEquals(0, o.code(), o.err());
        com.google.gson.JsonArray rows = JsonParser.parseString(o.out().strip()).getAsJsonArray();
        List<String> keys = new java.util.ArrayList<>();
        rows.forEach(r -> keys.add(r.getAsJsonObject().get("key").getAsString()));
        assertEquals(org.hopcast.forecasting.settings.Settings.keys(), keys);
        JsonObject dModel = rows.get(keys.indexOf("d-model")).getAsJsonObject();
        assertEquals(256, dModel.get("value").getAsInt());
        assertEquals(2, CliTest.run("model", "settings", "--preset", "nope").code());
        // every setting is also an option of train
        String help = CliTest.run("train", "--help").out();
        // yes/no settings may stand alone (--track-outliers), so their value is optional: --mix[=BOOL]
        keys.forEach(k -> assertTrue(help.contains("--" + k + "=") || help.contains("--" + k + "[="), k));
        assertTrue(help.contains("--track-outliers[=BOOL]"), help);
    }

    @Test
    void modelSummaryOfThePaperConfiguration() {
        CliTest.Outcome o = CliTest.run("model", "summary", "--preset", "etth1-paper", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        assertEquals(8_093_238L, j.get("params").getAsLong());
        assertTrue(j.getAsJsonArray("blocks").size() > 5);
    }

    @Test
    void inspectWritesTheAssociationMapOfALayer() throws IOException {
        CliTest.Outcome list = CliTest.run("inspect", "--run", run.toString(), "--layer", "list");
        assertEquals(0, list.code(), list.err());
        List<String> layers = List.of(list.out().strip().split("\n"));
        assertEquals(3 + 2 * 4, layers.size()); // 1 encoder block x 3, 2 decoder layers x (3 + cross)
        assertTrue(layers.contains("decoder.layer1.cross.hopfield"), layers.toString());
        Path out = tmp.resolve("inspect");
        CliTest.Outcome o = CliTest.run("inspect", "--run", run.toString(), "--layer", "encoder.block0.sthm.time.hopfield",
                "--head", "1", "--window", "3", "--row", "2", "--out", out.toString(), "--device", "cpu", "--json");
        assertEquals(0, o.code(), o.err());
        JsonObject j = JsonParser.parseString(o.out().strip()).getAsJsonObject();
        com.google.gson.JsonArray w = j.getAsJsonArray("weights");
        assertEquals(4, w.size()); // in_len 24 / seg 6 = 4 segments attend to 4
        for (var rowOfWeights : w) {
            double sum = 0;
            for (var v : rowOfWeights.getAsJsonArray()) {
                sum += v.getAsDouble();
            }
            assertEquals(1.0, sum, 1e-4); // alpha-entmax rows sum to 1
        }
        assertTrue(j.get("alpha").getAsDouble() > 1 && j.get("alpha").getAsDouble() < 2);
        for (String f : List.of("association.png", "association.csv", "layer.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        // rows of a time association are series; its queries are segments, labelled by their start, seg_len apart
        assertTrue(j.get("row_label").getAsString().startsWith("series "), j.toString());
        com.google.gson.JsonArray q = j.getAsJsonArray("query_labels");
        assertEquals(4, q.size());
        // ETTh1 spans 2016 to 2018: the labels carry the year
        assertTrue(q.get(0).getAsString().matches("2016-\\d\\d-\\d\\d \\d\\d:\\d\\d"), q.toString());
        int m0 = java.time.LocalTime.parse(q.get(0).getAsString().substring(11)).toSecondOfDay() / 60;
        int m1 = java.time.LocalTime.parse(q.get(1).getAsString().substring(11)).toSecondOfDay() / 60;
        assertEquals(6 * 60, Math.floorMod(m1 - m0, 24 * 60), "segments start seg_len (6) hours apart: " + q);
        assertTrue(Files.readString(out.resolve("association.csv")).startsWith("query," + q.get(0).getAsString()));
        Path pool = tmp.resolve("pool");
        CliTest.Outcome p = CliTest.run("inspect", "--run", run.toString(), "--layer",
                "encoder.block0.sthm.series.pooling", "--out", pool.toString(), "--json");
        assertEquals(0, p.code(), p.err());
        assertTrue(Files.readString(pool.resolve("memory.csv")).startsWith("pattern,d0,"), "the learned memories");
        assertTrue(JsonParser.parseString(p.out().strip()).getAsJsonObject().get("stored_labels").toString()
                .contains("memory 0"));
        CliTest.Outcome badHead = CliTest.run("inspect", "--run", run.toString(), "--layer",
                "encoder.block0.sthm.time.hopfield", "--head", "9", "--out", out.toString());
        assertEquals(2, badHead.code());
        assertTrue(badHead.err().contains("has 2 heads"), badHead.err());
        CliTest.Outcome badLayer = CliTest.run("inspect", "--run", run.toString(), "--layer", "nope");
        assertEquals(2, badLayer.code());
        assertTrue(badLayer.err().contains("no Hopfield layer 'nope'"), badLayer.err());
    }
}
