package org.hopcast.forecasting.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.hopfield.separation.EntmaxKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * alpha-entmax from the SIMD lanes trains STanHop-Net to libtorch's numbers within float32 rounding: the same run
 * with either source ends with validation and test metrics that agree to a relative 1e-5 (measured: 1e-7; the two
 * differ in the last bits of each forward value and of the surrogate's weights, and a training carries them along).
 */
class EntmaxLanesTrainingTest {
    @TempDir
    Path tmp;

    @AfterEach
    void backToTheDefault() {
        EntmaxKernel.use(EntmaxKernel.Source.LANES);
    }

    @Test
    void trainingWithTheLanesGivesLibtorchsNumbersToFloatRounding() {
        RunService.TrainOutcome libtorch = train(EntmaxKernel.Source.LIBTORCH, tmp.resolve("libtorch"));
        RunService.TrainOutcome lanes = train(EntmaxKernel.Source.LANES, tmp.resolve("lanes"));
        assertClose(libtorch.bestValMse(), lanes.bestValMse(), "best validation MSE");
        assertClose(libtorch.test().mse(), lanes.test().mse(), "test MSE");
        assertClose(libtorch.test().mae(), lanes.test().mae(), "test MAE");
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Double.isFinite(actual), what);
        assertEquals(expected, actual, 1e-5 * Math.abs(expected), what);
    }

    private static RunService.TrainOutcome train(EntmaxKernel.Source source, Path dir) {
        EntmaxKernel.use(source);
        Map<String, Object> settings = Map.of("separation", "alpha-entmax", "max-steps", 12, "lr", 1e-2);
        RunService.TrainOutcome r = RunService.train(TinyRuns.spec(settings), dir, new TrainingListener() {
        }, () -> false);
        assertEquals(StopReason.STEP_BUDGET, r.stop());
        return r;
    }
}
