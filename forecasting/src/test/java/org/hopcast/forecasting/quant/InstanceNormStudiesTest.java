package org.hopcast.forecasting.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.inspect.LayerInspection;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.train.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model with instance normalization goes through every study: outliers, W8A8 and inspection. */
class InstanceNormStudiesTest {
    @TempDir
    Path tmp;

    @Test
    void revinModelsAreStudiedLikeAnyOther() {
        Path run = tmp.resolve("revin");
        RunService.TrainOutcome r = RunService.train(TinyRuns.spec(Map.of("max-steps", 20, "instance-norm", "revin",
                "separation", "softmax_1")), run, new TrainingListener() {
                }, () -> false);
        assertTrue(Double.isFinite(r.test().mse()));
        RunService.Study s = RunService.study(run, null, "cpu", true, java.util.List.of(QuantScheme.W8A8), 2);
        // the statistics path is not a quantization site and not a module of the outlier study
        assertTrue(s.outliers().layers().stream().noneMatch(l -> l.path().contains("instance")));
        assertTrue(Double.isFinite(s.quantization().results().get(0).quantized().mse()));
        assertEquals(r.test().mse(), s.quantization().results().get(0).fp().mse(), 1e-9, "FP32 in the study = the trained model");
        LayerInspection i = RunService.inspect(run, "encoder.block0.sthm.time.hopfield", 0, 3, 0, null, "cpu");
        assertFalse(i.toString().isEmpty());
    }
}
