package org.hopcast.forecasting.model;

import org.hopcast.datasets.WindowDataset;

/**
 * The linear baseline of the DLinear/NLinear papers (Zeng et al., AAAI 2023): for each series one linear map
 * from the in_len inputs to the out_len outputs, on windows normalized by their last value (NLinear), fitted by
 * least squares on the training windows. Closed form (normal equations with a tiny ridge, solved by Cholesky),
 * so it trains in seconds and gives the same weights every time.
 *
 * <p>It is both a baseline beside every result ({@code eval.Baselines}) and the start of STanHop-Net's linear path
 * ({@link LinearPath}, {@link LinearMap}): one fit, so the untrained model is exactly this baseline.
 */
public final class LinearBaseline {
    /** The names of the baselines a linear path can start as, as results and run files write them. */
    public static final String LINEAR = "linear";
    public static final String PERSISTENCE = "persistence";

    /** Products summed into the normal equations at most (per series): larger training sets are thinned evenly. */
    static final double MAX_WORK = 1.5e9;
    /** Ridge as a fraction of the mean diagonal of X'X: numerical safety, not regularization. */
    public static final double RIDGE = 1e-6;

    private final int in;
    private final int out;
    private final int series;
    /** Per series: (in + 1) x out weights, the last row the intercept. */
    private final double[][] weights;

    private LinearBaseline(int in, int out, int series, double[][] weights) {
        this.in = in;
        this.out = out;
        this.series = series;
        this.weights = weights;
    }

    /**
     * Persistence as a linear map: every weight 0, so each series' forecast is its last value (on last-value-
     * normalized windows the map of "no change" is zero).
     */
    public static LinearBaseline persistence(int in, int out, int series) {
        double[][] w = new double[series][(in + 1) * out];
        return new LinearBaseline(in, out, series, w);
    }

    /**
     * {@code linear} times this map plus {@code seasonal} times the seasonal naive forecast of period {@code season}
     * (a 1 at lag in - season + h mod season on the normalized window); what is left of the weights goes to
     * persistence, whose map is 0 ({@link LinearMix}).
     */
    LinearBaseline mixed(double linear, double seasonal, int season) {
        double[][] w = new double[series][];
        for (int c = 0; c < series; c++) {
            w[c] = weights[c].clone();
            for (int k = 0; k < w[c].length; k++) {
                w[c][k] *= linear;
            }
            for (int h = 0; seasonal > 0 && h < out; h++) {
                w[c][(in - season + h % season) * out + h] += seasonal;
            }
        }
        return new LinearBaseline(in, out, series, w);
    }

    /** The mean squared error of this map's forecasts over every {@code stride}-th window of {@code ds}. */
    public double mse(WindowDataset ds, int stride) {
        int per = out * series;
        float[] f = new float[per];
        double sum = 0;
        long count = 0;
        for (long i = 0; i < ds.size(); i += Math.max(1, stride)) {
            float[] input = ds.input(i);
            float[] target = ds.target(i);
            predict(input, f, 0);
            for (int k = 0; k < per; k++) {
                double e = f[k] - target[k];
                sum += e * e;
            }
            count += per;
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Fits on every training window (or an evenly spaced subset when there are very many). */
    public static LinearBaseline fit(WindowDataset train) {
        return fit(train, RIDGE).get(0);
    }

    /**
     * The fit with each of {@code ridges} (as fractions of the mean diagonal of X'X; the baseline's own is
     * {@link #RIDGE}) from one pass over the training windows: larger ones shrink the weights of the directions the
     * training windows hardly move in, where least squares fits their noise.
     */
    public static java.util.List<LinearBaseline> fit(WindowDataset train, double... ridges) {
        int in = train.window().inLen();
        int out = train.window().outLen();
        int series = train.columns();
        int n = (int) train.size();
        int stride = (int) Math.max(1, Math.ceil((double) n * (in + 1) * (in + 1) / MAX_WORK));
        int p = in + 1;
        double[][] xtx = new double[series][p * p];
        double[][] xty = new double[series][p * out];
        double[] x = new double[p];
        for (int i = 0; i < n; i += stride) {
            float[] input = train.input(i);
            float[] target = train.target(i);
            for (int c = 0; c < series; c++) {
                double last = input[(in - 1) * series + c];
                for (int t = 0; t < in; t++) {
                    x[t] = input[t * series + c] - last;
                }
                x[in] = 1;
                double[] a = xtx[c];
                for (int r = 0; r < p; r++) {
                    double xr = x[r];
                    if (xr == 0) {
                        continue;
                    }
                    int base = r * p;
                    for (int k = r; k < p; k++) {
                        a[base + k] += xr * x[k];
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
        double[] trace = new double[series];
        for (int c = 0; c < series; c++) {
            double[] a = xtx[c];
            for (int r = 0; r < p; r++) {
                for (int k = 0; k < r; k++) {
                    a[r * p + k] = a[k * p + r]; // the lower triangle from the upper
                }
                trace[c] += a[r * p + r];
            }
        }
        java.util.List<LinearBaseline> fits = new java.util.ArrayList<>();
        for (double strength : ridges) {
            double[][] w = new double[series][];
            for (int c = 0; c < series; c++) {
                double[] a = xtx[c].clone();
                double ridge = strength * Math.max(trace[c] / p, 1e-12);
                for (int r = 0; r < in; r++) { // the intercept is not shrunk
                    a[r * p + r] += ridge;
                }
                w[c] = solve(a, xty[c], p, out);
            }
            fits.add(new LinearBaseline(in, out, series, w));
        }
        return fits;
    }

    /** The forecast (out x series, row-major) for one window's input (in x series, row-major). */
    public void predict(float[] input, float[] into, int offset) {
        for (int c = 0; c < series; c++) {
            double last = input[(in - 1) * series + c];
            double[] wc = weights[c];
            for (int h = 0; h < out; h++) {
                double y = wc[in * out + h];
                for (int t = 0; t < in; t++) {
                    y += (input[t * series + c] - last) * wc[t * out + h];
                }
                into[offset + h * series + c] = (float) (y + last);
            }
        }
    }

    /** Input window length. */
    public int inLen() {
        return in;
    }

    /** Horizon. */
    public int outLen() {
        return out;
    }

    /** The series the map was fitted for. */
    public int series() {
        return series;
    }

    /** Series {@code c}'s weights: (in + 1) x out, row-major, the last row the intercept (a copy). */
    public double[] weights(int c) {
        return weights[c].clone();
    }

    /** Solves A W = B for symmetric positive definite A (p x p) and B (p x m) by Cholesky; A is overwritten. */
    static double[] solve(double[] a, double[] b, int p, int m) {
        for (int j = 0; j < p; j++) {
            double d = a[j * p + j];
            for (int k = 0; k < j; k++) {
                d -= a[j * p + k] * a[j * p + k];
            }
            if (!(d > 0)) {
                d = 1e-12; // a direction the data never moves in: leave its weight at 0
            }
            double l = Math.sqrt(d);
            a[j * p + j] = l;
            for (int i = j + 1; i < p; i++) {
                double s = a[i * p + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * p + k] * a[j * p + k];
                }
                a[i * p + j] = s / l;
            }
        }
        double[] x = b.clone();
        for (int col = 0; col < m; col++) {
            for (int i = 0; i < p; i++) { // L y = b
                double s = x[i * m + col];
                for (int k = 0; k < i; k++) {
                    s -= a[i * p + k] * x[k * m + col];
                }
                x[i * m + col] = s / a[i * p + i];
            }
            for (int i = p - 1; i >= 0; i--) { // L' w = y
                double s = x[i * m + col];
                for (int k = i + 1; k < p; k++) {
                    s -= a[k * p + i] * x[k * m + col];
                }
                x[i * m + col] = s / a[i * p + i];
            }
        }
        return x;
    }
}
