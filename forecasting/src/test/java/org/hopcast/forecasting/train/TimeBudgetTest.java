package org.hopcast.forecasting.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.service.RunService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The time budget bounds the whole training command, evaluation passes included. */
class TimeBudgetTest {
    @TempDir
    Path tmp;

    @Test
    void warmUpStepsDoNotCount() {
        TimeBudget b = new TimeBudget(60, 32);
        b.step(30); // the JIT's first step
        b.step(20);
        assertTrue(Double.isNaN(b.perWindow()), "no estimate from warm-up steps");
        b.step(0.064);
        assertEquals(0.001, b.perWindow(), 1e-12); // 64 ms / 32 windows / 2
        b.inference(1000, 0.5);
        assertEquals(0.0005, b.perWindow(), 1e-12, "a measured pass replaces the estimate");
    }

    @Test
    void longPassesAreThinned() {
        TimeBudget b = new TimeBudget(60, 32);
        b.inference(100, 0.1); // 1 ms a window
        assertEquals(1, b.stride(9000)); // 9 s = 15% of 60 s
        assertEquals(2, b.stride(9001));
        assertEquals(10, b.stride(90_000));
        assertEquals(1, new TimeBudget(0, 32).stride(1_000_000), "no budget, no thinning");
    }

    @Test
    void trainingStopsWhenWhatFollowsWouldNotFit() {
        TimeBudget b = new TimeBudget(60, 32);
        b.inference(1000, 1); // 1 ms a window
        for (int i = 0; i < 5; i++) {
            b.step(0.5);
        }
        assertFalse(b.mustStop(40, 10_000, 5)); // 40 + 0.5 + 10 + 5 < 60
        assertTrue(b.mustStop(45, 10_000, 5)); // 45 + 0.5 + 10 + 5 >= 60
        assertFalse(new TimeBudget(0, 32).mustStop(1e9, 1_000_000, 1e9));
    }

    @Test
    void theCommandEndsWithinItsBudget() {
        // the whole of the built-in ETTh1 (2,869 validation and test windows of 24 -> 12) with a small model and a budget of
        // 20 seconds: before, training alone used the budget and the passes came on top of it (the reserve holds the
        // final test, the calibration pass over the validation windows and the per-epoch passes)
        double budget = 20;
        RunService.TrainOutcome r = RunService.train(TinyRuns.spec(Map.of("split", "ett-hour", "max-minutes",
                budget / 60)), tmp.resolve("budget"), new TrainingListener() {
                }, () -> false);
        assertEquals(StopReason.TIME_BUDGET, r.stop());
        assertTrue(r.seconds() <= budget + 1.5, "the command took " + r.seconds() + " s of a " + budget
                + " s budget");
        assertTrue(r.steps() > 5, "it trained: " + r.steps() + " steps");
        List<EpochRecord> h = RunDirectory.open(tmp.resolve("budget")).readHistory();
        assertTrue(h.get(0).evalStride() >= 1, h.toString());
        assertEquals(2869, r.test().windows(), "the final test uses every window");
    }
}
