package org.hopcast.forecasting.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.memory.MemoryBank;
import org.hopcast.forecasting.memory.PlugAndPlay;
import org.hopcast.forecasting.memory.Retriever;
import org.hopcast.forecasting.memory.TuneAndPlay;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plug-and-Play on a trained tiny run: lambda = 0 is the model, the choice never loses on validation. */
class MemoryEvaluationTest {
    @TempDir
    static Path tmp;

    static Path run;

    @BeforeAll
    static void train() {
        run = tmp.resolve("run");
        RunService.train(TinyRuns.spec(Map.of("epochs", 2, "max-steps", 30)), run, new TrainingListener() {
        }, () -> false);
    }

    @Test
    void lambdaZeroIsTheModelBitForBit() {
        try (TrainedModel m = TrainedModel.load(run, "cpu")) {
            PreparedSeries data = m.evaluationData(null);
            WindowDataset test = data.windows(Split.TEST).build();
            Forecasts backbone = Forecasts.of(m.net(), m.parameterStore(), m.manager(), test, 32, (d, t) -> { });
            PlugAndPlay pnp = new PlugAndPlay(m.net(), m.parameterStore(), m.manager(), 32);
            try (Retriever r = new Retriever(MemoryBank.of(MemoryBank.Kind.TRAIN, data, 1), m.manager())) {
                Forecasts off = pnp.forecasts(test, r, new PlugAndPlay.Setting(0, 16, 1.5));
                Forecasts on = pnp.forecasts(test, r, new PlugAndPlay.Setting(0.25, 16, 1.5));
                for (int w = 0; w < test.size(); w += 7) {
                    for (int h = 0; h < 12; h++) {
                        for (int c = 0; c < test.columns(); c++) {
                            assertEquals(Float.floatToIntBits(backbone.predicted(w, h, c)),
                                    Float.floatToIntBits(off.predicted(w, h, c)));
                        }
                    }
                }
                assertTrue(on.meanSquaredDifference(backbone) > 0, "a memory mixed in changes the forecasts");
            }
        }
        try (RunAnalysis a = RunAnalysis.open(run, "cpu")) {
            MemoryEvaluation e = a.memory(new MemoryEvaluation.Request("pnp", "train", 0.0, 1));
            MemoryEvaluation.Subset all = e.test().get("all");
            assertEquals(all.mseBackbone(), all.mse(), 0.0);
            assertEquals(a.testMetrics().mse(), all.mseBackbone(), 1e-9);
            assertEquals(0.0, e.setting().get("lambda"));
        }
    }

    @Test
    void theFutureReadoutMovesTheForecastTowardTheRetrievedFuturesAndTuneAndPlayTunesIt() {
        try (TrainedModel m = TrainedModel.load(run, "cpu")) {
            PreparedSeries data = m.evaluationData(null);
            WindowDataset test = data.windows(Split.TEST).build();
            Forecasts backbone = Forecasts.of(m.net(), m.parameterStore(), m.manager(), test, 32, (d, t) -> { });
            PlugAndPlay pnp = new PlugAndPlay(m.net(), m.parameterStore(), m.manager(), 32);
            MemoryBank bank = MemoryBank.of(MemoryBank.Kind.STREAM, data, 1);
            try (Retriever r = new Retriever(bank, m.manager())) {
                PlugAndPlay.Readout future = PlugAndPlay.Readout.FUTURE;
                Forecasts analogue = pnp.forecasts(test, r, new PlugAndPlay.Setting(future, 1.0, 16, 2));
                Forecasts half = pnp.forecasts(test, r, new PlugAndPlay.Setting(future, 0.5, 16, 2));
                assertTrue(analogue.meanSquaredDifference(backbone) > 0);
                for (int w = 0; w < test.size(); w += 11) {
                    float[] one = r.future(test.input(w), test.targetRow(w, 0), 16, 2);
                    for (int h = 0; h < 12; h++) {
                        for (int c = 0; c < test.columns(); c++) {
                            assertEquals((backbone.predicted(w, h, c) + analogue.predicted(w, h, c)) / 2,
                                    half.predicted(w, h, c), 1e-5);
                            assertEquals(one[h * test.columns() + c], analogue.predicted(w, h, c), 1e-4,
                                    "a forecast's single retrieval is the evaluation's");
                        }
                    }
                }
            }
            // Tune-and-Play in the future readout (TnP-B): tuned, the backbone untouched
            List<byte[]> before = m.net().getParameters().values().stream().map(p -> p.getArray().toByteArray())
                    .toList();
            try (TuneAndPlay t = new TuneAndPlay(m.net(), m.parameterStore(), m.manager(),
                    MemoryBank.of(MemoryBank.Kind.TRAIN, data, 2), 32, new PlugAndPlay.Setting(
                    PlugAndPlay.Readout.FUTURE, 0.25, 16, 1.5))) {
                TuneAndPlay.Tuned r = t.tune(data.windows(Split.TRAIN).build(), data.windows(Split.VAL).build());
                assertTrue(r.validationMse().stream().distinct().count() > 1, r.validationMse().toString());
                assertTrue(r.validationMse().get(r.bestEpoch()) <= r.validationMse().get(0));
                assertEquals("future", t.setting().get("readout"));
                Forecasts tuned = t.forecasts(test);
                assertTrue(tuned.meanSquaredDifference(backbone) > 0);
                // one window alone (what a forecast does) moves the model's forecast as the evaluation did
                double[] lambdas = t.lambdas();
                int d = test.columns();
                for (int w = 0; w < test.size(); w += 13) {
                    float[] f = t.future(test.input(w), test.targetRow(w, 0));
                    for (int h = 0; h < 12; h++) {
                        for (int c = 0; c < d; c++) {
                            float own = backbone.predicted(w, h, c);
                            assertEquals(own + lambdas[c] * (f[h * d + c] - own), tuned.predicted(w, h, c), 1e-4);
                        }
                    }
                }
            }
            List<byte[]> after = m.net().getParameters().values().stream().map(p -> p.getArray().toByteArray())
                    .toList();
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "backbone parameter " + i);
            }
        }
    }

    @Test
    void tuneAndPlayTunesItsRetrievalAndLeavesTheBackboneAsItWasToTheByte() {
        try (TrainedModel m = TrainedModel.load(run, "cpu")) {
            PreparedSeries data = m.evaluationData(null);
            List<byte[]> before = m.net().getParameters().values().stream().map(p -> p.getArray().toByteArray())
                    .toList();
            try (TuneAndPlay t = new TuneAndPlay(m.net(), m.parameterStore(), m.manager(),
                    MemoryBank.of(MemoryBank.Kind.TRAIN, data, 2), 32, new PlugAndPlay.Setting(0.25, 16, 1.5))) {
                TuneAndPlay.Tuned r = t.tune(data.windows(Split.TRAIN).build(), data.windows(Split.VAL).build());
                assertTrue(r.validationMse().size() >= 2, "at least one epoch: " + r.validationMse());
                assertTrue(r.validationMse().get(r.bestEpoch()) <= r.validationMse().get(0));
                assertEquals(2 * (24 * 7) * TuneAndPlay.WIDTH + 2 + 7, r.parameters());
                // the course it took: a step changes the retrieval (not every epoch need be kept)
                assertTrue(r.validationMse().stream().distinct().count() > 1, r.validationMse().toString());
            }
            List<byte[]> after = m.net().getParameters().values().stream().map(p -> p.getArray().toByteArray())
                    .toList();
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "backbone parameter " + i);
            }
        }
        try (RunAnalysis a = RunAnalysis.open(run, "cpu")) {
            MemoryEvaluation e = a.memory(new MemoryEvaluation.Request("tnp", "train", null, 2));
            assertEquals("tnp", e.kind());
            assertTrue(e.chosenOn().startsWith("tuned on one training window in 2 (the bank's stride)"), e.chosenOn());
            assertTrue(e.setting().containsKey("started_at") && e.setting().containsKey("best_epoch"));
            assertEquals(a.testMetrics().mse(), e.test().get("all").mseBackbone(), 1e-9);
            // fast test-time adaptation: tuned on the first 20% of the test stream, evaluated after their futures
            MemoryEvaluation adapted = a.memory(new MemoryEvaluation.Request("tnp", "stream", null, 1));
            int windows = e.test().get("all").windows();
            int tuned = (int) Math.round(0.2 * windows);
            int evaluated = windows - tuned - 12 + 1;
            assertTrue(adapted.chosenOn().startsWith("tuned on the first " + tuned + " test windows"),
                    adapted.chosenOn());
            assertEquals(evaluated, adapted.test().get("all").windows());
            double[] losses = a.testForecasts().windowLosses(2);
            double tail = java.util.Arrays.stream(losses, windows - evaluated, windows).average().orElseThrow();
            assertEquals(tail, adapted.test().get("all").mseBackbone(), 1e-9, "the model alone on the same windows");
        }
    }

    @Test
    void theChosenSettingIsNeverWorseOnValidationAndItsBankIsWritten() throws IOException {
        try (RunAnalysis a = RunAnalysis.open(run, "cpu")) {
            MemoryEvaluation e = a.memory(new MemoryEvaluation.Request("pnp", "events", null, 1));
            assertTrue(e.validationMse() <= e.validationMseBackbone());
            // the backbone, then both readouts over the grid (every lambda but 0)
            assertEquals(1 + (PlugAndPlay.LAMBDAS.size() - 1 + PlugAndPlay.FUTURE_LAMBDAS.size() - 1)
                    * PlugAndPlay.BETAS.size() * PlugAndPlay.ALPHAS.size(), e.settingsTried());
            MemoryEvaluation.Subset all = e.test().get("all");
            MemoryEvaluation.Subset sudden = e.test().get("sudden");
            MemoryEvaluation.Subset normal = e.test().get("normal");
            assertEquals(all.windows(), sudden.windows() + normal.windows());
            assertEquals(all.mse() * all.windows(), sudden.mse() * sudden.windows() + normal.mse() * normal.windows(),
                    1e-9 * all.windows());
            List<String> rows = Files.readAllLines(e.bankPath());
            assertEquals("window,start_row,start_time,end_time,future_known_from_row", rows.get(0));
            assertEquals(e.bankSize() + 1, rows.size());
            // a fixed lambda is kept even when the model alone is better on validation
            MemoryEvaluation fixed = a.memory(new MemoryEvaluation.Request("pnp", "shuffled", 0.5, 2));
            assertEquals(0.5, fixed.setting().get("lambda"));
            assertEquals("shuffled", fixed.bank());
            assertEquals(1 + 2 * PlugAndPlay.BETAS.size() * PlugAndPlay.ALPHAS.size(), fixed.settingsTried());
        }
        assertThrows(IllegalArgumentException.class, () -> new MemoryEvaluation.Request("pnp", "future", null, 1));
        assertThrows(IllegalArgumentException.class, () -> new MemoryEvaluation.Request("pnp", "train", 1.5, 1));
    }
}
