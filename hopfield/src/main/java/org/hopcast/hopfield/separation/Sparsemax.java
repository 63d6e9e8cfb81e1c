package org.hopcast.hopfield.separation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import org.hopcast.hopfield.ops.Scalars;

/**
 * sparsemax (Martins and Astudillo 2016), the separation of the sparse modern Hopfield model (Hu et al.
 * 2023): the Euclidean projection of the scores onto the simplex, {@code p_i = max(z_i - tau, 0)}.
 *
 * <p>The support is found by sorting, without gradient; the threshold is then rebuilt from the scores as
 * {@code tau = (sum_i z_i m_i - 1) / sum_i m_i} with the detached support mask m, so autograd yields the
 * exact Jacobian {@code diag(m) - m m^T / |S|} (stanhop.md 4.1).
 */
public final class Sparsemax implements SeparationFunction {
    public static final String NAME = "sparsemax";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public NDArray apply(NDArray scores) {
        NDArray support = support(scores.stopGradient());
        NDArray size = support.sum(new int[] {-1}, true);
        NDArray tau = Scalars.sub(scores.mul(support).sum(new int[] {-1}, true), 1).div(size);
        return Scalars.maximum(scores.sub(tau), 0);
    }

    /** The 0/1 support mask of sparsemax({@code z}), in z's data type; z must carry no gradient. */
    static NDArray support(NDArray z) {
        long n = z.getShape().get(z.getShape().dimension() - 1);
        NDArray sorted = z.neg().sort(-1).neg(); // descending
        NDArray cumulative = sorted.cumSum(-1);
        NDArray k = z.getManager().arange(1, (int) n + 1).toType(z.getDataType(), false);
        // k is in the support while 1 + k z_(k) > sum_{j<=k} z_(j)
        NDArray inSupport = Scalars.add(k.mul(sorted), 1).gt(cumulative);
        NDArray kStar = inSupport.toType(DataType.INT64, false).sum(new int[] {-1}, true);
        NDArray tau = Scalars.sub(cumulative.gather(Scalars.sub(kStar, 1), -1), 1).div(kStar.toType(z.getDataType(), false));
        return z.gt(tau).toType(z.getDataType(), false);
    }
}
