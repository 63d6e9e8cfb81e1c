package org.hopcast.forecasting.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import org.hopcast.hopfield.ops.Scalars;

/**
 * The instance normalization around STanHop-Net ({@link InstanceNorm}): {@link #normalize} takes a window
 * (B, T, D) to the scale the network works on and returns the statistics that {@link #denormalize} uses to map
 * the forecast (B, tau, D) back. The statistics are computed without gradient, as RevIN does. Nothing here is a
 * quantization site: W8A8 quantizes the network, not this statistics path.
 */
final class ReversibleNorm extends Module {
    /** RevIN's eps, added to the variance. */
    static final double EPS = 1e-5;

    private final InstanceNorm kind;
    private final Parameter gamma;
    private final Parameter beta;

    ReversibleNorm(InstanceNorm kind, int series) {
        if (kind == InstanceNorm.NONE) {
            throw new IllegalArgumentException("no instance normalization to build");
        }
        this.kind = kind;
        if (kind != InstanceNorm.LAST_VALUE) {
            this.gamma = parameter("affine_weight", Parameter.Type.GAMMA, new Shape(series), new ConstantInitializer(1f));
            this.beta = parameter("affine_bias", Parameter.Type.BETA, new Shape(series), new ConstantInitializer(0f));
        } else {
            this.gamma = null;
            this.beta = null;
        }
    }

    /** The normalized windows and their statistics. */
    NDList normalize(ParameterStore ps, NDArray x, boolean training) {
        NDArray xd = x.stopGradient();
        long t = x.getShape().get(1);
        if (kind == InstanceNorm.LAST_VALUE) {
            NDArray last = xd.get(":, " + (t - 1) + ":" + t + ", :");
            return new NDList(x.sub(last), last);
        }
        NDArray mean = xd.mean(new int[] {1}, true);
        NDArray centred = xd.sub(mean);
        NDArray std = Scalars.add(centred.mul(centred).mean(new int[] {1}, true), EPS).sqrt();
        NDArray centre = kind == InstanceNorm.REVIN_LAST ? xd.get(":, " + (t - 1) + ":" + t + ", :") : mean;
        NDArray z = x.sub(centre).div(std);
        z = z.mul(ps.getValue(gamma, x.getDevice(), training)).add(ps.getValue(beta, x.getDevice(), training));
        return new NDList(z, centre, std);
    }

    /** The forecast {@code y} (B, tau, D) mapped back with the statistics {@code normalize} returned. */
    NDArray denormalize(ParameterStore ps, NDArray y, NDList normalized, boolean training) {
        if (kind == InstanceNorm.LAST_VALUE) {
            return y.add(normalized.get(1));
        }
        return rescale(ps, y, normalized, training).add(normalized.get(1));
    }

    /**
     * The forecast {@code y} mapped back to the data's scale without its centre: {@link #denormalize} minus the
     * centre. A correction added to another forecast (the linear path's) that is zero where {@code y} is zero and
     * the affine bias has not moved.
     */
    NDArray rescale(ParameterStore ps, NDArray y, NDList normalized, boolean training) {
        if (kind == InstanceNorm.LAST_VALUE) {
            return y;
        }
        // gamma + eps^2 is made from a parameter: made in this pass's scope, not the parameters' long-lived manager
        NDArray gammaValue = ps.getValue(gamma, y.getDevice(), training);
        NDArray g = gammaValue.add(Scalars.of(gammaValue, EPS * EPS, y.getManager()));
        g.attach(y.getManager());
        return y.sub(ps.getValue(beta, y.getDevice(), training)).div(g).mul(normalized.get(2));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(normalize(ps, inputs.head(), training).head());
    }
}
