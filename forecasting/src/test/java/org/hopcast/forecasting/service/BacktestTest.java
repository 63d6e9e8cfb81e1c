package org.hopcast.forecasting.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hopcast.datasets.Timestamps;
import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.eval.Backtest;
import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backtests (issue #32): without refitting, the forecasts at the test split's origins are evaluate's to the last
 * digit; with refitting, no model ever trains on a row at or after an origin it forecasts from.
 */
class BacktestTest {
    @TempDir
    static Path tmp;

    static Path run;

    private static final TrainingListener QUIET = new TrainingListener() {
    };

    @BeforeAll
    static void train() {
        run = tmp.resolve("run");
        RunService.train(TinyRuns.spec(Map.of("epochs", 2, "max-steps", 30)), run, QUIET, () -> false);
    }

    private static RunService.Backtested backtest(String from, String to, int step, Integer refitEvery, String window,
            String out) {
        return RunService.backtest(new RunService.BacktestRequest(run, null, from, to, step, refitEvery, window,
                tmp.resolve(out), "cpu", null), QUIET, () -> false);
    }

    private static void assertSameBits(Forecasts expected, int window, Forecasts actual, int at) {
        int out = expected.windows().window().outLen();
        int series = expected.windows().columns();
        for (int h = 0; h < out; h++) {
            for (int c = 0; c < series; c++) {
                assertEquals(Float.floatToIntBits(expected.predicted(window, h, c)),
                        Float.floatToIntBits(actual.predicted(at, h, c)), "window " + window + " step " + h);
            }
        }
    }

    @Test
    void withoutRefitTheTestSplitsForecastsAreEvaluatesToTheLastDigit() {
        RunService.Backtested b = backtest(null, null, 1, null, null, "all");
        try (RunAnalysis a = RunAnalysis.open(run, "cpu")) {
            Forecasts test = a.testForecasts();
            assertEquals(test.windows().size(), b.forecasts().windows().size());
            for (int w = 0; w < test.windows().size(); w++) {
                assertSameBits(test, w, b.forecasts(), w);
            }
            // one metric two ways: the backtest's overall MSE is evaluate's, the baselines' too
            Backtest r = b.report();
            assertEquals(a.testMetrics().mse(), r.overall().get(Backtest.MODEL).mse(), 0.0);
            assertEquals(a.baselines().get(Baselines.LINEAR).test().mse(), r.overall().get("linear").mse(), 0.0);
            assertEquals(a.persistenceMse(), r.overall().get("persistence").mse(), 0.0);

            // origins past the test split are forecast afresh (other batches): the test split's still match
            String later = Timestamps.format(Timestamps.parse(r.to()) + 40 * 3_600_000L);
            RunService.Backtested longer = backtest(null, later, 3, null, null, "longer");
            assertTrue(longer.report().originCount() > (r.originCount() + 2) / 3, "origins past the test split");
            for (int i = 0; 3 * i < test.windows().size(); i++) {
                assertSameBits(test, 3 * i, longer.forecasts(), i);
            }
        }
    }

    @Test
    void eachOriginsScoresAreThatWindowsErrors() {
        RunService.Backtested b = backtest(null, null, 7, null, null, "step7");
        Backtest r = b.report();
        assertEquals(7, r.step());
        int out = b.forecasts().windows().window().outLen();
        int series = b.forecasts().windows().columns();
        for (int i = 0; i < r.originCount(); i++) {
            double se = 0;
            double err = 0;
            for (int h = 0; h < out; h++) {
                for (int c = 0; c < series; c++) {
                    double d = (double) b.forecasts().predicted(i, h, c) - b.forecasts().truth(i, h, c);
                    se += d * d;
                    err += d;
                }
            }
            Metrics.Scores s = r.origins().get(i).scores().get(Backtest.MODEL);
            assertEquals(se / (out * series), s.mse(), 1e-12);
            assertEquals(err / (out * series), s.bias(), 1e-12);
            assertEquals(Math.sqrt(s.mse()), s.rmse(), 1e-12);
            assertEquals(b.forecasts().windows().targetRow(i, 0), r.origins().get(i).row());
        }
        // the DM test allows for the overlap of forecasts 7 rows apart over 12 steps: 2 lags
        Backtest.Comparison best = r.versusBestBaseline();
        assertEquals(2, best.dm().h() + (best.dm().horizonReduced() ? 1 : 0));
        assertEquals(r.originCount(), best.dm().n());
        assertFalse(r.origins().get(0).coverage().isEmpty(), "the model's interval coverage per origin");
    }

    @Test
    void originsTheModelTrainedOnAreRefusedWithoutRefit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backtest("2016-07-05", null, 1, null, null, "early"));
        assertTrue(e.getMessage().contains("trained on"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> backtest(null, null, 0, null, null, "step0"));
        e = assertThrows(IllegalArgumentException.class, () -> backtest(null, null, 1, null, "sliding", "window"));
        assertTrue(e.getMessage().contains("ask for refits"), e.getMessage());
    }

    /** The last timestamp of a refit's training rows is before {@code origin}: fails on a leak. */
    static void assertNoLeak(Path rows, long origin) throws IOException {
        List<String> lines = Files.readAllLines(rows);
        long last = Timestamps.parse(lines.get(lines.size() - 1).split(",")[0]);
        assertTrue(last < origin, "trained through " + Timestamps.format(last) + ", forecasting from "
                + Timestamps.format(origin));
    }

    @Test
    void aRefitNeverTrainsOnARowAtOrAfterItsOrigin() throws IOException {
        for (String window : List.of("expanding", "sliding")) {
            // origins from inside the run's own training rows: each refit sees only what came before
            RunService.Backtested b = backtest("2016-07-20", null, 4, 25, window, "refit-" + window);
            Backtest r = b.report();
            assertTrue(r.refits().size() >= 3, r.refits().toString());
            for (Backtest.Refit f : r.refits()) {
                assertTrue(f.trainTo() <= f.originRow(), f.toString());
                assertEquals(window.equals("sliding") ? Math.max(0, f.originRow() - 600) : 0, f.trainFrom());
                Path rows = Path.of(f.runDir()).resolve(BacktestRefits.DATA_FILE);
                long origin = Timestamps.parse(f.origin());
                assertNoLeak(rows, origin);
                // the check fails for an origin one step earlier: the row before the origin is in the training rows
                long oneStepEarlier = origin - 3_600_000L;
                assertThrows(AssertionError.class, () -> assertNoLeak(rows, oneStepEarlier));
                assertEquals(f.trainTo() - f.trainFrom(), Files.readAllLines(rows).size() - 1);
            }
            assertTrue(r.mode().startsWith("refit every 25 origins (" + window), r.mode());
        }
    }
}
