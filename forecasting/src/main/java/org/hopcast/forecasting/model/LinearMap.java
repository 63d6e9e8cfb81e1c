package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import org.hopcast.hopfield.trace.OpTrace;

/**
 * STanHop-Net's linear path ({@link LinearPath}): per series c, y_c = W_c'(x_c - last_c) + b_c + last_c on the
 * z-scored window x (B, T, D), giving (B, tau, D): the {@link LinearBaseline}'s map as a block, so that it can be
 * set to the baseline's closed-form fit ({@link #setFrom}) and, when {@link LinearPath#TRAINED}, train with the
 * network. Its weight is a quantization site like every Linear's, and its output an activation site.
 *
 * <p>With covariates it also maps each window's covariate features (the covariates' last input row and the
 * known-ahead ones over the forecast period) to every series' outputs, as {@link CovariateLinear} does, and is set from
 * that fit: the untrained model is then the linear baseline given the same covariates.
 */
final class LinearMap extends Module {
    private final int in;
    private final int out;
    private final int series;
    private final boolean trained;
    /** (D, T, tau): the per-series maps, batched over the series by one matrix product. */
    private final Parameter weight;
    /** (D, 1, tau): the intercepts. */
    private final Parameter bias;
    /** Covariate features P = C + tau * F, and their (D, P, tau) weights (null without covariates). */
    private final int covariates;
    private final int known;
    private final Parameter covariateWeight;

    LinearMap(int in, int out, int series, LinearPath mode) {
        this(in, out, series, 0, 0, mode);
    }

    LinearMap(int in, int out, int series, int covariates, int known, LinearPath mode) {
        if (!mode.on()) {
            throw new IllegalArgumentException("no linear path to build");
        }
        this.in = in;
        this.out = out;
        this.series = series;
        this.trained = mode == LinearPath.TRAINED;
        // zero until set from the fit: a model that was never fitted forecasts "no change"
        this.weight = parameter("weight", Parameter.Type.WEIGHT, new Shape(series, in, out), new ConstantInitializer(0f));
        this.bias = parameter("bias", Parameter.Type.BIAS, new Shape(series, 1, out), new ConstantInitializer(0f));
        this.covariates = covariates;
        this.known = known;
        this.covariateWeight = covariates == 0 ? null : parameter("covariate_weight", Parameter.Type.WEIGHT,
                new Shape(series, covariates + (long) out * known, out), new ConstantInitializer(0f));
    }

    /** The forecast (B, tau, D) of the windows x (B, T, D) and, with covariates, theirs (B, T, C), (B, tau, F). */
    NDArray apply(ParameterStore ps, NDArray x, NDArray observed, NDArray ahead, boolean training) {
        NDArray y = apply(ps, x, training);
        if (covariateWeight == null) {
            return y;
        }
        long b = x.getShape().get(0);
        NDArray features = observed.get(":, " + (in - 1) + ", :");
        if (known > 0) {
            features = features.concat(ahead.reshape(b, (long) out * known), 1);
        }
        NDArray w = fixedUnlessTrained(ps.getValue(covariateWeight, x.getDevice(), training), x);
        // (B, 1, 1, P) x (D, P, tau) -> (B, D, 1, tau)
        NDArray z = OpTrace.matMul(features.reshape(b, 1, 1, covariates + (long) out * known), w);
        return y.add(z.reshape(b, series, out).transpose(0, 2, 1));
    }

    /**
     * The parameter's value {@code p}, cut from the graph unless the map trains. A handle made from a parameter lands in
     * the parameters' long-lived manager: it is moved into this pass's scope, or every pass would keep one.
     */
    private NDArray fixedUnlessTrained(NDArray p, NDArray x) {
        if (trained) {
            return p;
        }
        NDArray fixed = p.stopGradient();
        fixed.attach(x.getManager());
        return fixed;
    }

    /** The forecast (B, tau, D) of the windows x (B, T, D), the covariates aside. */
    private NDArray apply(ParameterStore ps, NDArray x, boolean training) {
        long b = x.getShape().get(0);
        NDArray last = x.get(":, " + (in - 1) + ":" + in + ", :").stopGradient();
        NDArray w = weight("weight", ps.getValue(weight, x.getDevice(), training));
        NDArray c = ps.getValue(bias, x.getDevice(), training);
        // fixed at the closed-form fit unless trained: Adam sees a zero gradient and leaves it
        w = fixedUnlessTrained(w, x);
        c = fixedUnlessTrained(c, x);
        // (B, D, 1, T) x (D, T, tau) -> (B, D, 1, tau)
        NDArray centred = x.sub(last).transpose(0, 2, 1).expandDims(2);
        NDArray y = site("out", OpTrace.matMul(centred, w).add(c));
        return report(y.reshape(b, series, out).transpose(0, 2, 1).add(last));
    }

    /** Sets the weights to a closed-form fit (its series, input length and horizon must be this map's). */
    void setFrom(LinearBaseline fit) {
        if (fit.inLen() != in || fit.outLen() != out || fit.series() != series) {
            throw new IllegalArgumentException("a fit for " + fit.inLen() + " -> " + fit.outLen() + " over "
                    + fit.series() + " series cannot start a linear path for " + in + " -> " + out + " over " + series);
        }
        setRows(0, fit::weights);
    }

    /** Sets the weights to the closed-form fit given the covariates (its shapes must be this map's). */
    void setFrom(CovariateLinear fit) {
        if (fit.inLen() != in || fit.outLen() != out || fit.series() != series || fit.covariates() != covariates
                || fit.known() != known) {
            throw new IllegalArgumentException("a fit for " + fit.inLen() + " -> " + fit.outLen() + " over "
                    + fit.series() + " series and " + fit.covariates() + " covariates cannot start a linear path for "
                    + in + " -> " + out + " over " + series + " and " + covariates);
        }
        setRows(covariates + out * known, fit::weights);
    }

    /**
     * Sets the weights from a fit's per-series rows (row-major, out wide): in rows for the window, then {@code p} for
     * the covariate features, then the intercept.
     */
    private void setRows(int p, java.util.function.IntFunction<double[]> rowsOf) {
        float[] w = new float[series * in * out];
        float[] cw = new float[series * p * out];
        float[] c = new float[series * out];
        for (int s = 0; s < series; s++) {
            double[] ws = rowsOf.apply(s);
            for (int t = 0; t < in + p; t++) {
                for (int h = 0; h < out; h++) {
                    float v = (float) ws[t * out + h];
                    if (t < in) {
                        w[(s * in + t) * out + h] = v;
                    } else {
                        cw[(s * p + t - in) * out + h] = v;
                    }
                }
            }
            for (int h = 0; h < out; h++) {
                c[s * out + h] = (float) ws[(in + p) * out + h];
            }
        }
        set(weight, w);
        set(bias, c);
        if (p > 0) {
            set(covariateWeight, cw);
        }
    }

    private static void set(Parameter p, float[] values) {
        NDArray a = p.getArray();
        NDManager m = a.getManager();
        try (NDArray v = m.create(values, a.getShape())) {
            a.set(v.toByteBuffer()); // in place: the parameter store and the optimizer keep their arrays
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(covariates == 0 ? apply(ps, inputs.head(), training)
                : apply(ps, inputs.get(0), inputs.get(1), inputs.get(2), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), out, series)};
    }
}
