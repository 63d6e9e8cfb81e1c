package org.hopcast.hopfield.separation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import org.hopcast.hopfield.ops.GradMode;
import org.hopcast.hopfield.ops.Scalars;

/**
 * 1.5-entmax, exact and sort-based (Peters et al. 2019, algorithm 2): {@code p = [z/2 - tau]_+^2}. The
 * threshold comes in closed form from the sorted scores' running mean and mean of squares; the gradient
 * uses the same exact surrogate as {@link AlphaEntmax} at alpha = 1.5.
 */
public final class Entmax15 implements SeparationFunction {
    public static final String NAME = "entmax15";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray apply(NDArray scores) {
        DataType type = scores.getDataType();
        NDArray zd = scores.stopGradient();
        NDArray x = Scalars.div(zd.sub(zd.max(new int[] {-1}, true)), 2);
        long n = x.getShape().get(x.getShape().dimension() - 1);
        NDArray sorted = x.neg().sort(-1).neg();
        NDArray k = x.getManager().arange(1, (int) n + 1).toType(type, false);
        NDArray mean = sorted.cumSum(-1).div(k);
        NDArray meanSq = sorted.mul(sorted).cumSum(-1).div(k);
        NDArray ss = k.mul(meanSq.sub(mean.mul(mean)));
        NDArray delta = Scalars.rsub(ss, 1).div(k);
        NDArray tauK = mean.sub(Scalars.maximum(delta, 0).sqrt());
        NDArray kStar = tauK.lte(sorted).toType(DataType.INT64, false).sum(new int[] {-1}, true);
        NDArray tau = tauK.gather(Scalars.sub(kStar, 1), -1);
        NDArray pStar = Scalars.pow(Scalars.maximum(x.sub(tau), 0), 2);
        if (!GradMode.isRecording()) {
            return pStar;
        }
        NDArray s = pStar.sqrt();
        NDArray w = s.div(s.sum(new int[] {-1}, true));
        NDArray u = scores.sub(zd);
        return pStar.add(s.mul(u.sub(w.mul(u).sum(new int[] {-1}, true))));
    }
}
