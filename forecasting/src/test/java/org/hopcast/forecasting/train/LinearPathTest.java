package org.hopcast.forecasting.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.model.LinearBaseline;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.service.RunService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linear path under STanHop-Net (issue #29): its start is the linear baseline, validated as epoch 0. */
class LinearPathTest {
    @TempDir
    Path tmp;

    private static final TrainingListener QUIET = new TrainingListener() {
    };

    private static RunSpec spec(String path, Map<String, Object> extra) {
        Map<String, Object> v = new java.util.LinkedHashMap<>(extra);
        v.put("linear-path", path);
        v.put("instance-norm", "revin-last");
        return TinyRuns.spec(v);
    }

    /** The model's forecasts of every window of {@code split}, (windows x steps x series). */
    private static float[] forecast(TrainingSession s, Split split, boolean linearPartOnly) {
        WindowDataset ds = s.data().windows(split).build();
        try (NDManager m = s.manager().newSubManager()) {
            NDList xy = ds.batch(m, 0, ds.size());
            return (linearPartOnly ? s.net().predictLinearPart(s.parameterStore(), xy.get(0))
                    : s.net().predict(s.parameterStore(), xy.get(0), false)).toFloatArray();
        }
    }

    private static float[] baseline(TrainingSession s, Split split) {
        LinearBaseline fit = LinearBaseline.fit(s.data().windows(Split.TRAIN).build());
        WindowDataset ds = s.data().windows(split).build();
        int per = ds.window().outLen() * ds.columns();
        float[] out = new float[(int) ds.size() * per];
        for (int i = 0; i < ds.size(); i++) {
            fit.predict(ds.input(i), out, i * per);
        }
        return out;
    }

    private static void assertSameForecasts(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            // the baseline sums in double, the model in float32: equal to float32 rounding of a 24-term sum
            assertEquals(expected[i], actual[i], 2e-5 * Math.max(1, Math.abs(expected[i])), "forecast value " + i);
        }
    }

    @Test
    void theUntrainedModelForecastsWhatTheLinearBaselineForecasts() {
        for (String path : List.of("trained", "fixed")) {
            try (TrainingSession s = TrainingSession.start(spec(path, Map.of()), tmp.resolve(path))) {
                assertTrue(s.net().hasLinearPath());
                // on ETTh1 the linear fit is the best baseline on validation, so the model starts as it
                assertEquals(LinearBaseline.LINEAR, LinearStart.choose(s.data(), 1).name());
                assertSameForecasts(baseline(s, Split.TEST), forecast(s, Split.TEST, false));
                assertSameForecasts(baseline(s, Split.VAL), forecast(s, Split.VAL, true));
            }
        }
    }

    /**
     * On a random walk "no change" is the best forecast, and a least-squares fit of 25 weights per step is worse on
     * validation: the linear path starts as persistence there, so the untrained model forecasts the last value.
     */
    @Test
    void onARandomWalkTheLinearPathStartsAsPersistence() throws java.io.IOException {
        Path csv = tmp.resolve("walk.csv");
        org.hopcast.datasets.SyntheticSeries.write(csv, org.hopcast.datasets.SyntheticSeries.Kind.RANDOM_WALK, 1500,
                2, 3);
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        v.put("input", csv.toString());
        v.put("split", "ratio");
        RunSpec walk = spec("fixed", v);
        Path dir = tmp.resolve("walk");
        try (TrainingSession s = TrainingSession.start(walk, dir)) {
            LinearStart start = LinearStart.choose(s.data(), 1);
            assertEquals(LinearBaseline.PERSISTENCE, start.name(), "validation MSE " + start.valMse());
            assertTrue(start.valMse().get(LinearBaseline.PERSISTENCE) < start.valMse().get(LinearBaseline.LINEAR));
            WindowDataset test = s.data().windows(Split.TEST).build();
            float[] model = forecast(s, Split.TEST, false);
            int in = test.window().inLen();
            int out = test.window().outLen();
            for (int w = 0; w < test.size(); w += 17) {
                float[] x = test.input(w);
                for (int h = 0; h < out; h++) {
                    for (int c = 0; c < 2; c++) {
                        assertEquals(x[(in - 1) * 2 + c], model[(w * out + h) * 2 + c], 1e-6, "window " + w);
                    }
                }
            }
            s.train(QUIET, () -> s.state().globalStep() >= 1);
            assertEquals(LinearBaseline.PERSISTENCE, s.history().get(0).start(), "epoch 0 records its start");
        }
    }

    @Test
    void withoutTheLinearPathTheModelIsTheNetworkAlone() {
        try (TrainingSession s = TrainingSession.start(spec("none", Map.of()), tmp.resolve("none"))) {
            assertFalse(s.net().hasLinearPath());
            float[] model = forecast(s, Split.TEST, false);
            float[] linear = baseline(s, Split.TEST);
            double diff = 0;
            for (int i = 0; i < model.length; i++) {
                diff = Math.max(diff, Math.abs(model[i] - linear[i]));
            }
            assertTrue(diff > 0.1, "a random network is not the linear baseline (max difference " + diff + ")");
        }
    }

    @Test
    void epochZeroIsTheLinearBaselineInTheHistoryAndTheBestUntilBeaten() {
        Path dir = tmp.resolve("run");
        RunService.TrainOutcome r = RunService.train(spec("trained", Map.of("epochs", 2)), dir, QUIET, () -> false);
        List<EpochRecord> history = RunDirectory.open(dir).readHistory();
        assertEquals(List.of(0, 1, 2), history.stream().map(EpochRecord::epoch).toList());
        EpochRecord zero = history.get(0);
        assertEquals(0, zero.steps());
        assertTrue(zero.best());
        assertEquals(2, r.epochs(), "epoch 0 is validated, not trained");
        Baselines.Result linear = r.baselines().get(Baselines.LINEAR);
        assertEquals(linear.valMse(), zero.valMse(), 1e-5 * linear.valMse(), "epoch 0's validation is the baseline's");
        double bestVal = history.stream().filter(EpochRecord::best).mapToDouble(EpochRecord::valMse).min().orElseThrow();
        assertTrue(bestVal <= zero.valMse(), "the published model is never worse on validation than its start");
        assertEquals(bestVal, r.bestValMse(), 0);
        int bestEpoch = history.stream().filter(EpochRecord::best).mapToInt(EpochRecord::epoch).max().orElseThrow();
        assertEquals(bestEpoch, r.bestEpoch());
        try (TrainedModel m = TrainedModel.load(dir, "cpu")) {
            assertEquals(bestEpoch, m.epoch());
        }
    }

    @Test
    void zeroEpochsPublishTheLinearBaselineAsTheModel() {
        Path dir = tmp.resolve("zero");
        RunService.TrainOutcome r = RunService.train(spec("fixed", Map.of("epochs", 0)), dir, QUIET, () -> false);
        assertEquals(StopReason.COMPLETED, r.stop());
        assertEquals(0, r.bestEpoch());
        assertEquals(0, r.epochs());
        double linear = r.baselines().get(Baselines.LINEAR).test().mse();
        assertEquals(linear, r.test().mse(), 1e-5 * linear);
        // its final model is the same fit on every row: 0 epochs, a model all the same
        RunService.TrainOutcome f = RunService.trainFinal(dir, tmp.resolve("zero-final"), QUIET, () -> false);
        assertEquals(0, f.bestEpoch());
        try (TrainedModel m = TrainedModel.load(tmp.resolve("zero-final"), "cpu")) {
            assertEquals(0, m.epoch());
        }
    }

    @Test
    void aFixedPathKeepsItsFitWhileTheNetworkTrains() {
        try (TrainingSession s = TrainingSession.start(spec("fixed", Map.of("max-steps", 20)), tmp.resolve("fixed"))) {
            float[] start = forecast(s, Split.TEST, true);
            float[] modelStart = forecast(s, Split.TEST, false);
            s.train(QUIET, () -> false);
            assertEquals(20, s.state().globalStep());
            float[] after = forecast(s, Split.TEST, true);
            for (int i = 0; i < start.length; i++) {
                assertEquals(start[i], after[i], 0f, "the fixed linear path moved at " + i);
            }
            float[] modelAfter = forecast(s, Split.TEST, false);
            double moved = 0;
            for (int i = 0; i < modelStart.length; i++) {
                moved = Math.max(moved, Math.abs(modelAfter[i] - modelStart[i]));
            }
            assertTrue(moved > 1e-4, "the network's correction grows from zero (moved " + moved + ")");
        }
    }

    /** The linear path is a module like the others: its output is an outlier site, its weight quantized by W8A8. */
    @Test
    void outliersAndW8a8CoverTheLinearPath() {
        Path dir = tmp.resolve("w8a8");
        RunService.train(spec("fixed", Map.of("max-steps", 5)), dir, QUIET, () -> false);
        RunService.Study st = RunService.study(dir, null, "cpu", true,
                List.of(org.hopcast.forecasting.quant.QuantScheme.W8A8), 2);
        assertTrue(st.outliers().layers().stream().anyMatch(l -> l.path().equals("linear_path")),
                "the linear path's output is measured");
        var q = st.quantization().results().get(0);
        assertTrue(Double.isFinite(q.quantized().mse()) && q.quantized().mse() != q.fp().mse(),
                "W8A8 changes the forecasts: FP " + q.fp().mse() + ", W8A8 " + q.quantized().mse());
    }

    @Test
    void aResumeAfterEpochZeroDoesNotRepeatIt() {
        Path dir = tmp.resolve("resume");
        try (TrainingSession s = TrainingSession.start(spec("trained", Map.of("epochs", 2)), dir)) {
            assertEquals(StopReason.CANCELLED, s.train(QUIET, () -> s.state().globalStep() >= 3));
        }
        try (TrainingSession s = TrainingSession.resume(dir)) {
            s.train(QUIET, () -> false);
            assertEquals(List.of(0, 1, 2), s.history().stream().map(EpochRecord::epoch).toList());
        }
    }
}
