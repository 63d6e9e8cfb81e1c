package org.hopcast.forecasting.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.eval.FutureForecast;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.forecasting.train.TrainingSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-lived process must not grow (issue #34): a forecast and a training step leave no array in the model's
 * long-lived manager. Arrays made from a parameter land there unless moved into the pass's scope; a linear path held
 * fixed and RevIN's rescaling each left two per pass, on every request of a service and every step of a training.
 */
class NothingLeftBehindTest {
    @TempDir
    Path tmp;

    /** The arrays {@code manager} holds now. */
    static int held(NDManager manager) throws ReflectiveOperationException {
        java.lang.reflect.Field f = BaseNDManager.class.getDeclaredField("resources");
        f.setAccessible(true);
        return ((Map<?, ?>) f.get(manager)).size();
    }

    @Test
    void forecastsAndTrainingStepsLeaveNothingInTheModelsManager() throws Exception {
        Path dir = tmp.resolve("run");
        List<Integer> perStep = new ArrayList<>();
        RunService.run(() -> TrainingSession.start(TinyRuns.spec(Map.of("max-steps", 12, "linear-path", "fixed",
                "instance-norm", "revin")), dir), s -> new TrainingListener() {
                    @Override
                    public void onStep(Step step) {
                        try {
                            perStep.add(held(s.manager()));
                        } catch (ReflectiveOperationException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, () -> false);
        assertTrue(perStep.size() >= 10, perStep.toString());
        assertEquals(perStep.get(2), perStep.get(perStep.size() - 1), "arrays held after each step: " + perStep);

        try (TrainedModel model = TrainedModel.load(dir, "cpu")) {
            var table = model.spec().prepareData().table();
            FutureForecast.of(model, table, "warm-up");
            int before = held(model.manager());
            for (int i = 0; i < 25; i++) {
                FutureForecast.of(model, table, "request " + i);
            }
            assertEquals(before, held(model.manager()), "arrays held after 25 forecasts");
        }
    }
}
