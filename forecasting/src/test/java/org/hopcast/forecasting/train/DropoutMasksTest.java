package org.hopcast.forecasting.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.hopfield.ops.InvertedDropout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drawing dropout's masks in Java changes no trained number: the same run trained with libtorch's own dropout and
 * with the Java replica of its generator ends with the same validation MSE and test metrics to the last bit, for
 * STanHop-Net's blocks and for OutEffHop's (one LayerNorm per block, a gated separation). This also holds only if
 * every dropout input of the model is contiguous and nothing else draws from libtorch's generator within a step.
 */
class DropoutMasksTest {
    @TempDir
    Path tmp;

    @AfterEach
    void backToTheDefault() {
        InvertedDropout.use(InvertedDropout.Masks.JAVA);
    }

    @Test
    void trainingWithJavaDrawnMasksGivesLibtorchsNumbersExactly() {
        List<Map<String, Object>> models = List.of(Map.of(),
                Map.of("separation", "gated-softmax_1", "block-norms", "outeffhop", "dropout", 0.5));
        int i = 0;
        for (Map<String, Object> model : models) {
            RunService.TrainOutcome libtorch = train(model, InvertedDropout.Masks.LIBTORCH, tmp.resolve("a" + i));
            RunService.TrainOutcome replica = train(model, InvertedDropout.Masks.JAVA, tmp.resolve("b" + i));
            assertEquals(libtorch.bestValMse(), replica.bestValMse(), 0.0, model.toString());
            assertEquals(libtorch.test().mse(), replica.test().mse(), 0.0, model.toString());
            assertEquals(libtorch.test().mae(), replica.test().mae(), 0.0, model.toString());
            i++;
        }
    }

    private static RunService.TrainOutcome train(Map<String, Object> model, InvertedDropout.Masks masks, Path dir) {
        InvertedDropout.use(masks);
        Map<String, Object> v = new java.util.HashMap<>(model);
        v.put("max-steps", 12);
        v.put("lr", 1e-2);
        RunService.TrainOutcome r = RunService.train(TinyRuns.spec(v), dir, new TrainingListener() {
        }, () -> false);
        assertEquals(StopReason.STEP_BUDGET, r.stop());
        return r;
    }
}
