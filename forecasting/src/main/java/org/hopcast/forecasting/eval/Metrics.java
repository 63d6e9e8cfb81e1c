package org.hopcast.forecasting.eval;

import java.util.ArrayList;
import java.util.List;

import org.hopcast.datasets.StandardScaler;
import org.hopcast.forecasting.run.files.Since;

/**
 * The accuracy of forecasts, every metric defined once, here: the mean over every (window, step, series) element,
 * overall and per series. MSE, MAE, RMSE and bias on the z-scored scale (as the papers report) and in the data's
 * original units; MASE, sMAPE and WAPE, which are ratios, from the original units only:
 * <ul>
 *   <li>{@code bias}: mean of forecast minus actual (positive: the forecasts run high; R's {@code accuracy()}
 *       reports the opposite sign as ME);</li>
 *   <li>{@code mase}: mean absolute error divided by the in-sample MAE of the seasonal naive forecast on the
 *       training part ({@link MaseScale}, Hyndman and Koehler 2006); overall, the mean of the scaled absolute errors,
 *       over the series whose scale is not zero (null when none is);</li>
 *   <li>{@code smape}: M4's symmetric MAPE in percent, 200 |y - f| / (|y| + |f|) averaged, a term whose actual and
 *       forecast are both zero counting as 0;</li>
 *   <li>{@code wape}: sum of |y - f| over sum of |y|, in percent (null when every actual is zero); overall, pooled
 *       over the series in their own units, as a panel of one unit (sales) reads it.</li>
 * </ul>
 * {@code rmse} is the square root of {@code mse}, overall and per series (not a mean of per-window RMSEs).
 *
 * @param windows windows evaluated
 * @param mse normalized MSE
 * @param mae normalized MAE
 * @param mseOriginal MSE in original units (all series pooled)
 * @param maeOriginal MAE in original units
 * @param rmse normalized RMSE
 * @param rmseOriginal RMSE in original units
 * @param bias normalized mean error, forecast minus actual
 * @param biasOriginal the same in original units
 * @param mase mean absolute scaled error
 * @param smape symmetric MAPE (M4), percent
 * @param wape weighted absolute percentage error, percent
 * @param perSeries the same per series
 */
public record Metrics(long windows, double mse, double mae, double mseOriginal, double maeOriginal,
        @Since("forecasters' metrics") double rmse, @Since("forecasters' metrics") double rmseOriginal,
        @Since("forecasters' metrics") double bias, @Since("forecasters' metrics") double biasOriginal,
        @Since("forecasters' metrics") Double mase, @Since("forecasters' metrics") double smape,
        @Since("forecasters' metrics") Double wape, List<SeriesMetrics> perSeries) {

    /** One series' errors, the same metrics as overall. */
    public record SeriesMetrics(String series, double mse, double mae, double mseOriginal, double maeOriginal,
            @Since("forecasters' metrics") double rmse, @Since("forecasters' metrics") double rmseOriginal,
            @Since("forecasters' metrics") double bias, @Since("forecasters' metrics") double biasOriginal,
            @Since("forecasters' metrics") Double mase, @Since("forecasters' metrics") double smape,
            @Since("forecasters' metrics") Double wape) {
    }

    /**
     * The overall metrics forecasters compare in, one row of a backtest (per origin, per horizon step): MSE, MAE, RMSE
     * and bias z-scored, MASE, sMAPE and WAPE from the original units, as defined above.
     */
    public record Scores(double mse, double mae, double rmse, Double mase, double smape, Double wape, double bias) {
    }

    /** These metrics' overall scores. */
    public Scores scores() {
        return new Scores(mse, mae, rmse, mase, smape, wape, bias);
    }

    /** The sums every metric is a ratio of, for one series or pooled over several. */
    private static final class Sums {
        long n;
        double se;
        double ae;
        double err;
        double seO;
        double aeO;
        double errO;
        double smapeTerms;
        double absActualO;
        /** Sum of |error| / scale over the elements whose series has a non-zero MASE scale, and their count. */
        double scaledAe;
        long scaledN;

        void add(double predicted, double truth, double predictedO, double truthO, double maseScale) {
            n++;
            double d = predicted - truth;
            se += d * d;
            ae += Math.abs(d);
            err += d;
            double dO = predictedO - truthO;
            seO += dO * dO;
            aeO += Math.abs(dO);
            errO += dO;
            double denominator = Math.abs(truthO) + Math.abs(predictedO);
            smapeTerms += denominator == 0 ? 0 : 200 * Math.abs(dO) / denominator;
            absActualO += Math.abs(truthO);
            if (maseScale > 0) {
                scaledAe += Math.abs(dO) / maseScale;
                scaledN++;
            }
        }

        void addAll(Sums s) {
            n += s.n;
            se += s.se;
            ae += s.ae;
            err += s.err;
            seO += s.seO;
            aeO += s.aeO;
            errO += s.errO;
            smapeTerms += s.smapeTerms;
            absActualO += s.absActualO;
            scaledAe += s.scaledAe;
            scaledN += s.scaledN;
        }

        Double mase() {
            return scaledN == 0 ? null : scaledAe / scaledN;
        }

        Double wape() {
            return absActualO == 0 ? null : 100 * aeO / absActualO;
        }

        SeriesMetrics series(String name) {
            return new SeriesMetrics(name, se / n, ae / n, seO / n, aeO / n, Math.sqrt(se / n), Math.sqrt(seO / n),
                    err / n, errO / n, mase(), smapeTerms / n, wape());
        }
    }

    /**
     * Metrics of predictions against truths, both row-major (windows x steps x series) on the z-scored scale,
     * {@code scaler} giving the original units and {@code scale} the MASE denominators.
     */
    public static Metrics of(float[] predicted, float[] truth, int series, List<String> names, StandardScaler scaler,
            MaseScale scale) {
        return new Pool(names).add(predicted, truth, scaler, scale).metrics();
    }

    /**
     * Metrics pooled over several series' forecasts of the same columns, each in its own units (a panel's series, each
     * scaled on its own): every element counts once, per column and overall, as if they were one set of forecasts.
     */
    public static final class Pool {
        private final List<String> names;
        private final Sums[] per;
        private long windows;

        public Pool(List<String> names) {
            this.names = List.copyOf(names);
            this.per = new Sums[names.size()];
            for (int c = 0; c < per.length; c++) {
                per[c] = new Sums();
            }
        }

        /** Adds forecasts (windows x steps x series, z-scored by {@code scaler}) and their truths. */
        public Pool add(float[] predicted, float[] truth, StandardScaler scaler, MaseScale scale) {
            int series = per.length;
            if (predicted.length != truth.length || predicted.length % series != 0 || predicted.length == 0) {
                throw new IllegalArgumentException("predictions and truths differ in size or are empty");
            }
            if (scale.series() != series) {
                throw new IllegalArgumentException("a MASE scale of " + scale.series() + " series for " + series);
            }
            for (int i = 0; i < predicted.length; i++) {
                int c = i % series;
                per[c].add(predicted[i], truth[i], scaler.inverse(predicted[i], c), scaler.inverse(truth[i], c),
                        scale.of(c));
            }
            return this;
        }

        /** Adds forecasts with their windows counted. */
        public Pool add(Forecasts f, StandardScaler scaler, MaseScale scale) {
            windows += f.windows().size();
            return add(f.predictedValues(), f.truthValues(), scaler, scale);
        }

        public Metrics metrics() {
            Sums all = new Sums();
            List<SeriesMetrics> perSeries = new ArrayList<>();
            for (int c = 0; c < per.length; c++) {
                perSeries.add(per[c].series(names.get(c)));
                all.addAll(per[c]);
            }
            SeriesMetrics o = all.series("all series");
            return new Metrics(windows, o.mse(), o.mae(), o.mseOriginal(), o.maeOriginal(), o.rmse(), o.rmseOriginal(),
                    o.bias(), o.biasOriginal(), o.mase(), o.smape(), o.wape(), perSeries);
        }
    }

    /** The overall metrics as one row beside the per-series ones (named {@code "all series"}). */
    public SeriesMetrics overall() {
        return new SeriesMetrics("all series", mse, mae, mseOriginal, maeOriginal, rmse, rmseOriginal, bias,
                biasOriginal, mase, smape, wape);
    }

    Metrics withWindows(long w) {
        return new Metrics(w, mse, mae, mseOriginal, maeOriginal, rmse, rmseOriginal, bias, biasOriginal, mase, smape,
                wape, perSeries);
    }
}
