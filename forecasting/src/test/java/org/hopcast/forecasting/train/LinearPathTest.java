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
import org.hopcast.forecasting.model.LinearBaseline;
import org.hopcast.forecasting.model.LinearMix;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.service.RunService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linear path under STanHop-Net (issue #29): it starts as the best mix of baselines' maps, validated as epoch 0. */
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
            return (linearPartOnly ? s.net().predictLinearPart(s.parameterStore(), xy)
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

    /**
     * The forecasts of a start mix computed from its three forecasts, not from its map: the linear baseline's own
     * fit, the last value repeated and the last season repeated, weighted.
     */
    private static float[] startForecasts(org.hopcast.datasets.PreparedSeries data, LinearMix mix, Split split) {
        LinearBaseline fit = LinearBaseline.fit(data.windows(Split.TRAIN).build(), mix.ridge()).get(0);
        WindowDataset ds = data.windows(split).build();
        int in = ds.window().inLen();
        int out = ds.window().outLen();
        int d = ds.columns();
        int per = out * d;
        float[] f = new float[per];
        float[] result = new float[(int) ds.size() * per];
        for (int i = 0; i < ds.size(); i++) {
            float[] x = ds.input(i);
            fit.predict(x, f, 0);
            for (int h = 0; h < out; h++) {
                for (int c = 0; c < d; c++) {
                    double seasonal = mix.seasonalNaive() == 0 ? 0
                            : x[(in - mix.season() + h % mix.season()) * d + c];
                    result[i * per + h * d + c] = (float) (mix.linear() * f[h * d + c]
                            + mix.seasonalNaive() * seasonal + mix.persistence() * x[(in - 1) * d + c]);
                }
            }
        }
        return result;
    }

    private static Path synthetic(Path tmp, org.hopcast.datasets.SyntheticSeries.Kind kind, int rows)
            throws java.io.IOException {
        Path csv = tmp.resolve(kind + ".csv");
        org.hopcast.datasets.SyntheticSeries.write(csv, kind, rows, 2, 3);
        return csv;
    }

    private static RunSpec onFile(Path csv, String path, Object... more) {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        for (int i = 0; i < more.length; i += 2) {
            v.put((String) more[i], more[i + 1]);
        }
        v.put("input", csv.toString());
        v.put("split", "ratio");
        return spec(path, v);
    }

    @Test
    void theUntrainedModelForecastsItsStart() {
        for (String path : List.of("trained", "fixed")) {
            try (TrainingSession s = TrainingSession.start(spec(path, Map.of()), tmp.resolve(path))) {
                assertTrue(s.net().hasLinearPath());
                LinearMix mix = LinearStart.choose(s.data(), 1).mix();
                assertSameForecasts(startForecasts(s.data(), mix, Split.TEST), forecast(s, Split.TEST, false));
                assertSameForecasts(startForecasts(s.data(), mix, Split.VAL), forecast(s, Split.VAL, true));
            }
        }
    }

    /** On a trend the linear fit is the best map on validation: the untrained model is the linear baseline. */
    @Test
    void onATrendTheUntrainedModelForecastsWhatTheLinearBaselineForecasts() throws java.io.IOException {
        Path csv = synthetic(tmp, org.hopcast.datasets.SyntheticSeries.Kind.TREND, 1500);
        try (TrainingSession s = TrainingSession.start(onFile(csv, "fixed"), tmp.resolve("trend"))) {
            LinearStart start = LinearStart.choose(s.data(), 1);
            assertEquals(LinearMix.LINEAR, start.mix(), "validation MSE " + start.valMse());
            assertSameForecasts(baseline(s, Split.TEST), forecast(s, Split.TEST, false));
        }
    }

    /**
     * On a random walk "no change" is the best forecast, and a least-squares fit of 25 weights per step is worse on
     * validation: the linear path starts as (mostly) persistence there.
     */
    @Test
    void onARandomWalkTheLinearPathStartsAtPersistence() throws java.io.IOException {
        Path csv = synthetic(tmp, org.hopcast.datasets.SyntheticSeries.Kind.RANDOM_WALK, 5000);
        try (TrainingSession s = TrainingSession.start(onFile(csv, "fixed"), tmp.resolve("walk"))) {
            LinearStart start = LinearStart.choose(s.data(), 1);
            assertTrue(start.mix().persistence() >= 0.5, start.name() + ", validation MSE " + start.valMse());
            assertTrue(start.valMse().get(start.name()) < start.valMse().get(LinearBaseline.LINEAR));
            assertSameForecasts(startForecasts(s.data(), start.mix(), Split.TEST), forecast(s, Split.TEST, false));
            s.train(QUIET, () -> s.state().globalStep() >= 1);
            assertEquals(start.name(), s.history().get(0).start(), "epoch 0 records its start");
            assertEquals(start.mix(), s.history().get(0).startMix());
        }
    }

    /**
     * The level of this series jumps inside the validation period: over all validation windows (the mean) shrinking
     * the fit hard looks best, but the fit is the best map of the test period; the median window does not follow the
     * jump (ADR 0019).
     */
    @Test
    void aLevelShiftInsideValidationDoesNotDecideTheStart() throws java.io.IOException {
        Path csv = synthetic(tmp, org.hopcast.datasets.SyntheticSeries.Kind.SEASONAL_SHIFT, 5000);
        // a week of input, as quick's windows: the jump is inside 192 of the validation period's 477 windows
        try (TrainingSession s = TrainingSession.start(onFile(csv, "fixed", "in-len", 168), tmp.resolve("shift"))) {
            LinearStart start = LinearStart.choose(s.data(), 1);
            double byMean = Double.POSITIVE_INFINITY;
            LinearMix meanChoice = null;
            WindowDataset val = s.data().windows(Split.VAL).build();
            WindowDataset test = s.data().windows(Split.TEST).build();
            for (LinearMix m : LinearStart.grid(LinearMix.season(s.data().table(), 168))) {
                double mse = mse(startForecasts(s.data(), m, Split.VAL), val);
                if (mse < byMean) {
                    byMean = mse;
                    meanChoice = m;
                }
            }
            assertTrue(meanChoice.linear() < 0.5, "the mean follows the jump: " + meanChoice.label());
            assertTrue(start.mix().linear() >= 0.5, "the median does not: " + start.name());
            double chosen = mse(startForecasts(s.data(), start.mix(), Split.TEST), test);
            double other = mse(startForecasts(s.data(), meanChoice, Split.TEST), test);
            assertTrue(chosen < other / 2, "on test " + start.name() + " " + chosen + ", " + meanChoice.label() + " "
                    + other);
        }
    }

    private static double mse(float[] forecasts, WindowDataset ds) {
        int per = ds.window().outLen() * ds.columns();
        double sum = 0;
        for (int i = 0; i < ds.size(); i++) {
            float[] y = ds.target(i);
            for (int k = 0; k < per; k++) {
                double e = forecasts[i * per + k] - y[k];
                sum += e * e;
            }
        }
        return sum / (ds.size() * per);
    }

    @Test
    void theGridMixesInTenthsWithTheFitFirst() {
        List<LinearMix> withSeason = LinearStart.grid(java.util.OptionalInt.of(24));
        assertEquals(66 + 4 * 55, withSeason.size());
        assertEquals(withSeason.size(), new java.util.HashSet<>(withSeason).size(), "no mix twice");
        assertEquals(LinearMix.LINEAR, withSeason.get(0));
        assertTrue(withSeason.contains(LinearMix.PERSISTENCE));
        assertTrue(withSeason.contains(new LinearMix(LinearBaseline.RIDGE, 1, 24, 0)));
        assertTrue(withSeason.contains(new LinearMix(0.1, 0.3, 24, 0.1)));
        List<LinearMix> without = LinearStart.grid(java.util.OptionalInt.empty());
        assertEquals(11 + 4 * 10, without.size());
        assertTrue(without.stream().allMatch(m -> m.seasonalNaive() == 0));
    }

    /** A mix is one map: its forecasts are the weighted forecasts of the fit, the last season and the last value. */
    @Test
    void aMixForecastsTheWeightedSumOfItsParts() {
        try (TrainingSession s = TrainingSession.start(spec("fixed", Map.of()), tmp.resolve("mix"))) {
            LinearMix mix = new LinearMix(0.1, 0.3, 24, 0.2);
            LinearBaseline map = LinearStart.named(s.data(), mix).map();
            WindowDataset test = s.data().windows(Split.TEST).build();
            int per = test.window().outLen() * test.columns();
            float[] viaMap = new float[(int) test.size() * per];
            for (int i = 0; i < test.size(); i++) {
                map.predict(test.input(i), viaMap, i * per);
            }
            assertSameForecasts(startForecasts(s.data(), mix, Split.TEST), viaMap);
        }
    }

    /** Runs from before mixes recorded only a name: linear, or persistence. */
    @Test
    void olderRunsStartAsTheirRecordedName() {
        assertEquals(LinearMix.PERSISTENCE, LinearStart.recorded(List.of(epochZero(LinearBaseline.PERSISTENCE, null))));
        assertEquals(LinearMix.LINEAR, LinearStart.recorded(List.of(epochZero(LinearBaseline.LINEAR, null))));
        assertEquals(LinearMix.LINEAR, LinearStart.recorded(List.of()));
        LinearMix mix = new LinearMix(0.03, 0.3, 24, 0.1);
        assertEquals(mix, LinearStart.recorded(List.of(epochZero(mix.label(), mix))));
    }

    private static EpochRecord epochZero(String start, LinearMix mix) {
        return new EpochRecord(0, 0, 0, Double.NaN, 1, 1, 0, true, false, 1, null, null, start, mix);
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
    void epochZeroIsTheStartInTheHistoryAndTheBestUntilBeaten() {
        Path dir = tmp.resolve("run");
        RunService.TrainOutcome r = RunService.train(spec("trained", Map.of("epochs", 2)), dir, QUIET, () -> false);
        List<EpochRecord> history = RunDirectory.open(dir).readHistory();
        assertEquals(List.of(0, 1, 2), history.stream().map(EpochRecord::epoch).toList());
        EpochRecord zero = history.get(0);
        assertEquals(0, zero.steps());
        assertTrue(zero.best());
        assertEquals(2, r.epochs(), "epoch 0 is validated, not trained");
        try (TrainingSession s = TrainingSession.start(spec("trained", Map.of()), tmp.resolve("again"))) {
            WindowDataset val = s.data().windows(Split.VAL).build();
            double start = org.hopcast.forecasting.eval.Forecasts.of(val, startForecasts(s.data(), zero.startMix(),
                    Split.VAL)).batchMeanMse(32, 1);
            assertEquals(start, zero.valMse(), 1e-5 * start, "epoch 0's validation is its start's, " + zero.start());
        }
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
    void zeroEpochsPublishTheStartAsTheModel() {
        Path dir = tmp.resolve("zero");
        RunService.TrainOutcome r = RunService.train(spec("fixed", Map.of("epochs", 0)), dir, QUIET, () -> false);
        assertEquals(StopReason.COMPLETED, r.stop());
        assertEquals(0, r.bestEpoch());
        assertEquals(0, r.epochs());
        LinearMix mix = RunDirectory.open(dir).readHistory().get(0).startMix();
        try (TrainingSession s = TrainingSession.start(spec("fixed", Map.of()), tmp.resolve("zero-again"))) {
            WindowDataset test = s.data().windows(Split.TEST).build();
            double start = mse(startForecasts(s.data(), mix, Split.TEST), test);
            assertEquals(start, r.test().mse(), 1e-5 * start);
            assertEquals(start, r.linearPart().mse(), 1e-5 * start);
        }
        // its final model is the same fit on every row: 0 epochs, a model all the same
        RunService.TrainOutcome f = RunService.trainFinal(dir, tmp.resolve("zero-final"), QUIET, () -> false);
        assertEquals(0, f.bestEpoch());
        try (TrainedModel m = TrainedModel.load(tmp.resolve("zero-final"), "cpu")) {
            assertEquals(0, m.epoch());
        }
        assertEquals(mix, RunDirectory.open(tmp.resolve("zero-final")).readHistory().get(0).startMix(),
                "a final model starts as its validated run chose");
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
