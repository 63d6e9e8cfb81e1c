package org.hopcast.forecasting.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.hopcast.datasets.IoErrors;
import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.eval.MetricsFile;
import org.hopcast.forecasting.run.files.AtomicFiles;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.run.machine.BuildInfo;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of a run directory is checked when it is read: damage, hand edits that break it and files of the
 * wrong size give a RunException that names the file and the key; hand edits that keep it valid still work.
 */
class RunFilesTest {
    @TempDir
    static Path tmp;
    static Path trained;
    static int bestEpoch;

    /** One full epoch and two steps of the next, stopped by the step budget: the checkpoint holds the best. */
    @BeforeAll
    static void trainOnce() {
        trained = tmp.resolve("trained");
        bestEpoch = RunService.train(TinyRuns.spec(Map.of("max-steps", 20)), trained, new TrainingListener() {
        }, () -> false).bestEpoch();
    }

    /** A fresh copy of the trained run to damage. */
    private static Path copy(String name) throws IOException {
        Path to = tmp.resolve(name);
        Files.createDirectories(to);
        try (var files = Files.list(trained)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return to;
    }

    private static RunException refused(Path run) {
        return assertThrows(RunException.class, () -> TrainedModel.load(run, "cpu").close());
    }

    private static void assertNoJavaNames(String message) {
        assertFalse(message.matches("(?s).*(Exception|java\\.|com\\.google|Input length).*"), message);
    }

    @Test
    void emptyConfigNamesTheFileAndTheMissingKey() throws IOException {
        Path run = copy("empty-config");
        Files.writeString(run.resolve("config.json"), "{}");
        RunException e = refused(run);
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("missing key data"),
                e.getMessage());
        assertNoJavaNames(e.getMessage());
    }

    @Test
    void aWrongTypeNamesTheKeyAndWhatWasExpected() throws IOException {
        Path run = copy("wrong-type");
        JsonObject c = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
        c.getAsJsonObject("model").addProperty("in_len", "abc");
        Files.writeString(run.resolve("config.json"), c.toString());
        RunException e = refused(run);
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("model.in_len")
                && e.getMessage().contains("whole number") && e.getMessage().contains("\"abc\""), e.getMessage());
    }

    @Test
    void aValueOutOfRangeNamesTheFile() throws IOException {
        Path run = copy("out-of-range");
        JsonObject c = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
        c.getAsJsonObject("training").addProperty("batch_size", 0);
        Files.writeString(run.resolve("config.json"), c.toString());
        RunException e = refused(run);
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("batch size"), e.getMessage());
    }

    @Test
    void textGarbageIsNotValidJson() throws IOException {
        Path run = copy("garbage");
        Files.writeString(run.resolve("config.json"), "this is { not json");
        RunException e = refused(run);
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("not valid JSON"), e.getMessage());
        assertNoJavaNames(e.getMessage());
    }

    @Test
    void randomBytesAreNotText() throws IOException {
        Path run = copy("random-bytes");
        byte[] noise = new byte[300];
        new Random(3).nextBytes(noise);
        Files.write(run.resolve("scaler.json"), noise);
        RunException e = refused(run);
        assertTrue(e.getMessage().contains("scaler.json") && e.getMessage().contains("not a text file"), e.getMessage());
        assertNoJavaNames(e.getMessage());
    }

    @Test
    void aScalerForTheWrongNumberOfSeriesIsRefused() throws IOException {
        Path run = copy("scaler-size");
        JsonObject s = JsonParser.parseString(Files.readString(run.resolve("scaler.json"))).getAsJsonObject();
        s.getAsJsonArray("mean").remove(0);
        s.getAsJsonArray("std").remove(0);
        s.remove("series");
        Files.writeString(run.resolve("scaler.json"), s.toString());
        RunException e = refused(run);
        assertTrue(e.getMessage().contains("scaler.json") && e.getMessage().contains("one value per series (7")
                && e.getMessage().contains("found 6"), e.getMessage());
    }

    @Test
    void handEditsThatKeepTheFileValidStillWork() throws IOException {
        Path run = copy("hand-edited");
        JsonObject c = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
        c.addProperty("comment", "tried with a smaller model");
        // compact, keys in another order: still the same settings
        JsonObject reordered = new JsonObject();
        for (String k : List.of("training", "model", "comment", "data", "preset")) {
            reordered.add(k, c.get(k));
        }
        Files.writeString(run.resolve("config.json"), reordered.toString());
        try (TrainedModel m = TrainedModel.load(run, "cpu")) {
            assertEquals(bestEpoch, m.epoch());
        }
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNullAndReadBackAsNaN() throws IOException {
        record Numbers(double a, double b, double c) {
        }
        Path f = tmp.resolve("numbers.json");
        Json.write(f, new Numbers(Double.NaN, Double.POSITIVE_INFINITY, 1.5));
        String text = Files.readString(f);
        assertFalse(text.contains("NaN") || text.contains("Infinity"), text);
        assertTrue(text.contains("\"a\": null"), text);
        Numbers back = Json.read(f, Numbers.class);
        assertTrue(Double.isNaN(back.a()) && Double.isNaN(back.b()) && back.c() == 1.5);
        assertEquals("{\"x\":null}", Json.line(Map.of("x", Double.NaN)));
    }

    @Test
    void flippedBytesInTheBestModelAreCaughtByTheChecksum() throws IOException {
        Path run = copy("flipped");
        // the checkpoint also holds the best epoch's weights here, so damage both: neither may be used
        for (String name : List.of("best.params", "checkpoint.params")) {
            byte[] bytes = Files.readAllBytes(run.resolve(name));
            for (int i = 0; i < 64; i++) {
                bytes[bytes.length / 2 + i] ^= (byte) 0x5A;
            }
            Files.write(run.resolve(name), bytes);
        }
        RunException e = refused(run);
        assertTrue(e.getMessage().contains("best.params") && e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void aDamagedBestModelIsRebuiltFromACheckpointThatHoldsTheSameWeights() throws IOException {
        Path run = copy("recoverable");
        float[] expected;
        try (TrainedModel m = TrainedModel.load(trained, "cpu")) {
            expected = m.net().getParameters().get(0).getValue().getArray().toFloatArray();
        }
        byte[] bytes = Files.readAllBytes(run.resolve("best.params"));
        bytes[bytes.length / 2] ^= 1;
        Files.write(run.resolve("best.params"), bytes);
        try (TrainedModel m = TrainedModel.load(run, "cpu")) {
            assertEquals(bestEpoch, m.epoch());
            float[] got = m.net().getParameters().get(0).getValue().getArray().toFloatArray();
            assertTrue(java.util.Arrays.equals(expected, got), "the checkpoint's weights are the best epoch's");
        }
    }

    @Test
    void checkpointsWithoutAChecksumStillLoad() throws IOException {
        Path run = copy("format-1");
        // rewrite best.params in format 1: magic, 1, header, parameters, extra length, trailer, no checksum
        try (TrainedModel m = TrainedModel.load(trained, "cpu")) {
            Path best = run.resolve("best.params");
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(best))) {
                out.writeUTF("HOPCAST-CHECKPOINT");
                out.writeInt(1);
                byte[] header = ("{\"kind\":\"best\",\"modelSignature\":\"" + m.run().modelSignature(m.net())
                        + "\",\"stateJson\":\"{\\\"epoch\\\":" + bestEpoch + ",\\\"val_mse\\\":1.0}\"}")
                        .getBytes(StandardCharsets.UTF_8);
                out.writeInt(header.length);
                out.write(header);
                m.net().saveParameters(out);
                out.writeLong(0);
                out.writeUTF("HOPCAST-CHECKPOINT");
            }
        }
        Files.delete(run.resolve("checkpoint.params")); // an old run: best.params alone
        try (TrainedModel m = TrainedModel.load(run, "cpu")) {
            assertEquals(bestEpoch, m.epoch());
        }
    }

    @Test
    void aRunDirectoryIsLockedForOneWriterAtATime() {
        Path dir = tmp.resolve("locked");
        try (RunLock first = RunLock.acquire(dir, "train")) {
            RunException e = assertThrows(RunException.class, () -> RunLock.acquire(dir, "resume"));
            assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("in use"), e.getMessage());
            assertTrue(RunLock.heldHere(dir));
        }
        assertFalse(RunLock.heldHere(dir));
        try (RunLock again = RunLock.acquire(dir, "train")) {
            assertTrue(again.dir().endsWith("locked"));
        }
    }

    @Test
    void temporaryFilesOfInterruptedWritesAreRecognisedAndRemoved() throws IOException {
        Path dir = tmp.resolve("temps");
        Files.createDirectories(dir.resolve("charts"));
        Files.writeString(dir.resolve(".checkpoint.params.123abc.tmp"), "half");
        Files.writeString(dir.resolve("charts/.forecast_OT.png.9z.tmp"), "half");
        Files.writeString(dir.resolve("notes.tmp"), "the user's own file");
        assertEquals(2, AtomicFiles.removeStaleTemporaries(dir));
        assertTrue(Files.exists(dir.resolve("notes.tmp")));
        assertFalse(Files.exists(dir.resolve(".checkpoint.params.123abc.tmp")));
    }

    @Test
    void ioErrorsSayWhy() {
        assertEquals("permission denied", IoErrors.reason(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("not a directory", IoErrors.reason(new java.nio.file.NotDirectoryException("/x")));
        assertEquals("no space left on device", IoErrors.reason(new java.nio.file.FileSystemException("/x", null,
                "No space left on device")));
    }

    @Test
    void unnamedRunsGoUnderRunsWithTheStartFirstSoTheyListInOrder() {
        Path p = RunDirectory.defaultPath("quick-alpha-entmax");
        assertEquals(Path.of("runs"), p.getParent());
        assertTrue(p.getFileName().toString().matches("\\d{8}-\\d{6}-quick-alpha-entmax"), p.toString());
    }

    /** Every JSON file of a run is its record, written by one rule (snake_case keys) and read back by one reader. */
    @Test
    void everyRunFileIsARecordWithSnakeCaseKeys() throws IOException {
        RunDirectory run = RunDirectory.open(trained);
        MetricsFile.Tested m = MetricsFile.readTested(run);
        assertEquals(bestEpoch, m.bestEpoch());
        assertTrue(m.hasIntervals() && m.baselines().containsKey("persistence") && m.testMse() > 0, m.toString());
        assertEquals(m.baselines().get("persistence").test().mse(), m.persistenceMse(), 0);
        RunStatus status = run.readStatus();
        assertEquals(StopReason.STEP_BUDGET, status.stopReason());
        assertEquals(20, status.steps());
        Provenance p = run.readProvenance();
        assertEquals(run.spec().training().seed(), p.seed());
        assertEquals(run.dataInfo(), p.data());
        assertEquals(BuildInfo.commit(), p.versions().get("commit"));
        try (var files = Files.list(trained)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).toList()) {
                java.util.regex.Matcher camel = java.util.regex.Pattern.compile("\"([a-z0-9]+[A-Z][A-Za-z0-9]*)\":")
                        .matcher(Files.readString(f));
                assertFalse(camel.find(), f.getFileName() + " has the camelCase key " + (camel.hitEnd() ? "" : camel.group(1)));
            }
        }
    }

    /** Runs written before the snake_case rule (every record's keys in camelCase) load and read the same. */
    @Test
    void filesWithTheOlderCamelCaseKeysStillRead() throws IOException {
        Path run = copy("camel-case");
        for (String name : List.of("config.json", "data.json", "scaler.json", "history.json", "metrics.json",
                "status.json", "provenance.json", "intervals.json")) {
            Path f = run.resolve(name);
            Files.writeString(f, Json.GSON.toJson(TinyRuns.camelCase(JsonParser.parseString(Files.readString(f)))));
        }
        assertTrue(Files.readString(run.resolve("metrics.json")).contains("\"bestEpoch\""));
        RunDirectory old = RunDirectory.open(run);
        RunDirectory now = RunDirectory.open(trained);
        assertEquals(now.spec(), old.spec());
        assertEquals(now.readHistory(), old.readHistory());
        MetricsFile.Tested a = MetricsFile.readTested(now);
        MetricsFile.Tested b = MetricsFile.readTested(old);
        assertEquals(a.bestEpoch(), b.bestEpoch());
        assertEquals(a.metrics(), b.metrics());
        assertEquals(a.intervals().coverages(), b.intervals().coverages());
        assertEquals(now.readStatus().steps(), old.readStatus().steps());
        assertEquals(now.readProvenance().model(), old.readProvenance().model());
        TrainedModel.load(run, "cpu").close();
    }

    /** status.json and provenance.json are checked as config.json is: the file and the key. */
    @Test
    void aDamagedStatusOrProvenanceNamesTheKey() throws IOException {
        Path run = copy("damaged-status");
        Files.writeString(run.resolve("status.json"), "{\"finished\": \"yes\", \"stop_reason\": \"COMPLETED\"}");
        Files.writeString(run.resolve("provenance.json"), "{\"created\": \"now\", \"seed\": \"x\"}");
        RunDirectory d = RunDirectory.open(run);
        RunException status = assertThrows(RunException.class, d::readStatus);
        assertTrue(status.getMessage().contains("status.json") && status.getMessage().contains("finished must be true or"
                + " false"), status.getMessage());
        RunException provenance = assertThrows(RunException.class, d::readProvenance);
        assertTrue(provenance.getMessage().contains("provenance.json") && provenance.getMessage().contains("seed must be"
                + " a whole number"), provenance.getMessage());
        Files.writeString(run.resolve("status.json"), "{\"finished\": true, \"stop_reason\": \"TIRED\", \"steps\": 3}");
        assertTrue(assertThrows(RunException.class, d::readStatus).getMessage().contains("stop_reason must be one of"));
        // the model still loads: its provenance in a checkpoint's header says the file was unreadable
        assertTrue(d.provenanceJson().contains("unreadable"));
    }

    /** A final model's metrics.json is not a test: reading it as one says whose statement it carries. */
    @Test
    void aFinalModelsMetricsAreNotReadAsATest() throws IOException {
        Path run = copy("final-metrics");
        RunDirectory d = RunDirectory.open(run);
        MetricsFile.write(d, MetricsFile.Final.of(100, 1, "/runs/validated", MetricsFile.readTested(d)));
        RunException e = assertThrows(RunException.class, () -> MetricsFile.readTested(d));
        assertTrue(e.getMessage().contains("final model") && e.getMessage().contains("/runs/validated"), e.getMessage());
        assertEquals(bestEpoch, MetricsFile.readFinal(d).validatedRunMetrics().bestEpoch());
    }
}
