package org.hopcast.forecasting.model;

import org.hopcast.datasets.WindowDataset;

/**
 * The linear baseline ({@link LinearBaseline}) given the same covariates as the model: for each target series and
 * forecast step, a linear map from its last-value-normalized input window, the covariates' last observed row and that
 * step's known-ahead covariates, fitted by least squares on the training windows (closed form, as the baseline; see
 * {@link #fit}). It is what a forecaster would fit first with covariates at hand (a regression with ARX-like
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

    /**
     * Fits on the training windows in two stages, so that the known future adds a handful of weights per step and not
     * a step's worth of every covariate to every output (which over-fitted: 347 weights per output from 575 windows on
     * the retail example): first the linear baseline's map of the window ({@link LinearBaseline#fit}), then, per
     * step h, a least-squares map of what it leaves from the covariates' last input row and step h's known-ahead
     * values. A promotion on the last input day, which raised the level every forecast starts from, is corrected by
     * the first part; one on day h by the second.
     */
    public static CovariateLinear fit(WindowDataset train) {
        int in = train.window().inLen();
        int out = train.window().outLen();
        int series = train.columns();
        int cov = train.covariateColumns();
        int known = train.knownColumns();
        LinearBaseline first = LinearBaseline.fit(train);
        int q = cov + known + 1;
        int n = (int) train.size();
        int stride = (int) Math.max(1, Math.ceil((double) n * out * q * q / LinearBaseline.MAX_WORK));
        double[][] ztz = new double[series * out][q * q];
        double[][] ztr = new double[series * out][q];
        double[] z = new double[q];
        float[] base = new float[out * series];
        for (int i = 0; i < n; i += stride) {
            float[] input = train.input(i);
            float[] target = train.target(i);
            float[] observed = train.observed(i);
            float[] ahead = train.knownAhead(i);
            first.predict(input, base, 0);
            for (int h = 0; h < out; h++) {
                for (int j = 0; j < cov; j++) {
                    z[j] = observed[(in - 1) * cov + j];
                }
                for (int j = 0; j < known; j++) {
                    z[cov + j] = ahead[h * known + j];
                }
                z[q - 1] = 1;
                for (int c = 0; c < series; c++) {
                    double r = target[h * series + c] - base[h * series + c];
                    double[] a = ztz[c * out + h];
                    double[] b = ztr[c * out + h];
                    for (int u = 0; u < q; u++) {
                        for (int v = u; v < q; v++) {
                            a[u * q + v] += z[u] * z[v];
                        }
                        b[u] += z[u] * r;
                    }
                }
            }
        }
        int p = in + cov + out * known + 1;
        double[][] w = new double[series][p * out];
        for (int c = 0; c < series; c++) {
            double[] lin = first.weights(c); // (in + 1) x out, the intercept last
            for (int t = 0; t <= in; t++) {
                for (int h = 0; h < out; h++) {
                    w[c][(t == in ? p - 1 : t) * out + h] = lin[t * out + h];
                }
            }
            for (int h = 0; h < out; h++) {
                double[] a = ztz[c * out + h];
                double trace = 0;
                for (int u = 0; u < q; u++) {
                    for (int v = 0; v < u; v++) {
                        a[u * q + v] = a[v * q + u];
                    }
                    trace += a[u * q + u];
                }
                double ridge = SECOND_RIDGE * Math.max(trace / q, 1e-12);
                for (int u = 0; u < q - 1; u++) { // the intercept is not shrunk
                    a[u * q + u] += ridge;
                }
                double[] v = LinearBaseline.solve(a, ztr[c * out + h], q, 1);
                for (int j = 0; j < cov; j++) {
                    w[c][(in + j) * out + h] += v[j];
                }
                for (int j = 0; j < known; j++) {
                    w[c][(in + cov + h * known + j) * out + h] += v[cov + j];
                }
                w[c][(p - 1) * out + h] += v[q - 1];
            }
        }
        return new CovariateLinear(in, out, series, cov, known, w);
    }

    /** The second stage's ridge, as a fraction of the mean diagonal: a little shrinkage of the covariates' weights. */
    static final double SECOND_RIDGE = 1e-3;

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
