package org.hopcast.forecasting.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.service.RunService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training, checkpoints, resume and divergence on a small slice of the built-in ETTh1. */
class TrainingSessionTest {
    @TempDir
    Path tmp;

    static RunSpec tiny(Map<String, Object> extra) {
        return TinyRuns.spec(extra);
    }

    private static final TrainingListener QUIET = new TrainingListener() {
    };

    @Test
    void lossFallsAndTheRunDirectoryIsComplete() throws IOException {
        List<Double> losses = new ArrayList<>();
        TrainingListener record = new TrainingListener() {
            @Override
            public void onStep(Step s) {
                losses.add(s.loss());
            }
        };
        Path dir = tmp.resolve("run");
        RunService.TrainOutcome r = RunService.train(tiny(Map.of()), dir, record, () -> false);
        assertEquals(StopReason.COMPLETED, r.stop());
        assertEquals(3, r.epochs());
        double first = losses.subList(0, 3).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(losses.size() - 3, losses.size()).stream().mapToDouble(Double::doubleValue)
                .average().orElseThrow();
        assertTrue(last < first * 0.8, "training loss falls: " + first + " -> " + last);
        assertTrue(r.test().mse() < r.persistenceMse(), "beats persistence: " + r.test().mse() + " vs "
                + r.persistenceMse());
        for (String f : List.of("config.json", "data.json", "scaler.json", "provenance.json", "history.json",
                "best.params", "checkpoint.params", "metrics.json", "forecast.csv")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertEquals(7, r.charts().size());
        String provenance = Files.readString(dir.resolve("provenance.json"));
        assertTrue(provenance.contains("\"seed\": 7") && provenance.contains("f18de3ad"), provenance);
        List<String> csv = Files.readAllLines(dir.resolve("forecast.csv"));
        assertEquals("timestamp,series,window,step,truth,prediction,lower_80,upper_80,lower_95,upper_95", csv.get(0));
        assertEquals(1 + (200 - 12 + 1) * 12 * 7, csv.size()); // windows x steps x series
    }

    @Test
    void savedModelPredictsExactlyAsTheTrainedOne() {
        Path dir = tmp.resolve("roundtrip");
        float[] before;
        float[] input = new float[24 * 7];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) Math.sin(i * 0.1);
        }
        try (TrainingSession s = TrainingSession.start(tiny(Map.of("max-steps", 10)), dir)) {
            s.train(QUIET, () -> false);
            s.loadBest();
            try (NDManager m = s.manager().newSubManager()) {
                before = s.net().predict(s.parameterStore(), m.create(input, new Shape(1, 24, 7)), false).toFloatArray();
            }
        }
        try (TrainedModel model = TrainedModel.load(dir, "cpu"); NDManager m = model.manager().newSubManager()) {
            float[] after = model.net().predict(model.parameterStore(), m.create(input, new Shape(1, 24, 7)), false)
                    .toFloatArray();
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i], after[i], 1e-5f, "prediction " + i); // float32 rounding of kernel choice
            }
        }
    }

    @Test
    void cancelledThenResumedContinuesWhereItStopped() {
        // What resume must get right is checked directly (the position, the optimizer state and the parameters it
        // continues from), then the outcome against an uninterrupted run: data order and dropout masks are functions
        // of the seed and the step, so with the same threads the two agree to float32 noise, dropout included.
        Map<String, Object> det = Map.of("dropout", 0.1, "epochs", 2);
        Path straight = tmp.resolve("straight");
        Path resumed = tmp.resolve("resumed");
        double straightMse;
        try (TrainingSession s = TrainingSession.start(tiny(det), straight)) {
            s.train(QUIET, () -> false);
            s.loadBest();
            straightMse = s.meanBatchMse(org.hopcast.datasets.Split.TEST, 32);
        }
        AtomicInteger steps = new AtomicInteger();
        TrainingListener count = new TrainingListener() {
            @Override
            public void onStep(Step s) {
                steps.incrementAndGet();
            }
        };
        float[] atCancel;
        try (TrainingSession s = TrainingSession.start(tiny(det), resumed)) {
            assertEquals(StopReason.CANCELLED, s.train(count, () -> steps.get() >= 23)); // mid-epoch 2 of 18 steps
            assertEquals(2, s.state().epoch());
            assertEquals(5, s.state().stepInEpoch());
            atCancel = s.net().getParameters().get(3).getValue().getArray().toFloatArray();
        }
        double resumedMse;
        try (TrainingSession s = TrainingSession.resume(resumed)) {
            assertEquals(23, s.state().globalStep());
            assertEquals(23, s.optimizerSteps(), "Adam's step count is restored");
            float[] loaded = s.net().getParameters().get(3).getValue().getArray().toFloatArray();
            for (int i = 0; i < loaded.length; i++) {
                assertEquals(atCancel[i], loaded[i], 0f, "parameter restored exactly at " + i);
            }
            assertEquals(StopReason.COMPLETED, s.train(QUIET, () -> false));
            assertEquals(36, s.state().globalStep());
            s.loadBest();
            resumedMse = s.meanBatchMse(org.hopcast.datasets.Split.TEST, 32);
        }
        assertEquals(straightMse, resumedMse, 1e-4 * straightMse, "resumed and uninterrupted runs end alike");
    }

    @Test
    void dataOrderIsAFunctionOfSeedAndEpoch() {
        int[] a = org.hopcast.datasets.SeededShuffleSampler.permutation(7, 2, 100);
        assertEquals(java.util.Arrays.toString(a),
                java.util.Arrays.toString(org.hopcast.datasets.SeededShuffleSampler.permutation(7, 2, 100)));
        assertFalse(java.util.Arrays.equals(a, org.hopcast.datasets.SeededShuffleSampler.permutation(7, 3, 100)));
        assertFalse(java.util.Arrays.equals(a, org.hopcast.datasets.SeededShuffleSampler.permutation(8, 2, 100)));
        assertEquals(4950, java.util.Arrays.stream(a).sum()); // a permutation of 0..99
    }

    @Test
    void budgetStopIsResumableWithANewBudget() {
        Path dir = tmp.resolve("budget");
        RunService.TrainOutcome r = RunService.train(tiny(Map.of("max-steps", 25)), dir, QUIET, () -> false);
        assertEquals(StopReason.STEP_BUDGET, r.stop());
        assertEquals(25, r.steps());
        RunService.TrainOutcome more = RunService.resume(dir, null, 40L, null, QUIET, () -> false);
        assertEquals(StopReason.STEP_BUDGET, more.stop());
        assertEquals(40, more.steps());
        RunService.TrainOutcome done = RunService.resume(dir, null, 0L, null, QUIET, () -> false);
        assertEquals(StopReason.COMPLETED, done.stop());
        assertEquals(54, done.steps()); // 3 epochs x 18 steps
    }

    @Test
    void nanLossStopsTrainingAndKeepsTheBestCheckpoint() throws IOException {
        Path dir = tmp.resolve("nan");
        try (TrainingSession s = TrainingSession.start(tiny(Map.of()), dir)) {
            TrainingListener inject = new TrainingListener() {
                @Override
                public void onStep(Step step) {
                    if (step.epoch() == 2 && step.stepInEpoch() == 3) {
                        // corrupt one weight: the next forward pass yields NaN
                        NDArray w = s.net().getParameters().get(0).getValue().getArray();
                        w.set(w.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mul(Float.NaN).toFloatArray());
                    }
                }
            };
            List<String> messages = new ArrayList<>();
            TrainingListener all = TrainingListener.all(inject, new TrainingListener() {
                @Override
                public void onMessage(String m) {
                    messages.add(m);
                }
            });
            assertEquals(StopReason.DIVERGED, s.train(all, () -> false));
            assertTrue(messages.stream().anyMatch(m -> m.contains("NaN") && m.contains("best model (epoch 1)")),
                    messages.toString());
        }
        assertTrue(Files.readString(dir.resolve("status.json")).contains("DIVERGED"));
        try (TrainedModel model = TrainedModel.load(dir, "cpu"); NDManager m = model.manager().newSubManager()) {
            NDArray y = model.net().predict(model.parameterStore(), m.zeros(new Shape(1, 24, 7)), false);
            assertFalse(y.isNaN().any().getBoolean(), "the best checkpoint is intact");
        }
    }

    @Test
    void damagedCheckpointsAreRefusedByName() throws IOException {
        Path dir = tmp.resolve("damaged");
        RunService.train(tiny(Map.of("max-steps", 5)), dir, QUIET, () -> false);
        Path best = dir.resolve("best.params");
        Path checkpoint = dir.resolve("checkpoint.params");
        byte[] bytes = Files.readAllBytes(best);
        Files.write(best, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Files.write(checkpoint, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        RunException e = assertThrows(RunException.class, () -> TrainedModel.load(dir, "cpu"));
        assertTrue(e.getMessage().contains("best.params") && e.getMessage().contains("truncated"), e.getMessage());
        Files.writeString(best, "not a checkpoint");
        RunException f = assertThrows(RunException.class, () -> TrainedModel.load(dir, "cpu"));
        assertTrue(f.getMessage().contains("not a Hopcast checkpoint"), f.getMessage());
    }

    @Test
    void startingTwiceInOneDirectoryIsRefused() {
        Path dir = tmp.resolve("twice");
        RunService.train(tiny(Map.of("max-steps", 2)), dir, QUIET, () -> false);
        RunException e = assertThrows(RunException.class, () -> TrainingSession.start(tiny(Map.of()), dir));
        assertTrue(e.getMessage().contains("already holds a run") && e.getMessage().contains("resume"), e.getMessage());
    }
}
