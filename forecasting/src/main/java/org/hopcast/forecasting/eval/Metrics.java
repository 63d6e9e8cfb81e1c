package org.hopcast.forecasting.eval;

import java.util.ArrayList;
import java.util.List;

import org.hopcast.datasets.StandardScaler;

/**
 * MSE and MAE of forecasts, defined once: the mean over every (window, step, series) element, on the
 * z-scored scale (as the papers report) and in the data's original units, overall and per series.
 *
 * @param windows windows evaluated
 * @param mse normalized MSE
 * @param mae normalized MAE
 * @param mseOriginal MSE in original units (all series pooled)
 * @param maeOriginal MAE in original units
 * @param perSeries the same per series
 */
public record Metrics(long windows, double mse, double mae, double mseOriginal, double maeOriginal,
        List<SeriesMetrics> perSeries) {

    /** One series' errors. */
    public record SeriesMetrics(String series, double mse, double mae, double mseOriginal, double maeOriginal) {
    }

    /**
     * Metrics of predictions against truths, both row-major (windows x steps x series) on the z-scored scale.
     */
    public static Metrics of(float[] predicted, float[] truth, int series, List<String> names, StandardScaler scaler) {
        if (predicted.length != truth.length || predicted.length % series != 0) {
            throw new IllegalArgumentException("predictions and truths differ in size");
        }
        double[] se = new double[series];
        double[] ae = new double[series];
        double[] seO = new double[series];
        double[] aeO = new double[series];
        long perSeriesCount = predicted.length / series;
        for (int i = 0; i < predicted.length; i++) {
            int c = i % series;
            double d = (double) predicted[i] - truth[i];
            se[c] += d * d;
            ae[c] += Math.abs(d);
            double dO = scaler.inverse(predicted[i], c) - scaler.inverse(truth[i], c);
            seO[c] += dO * dO;
            aeO[c] += Math.abs(dO);
        }
        List<SeriesMetrics> per = new ArrayList<>();
        double tse = 0;
        double tae = 0;
        double tseO = 0;
        double taeO = 0;
        for (int c = 0; c < series; c++) {
            per.add(new SeriesMetrics(names.get(c), se[c] / perSeriesCount, ae[c] / perSeriesCount,
                    seO[c] / perSeriesCount, aeO[c] / perSeriesCount));
            tse += se[c];
            tae += ae[c];
            tseO += seO[c];
            taeO += aeO[c];
        }
        long n = predicted.length;
        return new Metrics(0, tse / n, tae / n, tseO / n, taeO / n, per);
    }

    Metrics withWindows(long w) {
        return new Metrics(w, mse, mae, mseOriginal, maeOriginal, perSeries);
    }
}
