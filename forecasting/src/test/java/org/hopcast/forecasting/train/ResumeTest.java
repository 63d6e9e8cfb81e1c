package org.hopcast.forecasting.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.gson.JsonParser;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.service.RunService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numbers a run reports come from its best model, and a run continues from whatever complete state it was
 * stopped in, with one history record per epoch and nothing changed by a resume that has nothing to do or is
 * refused.
 */
class ResumeTest {
    @TempDir
    Path tmp;

    private static final TrainingListener QUIET = new TrainingListener() {
    };

    @Test
    void aBudgetStopResumedWithoutMoreBudgetChangesNothing() throws IOException {
        Path dir = tmp.resolve("budget");
        RunService.TrainOutcome first = RunService.train(TinyRuns.spec(Map.of("max-steps", 25)), dir, QUIET,
                () -> false);
        assertEquals(StopReason.STEP_BUDGET, first.stop());
        Map<String, String> before = digests(dir);
        for (int i = 0; i < 3; i++) {
            RunService.TrainOutcome again = RunService.resume(dir, null, null, null, QUIET, () -> false);
            assertEquals(StopReason.STEP_BUDGET, again.stop());
            assertTrue(again.note().contains("step budget"), again.note());
            assertEquals(first.test().mse(), again.test().mse(), 0.0);
            assertEquals(before, digests(dir), "a resume with nothing to do changes no file");
        }
        List<EpochRecord> h = RunDirectory.open(dir).readHistory();
        assertEquals(List.of(1, 2), h.stream().map(EpochRecord::epoch).toList());
        assertTrue(h.get(1).partial() && h.get(1).steps() == 7, "epoch 2 stopped after 7 of 18 steps: " + h.get(1));

        RunService.TrainOutcome done = RunService.resume(dir, null, 0L, null, QUIET, () -> false);
        assertEquals(StopReason.COMPLETED, done.stop());
        List<EpochRecord> full = RunDirectory.open(dir).readHistory();
        assertEquals(List.of(1, 2, 3), full.stream().map(EpochRecord::epoch).toList(), "one record per epoch");
        assertTrue(full.stream().noneMatch(EpochRecord::partial), full.toString());
        assertEquals(18, full.get(1).steps());
    }

    @Test
    void aRefusedResumeWritesNothing() throws IOException {
        Path dir = tmp.resolve("refused");
        RunService.train(TinyRuns.spec(Map.of("epochs", 2)), dir, QUIET, () -> false);
        Map<String, String> before = digests(dir);
        RunException e = assertThrows(RunException.class,
                () -> RunService.resume(dir, 1, null, null, QUIET, () -> false));
        assertTrue(e.getMessage().contains("already completed 2"), e.getMessage());
        assertEquals(before, digests(dir));
        Files.writeString(dir.resolve("checkpoint.params"), "damaged");
        Map<String, String> damaged = digests(dir);
        RunException d = assertThrows(RunException.class,
                () -> RunService.resume(dir, 4, null, null, QUIET, () -> false));
        assertTrue(d.getMessage().contains("checkpoint.params"), d.getMessage());
        assertEquals(damaged, digests(dir), "config.json keeps its epochs");
    }

    @Test
    void aRunStoppedBeforeItsFirstCheckpointStartsOverInPlace() throws IOException {
        Path fresh = tmp.resolve("fresh");
        double expected = RunService.train(TinyRuns.spec(Map.of("epochs", 1)), fresh, QUIET, () -> false)
                .test().mse();
        Path dir = tmp.resolve("settings-only");
        RunService.train(TinyRuns.spec(Map.of("epochs", 1)), dir, QUIET, () -> true); // cancelled at once
        assertFalse(Files.exists(dir.resolve("checkpoint.params")));
        Files.writeString(dir.resolve("history.json"), "[]");
        Files.delete(dir.resolve("data.json")); // as if killed while the run was being created
        RunService.TrainOutcome resumed = RunService.resume(dir, null, null, null, QUIET, () -> false);
        assertEquals(expected, resumed.test().mse(), 1e-5 * expected, "the same run as a fresh start");
        // and starting a new training into that folder is allowed too, before any checkpoint
        Path again = tmp.resolve("restart");
        RunService.train(TinyRuns.spec(Map.of("epochs", 1)), again, QUIET, () -> true);
        RunService.TrainOutcome restarted = RunService.train(TinyRuns.spec(Map.of("epochs", 1)), again, QUIET,
                () -> false);
        assertEquals(expected, restarted.test().mse(), 1e-5 * expected);
    }

    @Test
    void aBestModelWithoutACheckpointSaysWhatCanBeDone() throws IOException {
        Path dir = tmp.resolve("best-only");
        RunService.train(TinyRuns.spec(Map.of("max-steps", 20)), dir, QUIET, () -> false);
        Files.delete(dir.resolve("checkpoint.params"));
        RunException e = assertThrows(RunException.class, () -> RunService.resume(dir, null, null, null, QUIET, () -> false));
        assertTrue(e.getMessage().contains("cannot continue") && e.getMessage().contains("evaluated"), e.getMessage());
        assertTrue(Double.isFinite(RunService.evaluate(dir, null, "cpu").test().mse()));
    }

    @Test
    void aStopBetweenTheCheckpointAndTheBestModelIsRepaired() throws IOException {
        Path dir = tmp.resolve("no-best-yet");
        RunService.TrainOutcome r = RunService.train(TinyRuns.spec(Map.of("max-steps", 18)), dir, QUIET,
                () -> false); // exactly epoch 1: its checkpoint holds the best weights
        Files.delete(dir.resolve("best.params"));
        Files.writeString(dir.resolve("history.json"), "[]");
        assertEquals(r.test().mse(), RunService.evaluate(dir, null, "cpu").test().mse(), 0.0,
                "evaluate takes the best weights from the checkpoint");
        List<String> messages = new ArrayList<>();
        RunService.resume(dir, 1, 0L, null, new TrainingListener() {
            @Override
            public void onMessage(String m) {
                messages.add(m);
            }
        }, () -> false);
        assertTrue(messages.stream().anyMatch(m -> m.contains("best.params rebuilt")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("history.json brought in line")), messages.toString());
        assertEquals(1, RunDirectory.open(dir).bestFileEpoch());
        assertEquals(1, RunDirectory.open(dir).readHistory().size());
        try (TrainedModel m = TrainedModel.load(dir, "cpu")) {
            assertEquals(1, m.epoch());
        }
    }

    @Test
    void aRunWrittenBeforeChecksumsAndNewFieldsStillResumes() throws IOException {
        // an uninterrupted 2-epoch run, and the same run stopped after epoch 1 and rewritten as the Hopcast of the
        // day before wrote it: checkpoint format 1 (no checksum, no history inside, a state without
        // weightsAreBest and evalStride), history records without partial and evalStride
        double straight = RunService.train(TinyRuns.spec(Map.of("epochs", 2)), tmp.resolve("straight"),
                QUIET, () -> false).test().mse();
        Path dir = tmp.resolve("old");
        RunService.train(TinyRuns.spec(Map.of("epochs", 2, "max-steps", 18)), dir, QUIET, () -> false);
        asFormat1(dir.resolve("checkpoint.params"));
        asFormat1(dir.resolve("best.params"));
        String history = TinyRuns.camelCase(JsonParser.parseString(Files.readString(dir.resolve("history.json")))).toString()
                .replaceAll(",\\s*\"partial\":\\s*\\w+", "").replaceAll(",\\s*\"evalStride\":\\s*\\d+", "");
        assertFalse(history.contains("partial") || history.contains("evalStride"), history);
        Files.writeString(dir.resolve("history.json"), history);

        assertEquals(1, RunService.evaluate(dir, null, "cpu").test().windows() > 0 ? 1 : 0);
        RunService.TrainOutcome resumed = RunService.resume(dir, null, 0L, null, QUIET, () -> false);
        assertEquals(StopReason.COMPLETED, resumed.stop());
        assertEquals(straight, resumed.test().mse(), 1e-4 * straight, "the same run as the uninterrupted one");
        assertEquals(2, RunDirectory.open(dir).readHistory().size());
    }

    /** Rewrites a format-2 checkpoint as format 1: no checksum, the header as it was then. */
    private static void asFormat1(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(b));
        String magic = in.readUTF();
        assertEquals(2, in.readInt());
        byte[] header = new byte[in.readInt()];
        in.readFully(header);
        int bodyStart = 2 + magic.length() + 4 + 4 + header.length;
        int bodyEnd = b.length - 32 - 2 - magic.length();
        com.google.gson.JsonObject h = TinyRuns.camelCase(JsonParser.parseString(new String(header,
                java.nio.charset.StandardCharsets.UTF_8))).getAsJsonObject();
        h.remove("historyJson");
        com.google.gson.JsonObject state = TinyRuns.camelCase(JsonParser.parseString(h.get("stateJson").getAsString()))
                .getAsJsonObject();
        state.remove("weightsAreBest");
        state.remove("evalStride");
        if (state.has("stopReason") && state.get("stopReason").isJsonNull()) {
            state.remove("stopReason");
        }
        h.addProperty("stateJson", state.toString());
        byte[] oldHeader = h.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream o = new java.io.DataOutputStream(out);
        o.writeUTF(magic);
        o.writeInt(1);
        o.writeInt(oldHeader.length);
        o.write(oldHeader);
        o.write(b, bodyStart, bodyEnd - bodyStart);
        o.writeUTF(magic);
        Files.write(file, out.toByteArray());
    }

    @Test
    void stepSeedsDifferAcrossStepsAndRuns() {
        assertTrue(TrainingSession.stepSeed(7, 0) != TrainingSession.stepSeed(7, 1));
        assertTrue(TrainingSession.stepSeed(7, 5) != TrainingSession.stepSeed(8, 5));
        assertEquals(TrainingSession.stepSeed(7, 5), TrainingSession.stepSeed(7, 5));
        assertTrue(TrainingSession.stepSeed(-3, 9) >= 0);
    }

    /** SHA-256 of every file of a run (the lock file aside), by name. */
    static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.getFileName().toString().equals(".lock")) {
                    continue;
                }
                try {
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    out.put(dir.relativize(f).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
