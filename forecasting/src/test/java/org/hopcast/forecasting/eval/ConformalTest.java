package org.hopcast.forecasting.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.SplitProtocol;
import org.hopcast.datasets.SyntheticSeries;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.datasets.WindowSpec;
import org.junit.jupiter.api.Test;

/** Conformal intervals on residuals whose distribution the test knows. */
class ConformalTest {
    private static final int IN = 8;
    private static final int OUT = 4;

    /** A forecaster whose error at window w, step h, series c is {@code error.at(w, h, c)}. */
    private interface Error {
        double at(int w, int h, int c);
    }

    /** A random walk with level shifts, split 60/20/20; the truths are whatever the data holds. */
    private static PreparedSeries data(int rows, int series) {
        return PreparedSeries.of(SyntheticSeries.table(SyntheticSeries.Kind.SEASONAL_SHIFT, rows, series, 11),
                SplitProtocol.parse("ratio:0.6,0.2,0.2"), new WindowSpec(IN, OUT));
    }

    private static Forecasts forecasts(PreparedSeries p, Split split, Error error) {
        WindowDataset ds = p.windows(split).build();
        int series = ds.columns();
        float[] pred = new float[(int) ds.size() * OUT * series];
        for (int w = 0; w < ds.size(); w++) {
            float[] y = ds.target(w);
            for (int h = 0; h < OUT; h++) {
                for (int c = 0; c < series; c++) {
                    int i = (w * OUT + h) * series + c;
                    pred[i] = (float) (y[i - w * OUT * series] - error.at(w, h, c));
                }
            }
        }
        return Forecasts.of(ds, pred);
    }

    @Test
    void theQuantileIsTheFiniteSampleCorrectedRank() {
        float[] scores = new float[19];
        for (int i = 0; i < 19; i++) {
            scores[i] = i + 1; // 1..19
        }
        // ceil((19 + 1) * 0.9) = 18
        assertEquals(18, Conformal.quantile(scores, 19, 0.9));
        // ceil(20 * 0.95) = 19: the largest
        assertEquals(19, Conformal.quantile(scores, 19, 0.95));
        // ceil(20 * 0.8) = 16, not the plain 80th percentile (15.2)
        assertEquals(16, Conformal.quantile(scores, 19, 0.8));
        // 9 scores at 0.9: rank ceil(9) = 9; 8 scores: rank 9 > 8, no finite band
        assertEquals(9, Conformal.quantile(scores, 9, 0.9));
        assertEquals(Double.POSITIVE_INFINITY, Conformal.quantile(scores, 8, 0.9));
        assertEquals(19, Conformal.minimumScores(0.95));
        assertEquals(4, Conformal.minimumScores(0.8));
        assertEquals(9, Conformal.minimumScores(0.9));
    }

    @Test
    void bandsWidenWithTheStepWhereErrorsDo() {
        PreparedSeries p = data(3000, 2);
        Random r = new Random(1);
        // series 0: errors grow with h; series 1: the same spread at every step
        Error e = (w, h, c) -> r.nextGaussian() * (c == 0 ? 0.2 * (h + 1) : 0.5);
        double[][][] hw = Conformal.split(forecasts(p, Split.VAL, e), new double[] {0.8, 0.95});
        for (int k = 0; k < 2; k++) {
            for (int h = 1; h < OUT; h++) {
                assertTrue(hw[k][h][0] > hw[k][h - 1][0] * 1.15, "step " + h + " not wider: " + hw[k][h][0]);
                assertEquals(hw[k][0][1], hw[k][h][1], 0.2 * hw[k][0][1], "flat errors, step " + h);
            }
            // N(0, s): the 80% half-width is about 1.28 s, the 95% one about 1.96 s
            double z = k == 0 ? 1.2816 : 1.96;
            assertEquals(z * 0.2, hw[k][0][0], 0.15 * z * 0.2);
            assertEquals(z * 0.8, hw[k][3][0], 0.15 * z * 0.8);
        }
    }

    @Test
    void splitCoverageOnIidNoiseIsNominalWithinBinomialError() {
        PreparedSeries p = data(6000, 3);
        Random r = new Random(7);
        Error e = (w, h, c) -> r.nextGaussian() * (1 + c) + 0.3 * r.nextDouble();
        Forecasts val = forecasts(p, Split.VAL, e);
        Forecasts test = forecasts(p, Split.TEST, e);
        double[] cov = {0.8, 0.95};
        PredictionIntervals.Fitted f = PredictionIntervals.fit(val, test, List.of(0.8, 0.95), p.scaler(), p.table(),
                "run");
        IntervalScores s = IntervalScores.of("split", test, cov, f.testHalfWidth(PredictionIntervals.SPLIT),
                p.table().columns(), p.scaler());
        // errors are i.i.d. across windows; a window's steps and series are independent too, so the count of
        // covered points is binomial over every (window, step, series)
        long n = test.windows().size() * OUT * 3;
        for (int k = 0; k < 2; k++) {
            double sd = Math.sqrt(cov[k] * (1 - cov[k]) / n);
            // the calibration quantile itself varies too: allow 4 binomial sd plus its own spread
            double calSd = Math.sqrt(cov[k] * (1 - cov[k]) / val.windows().size());
            assertEquals(cov[k], s.levels().get(k).coverage(), 4 * sd + 2 * calSd, "coverage " + cov[k]);
            for (IntervalScores.SeriesLevel l : s.levels().get(k).perSeries()) {
                assertEquals(cov[k], l.coverage(), 4 * Math.sqrt(3) * sd + 3 * calSd, l.series());
            }
        }
        IntervalScores a = IntervalScores.of("adaptive", test, cov, f.testHalfWidth(PredictionIntervals.ADAPTIVE),
                p.table().columns(), p.scaler());
        assertEquals(0.8, a.levels().get(0).coverage(), 0.02);
        assertEquals(0.95, a.levels().get(1).coverage(), 0.02);
    }

    @Test
    void theAdaptiveMethodRecoversCoverageAfterTheErrorsGrow() {
        PreparedSeries p = data(8000, 1);
        Random r = new Random(3);
        Forecasts val = forecasts(p, Split.VAL, (w, h, c) -> r.nextGaussian() * 0.3);
        // the errors triple in the test split: validation bands are far too narrow there
        Forecasts test = forecasts(p, Split.TEST, (w, h, c) -> r.nextGaussian() * 0.9);
        double[] cov = {0.8};
        PredictionIntervals.Fitted f = PredictionIntervals.fit(val, test, List.of(0.8), p.scaler(), p.table(), "run");
        double split = IntervalScores.of("split", test, cov, f.testHalfWidth(PredictionIntervals.SPLIT),
                p.table().columns(), p.scaler()).levels().get(0).coverage();
        double adaptive = IntervalScores.of("adaptive", test, cov, f.testHalfWidth(PredictionIntervals.ADAPTIVE),
                p.table().columns(), p.scaler()).levels().get(0).coverage();
        assertTrue(split < 0.45, "split conformal cannot follow: " + split);
        assertTrue(Math.abs(adaptive - 0.8) < 0.06, "adaptive coverage " + adaptive);
        // at the end the adaptive bands are about the new errors' 80% half-width (1.28 x 0.9), the split ones not
        double end = f.intervals().adaptive().halfWidth()[0][0][0] / p.scaler().std(0);
        assertEquals(1.2816 * 0.9, end, 0.25);
        assertEquals(1.2816 * 0.3, f.splitZ()[0][0][0], 0.05);
    }

    @Test
    void aCoverageWithinAHairOfZeroTakesTheSmallestScore() {
        float[] scores = {1, 2, 3, 4, 5};
        // (n + 1) * 1e-12 is below the rank's rounding slack: the rank must still be 1, not 0 (issue #29)
        assertEquals(1, Conformal.quantile(scores, 5, 1e-12));
        assertEquals(1, Conformal.quantile(scores, 5, Double.MIN_VALUE));
        assertEquals(0, Conformal.quantile(scores, 5, 0));
        assertEquals(1, Conformal.quantile(scores, 1, 0.3));
        assertEquals(Double.POSITIVE_INFINITY, Conformal.quantile(scores, 0, 0.3));
    }

    /**
     * Issue #29's crash: test errors far below the validation ones for a long stretch raise adaptive conformal's
     * alpha until its level 1 - alpha is a hair above 0. The step size is found by bisection on alpha's own float
     * sum (monotone in the step), so that after the last test window alpha is the largest double sum below 1; the
     * replay must then give bands, not an index of -1.
     */
    @Test
    void adaptiveConformalSurvivesALevelWithinAHairOfZero() {
        PreparedSeries p = data(3000, 1);
        double coverage = 0.8;
        int n = (int) p.windows(Split.VAL).build().size();
        int arrivals = (int) p.windows(Split.TEST).build().size();
        double lo = 0;
        double hi = 2 * coverage / ((1 - coverage) * arrivals);
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (alphaAfter(arrivals, coverage, mid) < 1) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double level = 1 - alphaAfter(arrivals, coverage, lo);
        assertTrue(level > 0 && (n + 1) * level < 1e-9, "level " + level + " is not within a hair of 0");
        Forecasts val = forecasts(p, Split.VAL, (w, h, c) -> 1.0);
        Forecasts test = forecasts(p, Split.TEST, (w, h, c) -> 0.0);
        Conformal.Adaptive a = Conformal.adaptive(val, test, new double[] {coverage}, lo);
        for (float hw : a.halfWidths()[0]) {
            assertTrue(hw >= 0 && Float.isFinite(hw), "half-width " + hw);
        }
        for (double[] hs : a.finalHalfWidths()[0]) {
            assertTrue(hs[0] >= 0 && Double.isFinite(hs[0]), "final half-width " + hs[0]);
        }
    }

    /** Adaptive conformal's alpha after {@code k} covered truths, summed as {@link Conformal#adaptive} sums it. */
    private static double alphaAfter(int k, double coverage, double gamma) {
        double alpha = 1 - coverage;
        for (int i = 0; i < k; i++) {
            alpha += gamma * ((1 - coverage) - 0);
        }
        return alpha;
    }

    @Test
    void theAdaptiveReplayUsesOnlyTruthsKnownAtForecastTimeAndMatchesANaiveRecount() {
        PreparedSeries p = data(1200, 2);
        Random r = new Random(5);
        Error e = (w, h, c) -> r.nextGaussian() * (1 + 0.3 * h) * (w > 60 ? 2 : 1);
        Forecasts val = forecasts(p, Split.VAL, e);
        Forecasts test = forecasts(p, Split.TEST, e);
        double[] cov = {0.8, 0.95};
        double gamma = 0.05;
        Conformal.Adaptive a = Conformal.adaptive(val, test, cov, gamma);
        int windows = (int) test.windows().size();
        for (int h = 0; h < OUT; h++) {
            for (int c = 0; c < 2; c++) {
                // the slow way: at window w, the scores are the last n of val's and test's up to window w - h - 1
                float[] v = Conformal.scores(val, h, c);
                float[] t = Conformal.scores(test, h, c);
                int n = v.length;
                for (int k = 0; k < cov.length; k++) {
                    double alpha = 1 - cov[k];
                    for (int w = 0; w < windows; w++) {
                        int known = w - h - 1;
                        if (known >= 0) {
                            double width = a.halfWidths()[k][(known * OUT + h) * 2 + c];
                            alpha += gamma * ((1 - cov[k]) - (t[known] > width ? 1 : 0));
                        }
                        float[] all = new float[n + Math.max(0, known + 1)];
                        System.arraycopy(v, 0, all, 0, n);
                        System.arraycopy(t, 0, all, n, Math.max(0, known + 1));
                        float[] last = Arrays.copyOfRange(all, all.length - n, all.length);
                        Arrays.sort(last);
                        double q = alpha <= 0 ? last[n - 1] : Conformal.quantile(last, n, 1 - alpha);
                        if (Double.isInfinite(q)) {
                            q = last[n - 1];
                        }
                        assertEquals(q, a.halfWidths()[k][(w * OUT + h) * 2 + c], 1e-6, "h " + h + " c " + c + " w " + w);
                    }
                }
            }
        }
    }

    @Test
    void scaledScoresFollowVolatilityThatGrowsAfterValidation() {
        // errors proportional to each window's own volatility, which is 3x larger in the test split
        int rows = 8000;
        double[] v = new double[rows];
        Random r = new Random(9);
        for (int i = 1; i < rows; i++) {
            double vol = i < 0.8 * rows ? 1 : 3;
            v[i] = 0.98 * v[i - 1] + vol * r.nextGaussian();
        }
        PreparedSeries p = PreparedSeries.of(SeriesTable.of("vol", List.of("x"), null, v),
                SplitProtocol.parse("ratio:0.6,0.2,0.2"), new WindowSpec(IN, OUT));
        float[] valScales = Conformal.scales(p.windows(Split.VAL).build());
        float[] testScales = Conformal.scales(p.windows(Split.TEST).build());
        Forecasts val = forecasts(p, Split.VAL, (w, h, c) -> valScales[w] * r.nextGaussian());
        Forecasts test = forecasts(p, Split.TEST, (w, h, c) -> testScales[w] * r.nextGaussian());
        PredictionIntervals.Fitted f = PredictionIntervals.fit(val, test, List.of(0.8), p.scaler(), p.table(), "run");
        double[] cov = {0.8};
        double absolute = IntervalScores.of("split", test, cov, f.testHalfWidth(PredictionIntervals.SPLIT),
                p.table().columns(), p.scaler()).levels().get(0).coverage();
        double scaled = IntervalScores.of("split-scaled", test, cov, f.testHalfWidth(PredictionIntervals.SPLIT_SCALED),
                p.table().columns(), p.scaler()).levels().get(0).coverage();
        assertTrue(absolute < 0.5, "absolute errors calibrated on the calm period: " + absolute);
        assertEquals(0.8, scaled, 0.03, "scaled: " + scaled);
        // the multiplier is the 80% quantile of |N(0, 1)|, 1.28, whatever the units
        assertEquals(1.2816, f.intervals().splitScaled()[0][0][0], 0.1);
        // a window's volatility: the mean absolute change of its input rows, floored
        float[] out = new float[2];
        Conformal.volatility(new float[] {0, 5, 1, 5, 3, 5}, 2, out, 0);
        assertEquals(1.5, out[0], 1e-6); // |1 - 0| and |3 - 1|
        assertEquals(Conformal.MIN_SCALE, out[1], 1e-9);
    }

    @Test
    void intervalScoresOnKnownValues() {
        // one window, one step, one series: truth 0; forecast 1 with half-width 0.5 at 80% misses below by 0.5
        PreparedSeries p = PreparedSeries.of(SeriesTable.of("t", List.of("x"), null, new double[] {0, 1, 2, 3, 0, 5, 0,
            7, 0, 0}), SplitProtocol.parse("rows:4,3,3"), new WindowSpec(1, 1));
        WindowDataset test = p.windows(Split.TEST).build();
        float[] pred = new float[(int) test.size()];
        for (int w = 0; w < pred.length; w++) {
            pred[w] = test.target(w)[0] + 1; // every forecast 1 above the truth
        }
        Forecasts f = Forecasts.of(test, pred);
        IntervalScores s = IntervalScores.of("split", f, new double[] {0.8}, (k, w, h, c) -> 0.5, List.of("x"),
                p.scaler());
        IntervalScores.Level l = s.levels().get(0);
        assertEquals(0, l.coverage());
        assertEquals(1.0, l.meanWidth(), 1e-6);
        // width 1 + (2 / 0.2) * 0.5 = 6
        assertEquals(6.0, l.winkler(), 1e-5);
        // pinball: lower quantile (0.1) at +0.5 above the truth: 0.9 * 0.5; upper (0.9) at +1.5: 0.1 * 1.5;
        // median at +1: 0.5 * 1; mean of the three
        assertEquals((0.45 + 0.15 + 0.5) / 3, s.quantileLoss(), 1e-5);
    }
}
