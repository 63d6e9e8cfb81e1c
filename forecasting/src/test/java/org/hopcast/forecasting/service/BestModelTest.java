package org.hopcast.forecasting.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDArray;

import com.google.gson.JsonParser;

import org.hopcast.datasets.Split;
import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.run.Checkpoints;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.forecasting.train.TrainingSession;
import org.hopcast.hopfield.ops.Scalars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever epoch was best, train reports (CLI, JSON, metrics.json, forecast.csv) the best model's test numbers,
 * the same numbers evaluate computes from the run's files: the best model is reloaded into the arrays the
 * training's parameter store already holds.
 */
class BestModelTest {
    @TempDir
    Path tmp;

    /** Changes the first weight array in place (the parameter store holds this very array). */
    private static void alter(TrainingSession s, double factor) {
        NDArray w = s.net().getParameters().get(0).getValue().getArray();
        Checkpoints.copyInto(w, Scalars.mul(w, factor));
    }

    /** Spoils the weights (finite, far off) right after the last step of {@code epoch}, before its validation. */
    private static TrainingListener spoilAfter(TrainingSession s, int epoch) {
        return new TrainingListener() {
            @Override
            public void onStep(Step step) {
                if (step.epoch() == epoch && step.stepInEpoch() == step.stepsPerEpoch()) {
                    alter(s, 40);
                }
            }
        };
    }

    private static double metricsFileMse(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("metrics.json"))).getAsJsonObject()
                .getAsJsonObject("metrics").get("mse").getAsDouble();
    }

    @Test
    void trainReportsTheBestEpochNotTheLast() throws IOException {
        Path dir = tmp.resolve("best-not-last");
        RunService.TrainOutcome r = RunService.run(() -> TrainingSession.start(TinyRuns.spec(Map.of()), dir),
                s -> spoilAfter(s, 3), () -> false);
        assertEquals(StopReason.COMPLETED, r.stop());
        assertTrue(r.bestEpoch() < 3, "the spoiled last epoch is not the best: " + r.bestEpoch());
        double evaluated = RunService.evaluate(dir, null, "cpu").test().mse();
        assertEquals(evaluated, r.test().mse(), 0.0, "train and evaluate report the same test MSE");
        assertEquals(evaluated, metricsFileMse(dir), 0.0);
        // the run opened from the outcome holds the training's own test, and its best model agrees with it
        try (RunAnalysis a = r.open("cpu")) {
            assertSame(r.testForecasts(), a.testForecasts(), "the test split is not forecast twice");
            assertSame(r.data(), a.data(), "the data is not read again");
            assertEquals(r.bestEpoch(), a.run().bestWeights().epoch());
            assertEquals(evaluated, a.testMetrics().mse(), 0.0);
        }
    }

    @Test
    void afterADivergenceTheResultsAreTheBestModels() throws IOException {
        Path dir = tmp.resolve("diverged");
        RunService.TrainOutcome r = RunService.run(() -> TrainingSession.start(TinyRuns.spec(Map.of()), dir),
                s -> new TrainingListener() {
                    @Override
                    public void onStep(Step step) {
                        if (step.epoch() == 2 && step.stepInEpoch() == 3) {
                            alter(s, Double.NaN);
                        }
                    }
                }, () -> false);
        assertEquals(StopReason.DIVERGED, r.stop());
        assertEquals(1, r.bestEpoch());
        assertTrue(Double.isFinite(r.test().mse()), "tested from best.params: " + r.test().mse());
        assertEquals(RunService.evaluate(dir, null, "cpu").test().mse(), r.test().mse(), 0.0);
        assertFalse(Files.readString(dir.resolve("forecast.csv")).contains("NaN"));
    }

    @Test
    void theBestEpochsOwnPassesAreTheFinalForecasts() {
        // the final test and the interval calibration take the predictions the best epoch's passes made; they must
        // be the floats that forecasting those windows with the reloaded best model gives
        Path dir = tmp.resolve("held");
        try (TrainingSession s = TrainingSession.start(TinyRuns.spec(Map.of("epochs", 3)), dir)) {
            s.train(spoilAfter(s, 3), () -> false);
            float[] test = s.bestPredictions(Split.TEST, 1);
            float[] val = s.bestPredictions(Split.VAL, 1);
            assertTrue(test != null && val != null, "this session ran the best epoch, so it holds its passes");
            assertEquals(null, s.bestPredictions(Split.VAL, 2), "not the windows validation used");
            assertTrue(s.loadBest() < 3);
            int batch = s.run().spec().training().batchSize();
            for (Split split : new Split[] {Split.TEST, Split.VAL}) {
                Forecasts fresh = Forecasts.of(s.net(), s.parameterStore(), s.manager(), s.data(), split, batch);
                Forecasts held = Forecasts.of(s.data().windows(split).build(), split == Split.TEST ? test : val);
                assertEquals(0.0, held.meanSquaredDifference(fresh), 0.0, split + ": the same floats");
            }
        }
        // a later session did not run the best epoch: it holds nothing, and the results are forecast again
        try (TrainingSession s = TrainingSession.resume(dir, 4, null, null)) {
            assertEquals(null, s.bestPredictions(Split.TEST, 1));
        }
    }

    @Test
    void reloadingTheBestModelReachesTheParameterStore() {
        Path dir = tmp.resolve("reload");
        try (TrainingSession s = TrainingSession.start(TinyRuns.spec(Map.of("epochs", 2)), dir)) {
            s.train(spoilAfter(s, 2), () -> false);
            double spoiled = s.meanBatchMse(Split.VAL, 32);
            assertEquals(1, s.loadBest());
            double reloaded = s.meanBatchMse(Split.VAL, 32);
            assertEquals(s.history().get(0).valMse(), reloaded, 1e-6 * reloaded);
            assertTrue(spoiled > reloaded, spoiled + " vs " + reloaded);
        }
    }
}
