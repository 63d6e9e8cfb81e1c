package org.hopcast.forecasting.model;

import org.hopcast.datasets.WindowDataset;

/**
 * The linear baseline ({@link LinearBaseline}) given the same covariates as the model: for each target series one
 * linear map from its last-value-normalized input window, the covariates' last observed row and every known-ahead
 * covariate over the forecast period to the out_len outputs, fitted by least squares on the training windows (closed
 * form, as the baseline). It is what a forecaster would fit first with covariates at hand (a regression with ARX-like
 * lags), so a model that takes covariates is compared with it, not with a baseline that never saw them.
 */
public final class CovariateLinear {
    private final int in;
    private final int out;
    private final int series;
    private final int covariates;
    private final int known;
    /** Per series: p x out weights over the features of {@link #features}, the last row the intercept. */
    private final double[][] weights;

    private CovariateLinear(int in, int out, int series, int covariates, int known, double[][] weights) {
        this.in = in;
        this.out = out;
        this.series = series;
        this.covariates = covariates;
        this.known = known;
        this.weights = weights;
    }

    private int features() {
        return in + covariates + out * known + 1;
    }

    /** Fits on the training windows (an evenly spaced subset when there are very many), with the baseline's ridge. */
    public static CovariateLinear fit(WindowDataset train) {
        int in = train.window().inLen();
        int out = train.window().outLen();
        int series = train.columns();
        CovariateLinear shape = new CovariateLinear(in, out, series, train.covariateColumns(), train.knownColumns(),
                null);
        int p = shape.features();
        int n = (int) train.size();
        int stride = (int) Math.max(1, Math.ceil((double) n * p * p / LinearBaseline.MAX_WORK));
        double[][] xtx = new double[series][p * p];
        double[][] xty = new double[series][p * out];
        double[] x = new double[p];
        for (int i = 0; i < n; i += stride) {
            float[] input = train.input(i);
            float[] target = train.target(i);
            float[] observed = train.observed(i);
            float[] ahead = train.knownAhead(i);
            for (int c = 0; c < series; c++) {
                double last = shape.features(input, observed, ahead, c, x);
                double[] a = xtx[c];
                for (int r = 0; r < p; r++) {
                    double xr = x[r];
                    if (xr == 0) {
                        continue;
                    }
                    for (int k = r; k < p; k++) {
                        a[r * p + k] += xr * x[k];
                    }
                }
                double[] b = xty[c];
                for (int h = 0; h < out; h++) {
                    double y = target[h * series + c] - last;
                    for (int r = 0; r < p; r++) {
                        b[r * out + h] += x[r] * y;
                    }
                }
            }
        }
        double[][] w = new double[series][];
        for (int c = 0; c < series; c++) {
            double[] a = xtx[c];
            double trace = 0;
            for (int r = 0; r < p; r++) {
                for (int k = 0; k < r; k++) {
                    a[r * p + k] = a[k * p + r];
                }
                trace += a[r * p + r];
            }
            double ridge = LinearBaseline.RIDGE * Math.max(trace / p, 1e-12);
            for (int r = 0; r < p - 1; r++) { // the intercept is not shrunk
                a[r * p + r] += ridge;
            }
            w[c] = LinearBaseline.solve(a, xty[c], p, out);
        }
        return new CovariateLinear(in, out, series, shape.covariates, shape.known, w);
    }

    /**
     * Series c's features of one window into {@code x}: its input less its last value, the covariates' last input
     * row, the known-ahead covariates over the forecast period, 1. Returns the last value (what the outputs are
     * relative to).
     */
    private double features(float[] input, float[] observed, float[] ahead, int c, double[] x) {
        double last = input[(in - 1) * series + c];
        for (int t = 0; t < in; t++) {
            x[t] = input[t * series + c] - last;
        }
        for (int j = 0; j < covariates; j++) {
            x[in + j] = observed[(in - 1) * covariates + j];
        }
        for (int k = 0; k < out * known; k++) {
            x[in + covariates + k] = ahead[k];
        }
        x[x.length - 1] = 1;
        return last;
    }

    public int inLen() {
        return in;
    }

    public int outLen() {
        return out;
    }

    public int series() {
        return series;
    }

    public int covariates() {
        return covariates;
    }

    public int known() {
        return known;
    }

    /**
     * Series {@code c}'s weights, row-major (p x out): in rows for the window, C for the covariates' last row, out x F
     * for the known-ahead covariates (step-major), then the intercept. A copy.
     */
    public double[] weights(int c) {
        return weights[c].clone();
    }

    /** The forecasts (windows x out x series, row-major) of every window of {@code ds}. */
    public float[] predict(WindowDataset ds) {
        int p = features();
        float[] pred = new float[(int) ds.size() * out * series];
        double[] x = new double[p];
        for (int i = 0; i < ds.size(); i++) {
            float[] input = ds.input(i);
            float[] observed = ds.observed(i);
            float[] ahead = ds.knownAhead(i);
            for (int c = 0; c < series; c++) {
                double last = features(input, observed, ahead, c, x);
                double[] wc = weights[c];
                for (int h = 0; h < out; h++) {
                    double y = 0;
                    for (int r = 0; r < p; r++) {
                        y += x[r] * wc[r * out + h];
                    }
                    pred[(i * out + h) * series + c] = (float) (y + last);
                }
            }
        }
        return pred;
    }
}
