package org.hopcast.forecasting.eval;

import java.util.ArrayList;
import java.util.List;

import org.hopcast.datasets.StandardScaler;

/**
 * How good a forecaster's prediction intervals were on a split, defined once: per nominal coverage the
 * empirical coverage (share of truths inside their interval), the mean width, and the interval (Winkler) score;
 * and one quantile loss over every level the intervals give. Scores are on the z-scored scale, like the papers'
 * MSE; widths also in original units per series.
 *
 * <p>Winkler score of an interval [l, u] at coverage 1 - a for truth y: (u - l) + (2 / a)(l - y) when y &lt; l,
 * + (2 / a)(y - u) when y &gt; u; lower is better, and it punishes both width and misses. The quantile loss is the
 * mean pinball loss at the levels a / 2 and 1 - a / 2 of every coverage and at 0.5 (the point forecast taken as
 * the median): a coarse approximation of the CRPS up to a factor of 2.
 *
 * @param method how the intervals were made ({@code split} or {@code adaptive} conformal)
 * @param levels one entry per nominal coverage
 * @param quantileLoss mean pinball loss over all levels, all series
 * @param seriesQuantileLoss the same per series
 */
public record IntervalScores(String method, List<Level> levels, double quantileLoss, List<Double> seriesQuantileLoss) {

    /** One nominal coverage's result, overall and per series. */
    public record Level(double nominal, double coverage, double meanWidth, double winkler, List<SeriesLevel> perSeries) {
    }

    /** One series at one nominal coverage; {@code meanWidthOriginal} in the series' own units. */
    public record SeriesLevel(String series, double coverage, double meanWidth, double meanWidthOriginal,
            double winkler) {
    }

    /** The half-width of window w, step h, series c at coverage index k (z-scored). */
    @FunctionalInterface
    public interface HalfWidth {
        double at(int k, int w, int h, int c);
    }

    /** Scores of the intervals {@code halfWidth} gives around {@code f}'s forecasts. */
    public static IntervalScores of(String method, Forecasts f, double[] coverages, HalfWidth halfWidth,
            List<String> names, StandardScaler scaler) {
        int windows = (int) f.windows().size();
        int out = f.windows().window().outLen();
        int series = f.windows().columns();
        double perSeries = (double) windows * out;
        List<Level> levels = new ArrayList<>();
        double[] pinball = new double[series];
        for (int k = 0; k < coverages.length; k++) {
            double a = 1 - coverages[k];
            long[] inside = new long[series];
            double[] width = new double[series];
            double[] winkler = new double[series];
            for (int w = 0; w < windows; w++) {
                for (int h = 0; h < out; h++) {
                    for (int c = 0; c < series; c++) {
                        double y = f.truth(w, h, c);
                        double p = f.predicted(w, h, c);
                        double hw = halfWidth.at(k, w, h, c);
                        double lo = p - hw;
                        double hi = p + hw;
                        width[c] += hi - lo;
                        double score = hi - lo;
                        if (y < lo) {
                            score += 2 / a * (lo - y);
                        } else if (y > hi) {
                            score += 2 / a * (y - hi);
                        } else {
                            inside[c]++;
                        }
                        winkler[c] += score;
                        pinball[c] += pinball(y, lo, a / 2) + pinball(y, hi, 1 - a / 2);
                    }
                }
            }
            List<SeriesLevel> per = new ArrayList<>();
            double in = 0;
            double wd = 0;
            double wk = 0;
            for (int c = 0; c < series; c++) {
                per.add(new SeriesLevel(names.get(c), inside[c] / perSeries, width[c] / perSeries,
                        width[c] / perSeries * scaler.std(c), winkler[c] / perSeries));
                in += inside[c];
                wd += width[c];
                wk += winkler[c];
            }
            double all = perSeries * series;
            levels.add(new Level(coverages[k], in / all, wd / all, wk / all, per));
        }
        for (int w = 0; w < windows; w++) {
            for (int h = 0; h < out; h++) {
                for (int c = 0; c < series; c++) {
                    pinball[c] += pinball(f.truth(w, h, c), f.predicted(w, h, c), 0.5);
                }
            }
        }
        int quantiles = 2 * coverages.length + 1;
        List<Double> perSeriesLoss = new ArrayList<>();
        double total = 0;
        for (int c = 0; c < series; c++) {
            perSeriesLoss.add(pinball[c] / (perSeries * quantiles));
            total += pinball[c];
        }
        return new IntervalScores(method, List.copyOf(levels), total / (perSeries * series * quantiles),
                List.copyOf(perSeriesLoss));
    }

    /** The pinball loss of quantile forecast {@code q} at level {@code tau} for truth {@code y}. */
    static double pinball(double y, double q, double tau) {
        return y >= q ? tau * (y - q) : (1 - tau) * (q - y);
    }

    /** The level of nominal coverage {@code nominal}, or null. */
    public Level level(double nominal) {
        return levels.stream().filter(l -> Math.abs(l.nominal() - nominal) < 1e-9).findFirst().orElse(null);
    }
}
