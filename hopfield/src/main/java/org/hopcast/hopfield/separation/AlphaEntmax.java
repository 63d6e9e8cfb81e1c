package org.hopcast.hopfield.separation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.hopcast.hopfield.ops.GradMode;
import org.hopcast.hopfield.ops.Rows;
import org.hopcast.hopfield.ops.Scalars;
import org.hopcast.hopfield.ops.Scopes;

/**
 * alpha-entmax (Peters, Niculae and Martins 2019), the separation of STanHop's Generalized Sparse Hopfield
 * layers: {@code p_i = [(alpha - 1) z_i - tau]_+^(1/(alpha - 1))} with tau such that the row sums to 1.
 * alpha -> 1 gives softmax, 1.5 gives entmax15, 2 gives sparsemax. In STanHop alpha = 1 + sigmoid(a) is
 * learned per layer.
 *
 * <h2>Forward: Newton on the p-norm, not 50 bisection passes</h2>
 * The reference code bisects tau 50 times. Here tau solves {@code F(tau) = ||relu(x - tau)||_p - 1 = 0}
 * with {@code x = (alpha - 1)(z - max z)} and {@code p = 1/(alpha - 1) >= 1}. F is convex and decreasing
 * (a monotone norm of convex functions), so Newton's method started left of the root ({@code tau = -1},
 * where the largest entry alone has mass 1) climbs to it monotonically and never overshoots. Taking the
 * p-norm rather than the sum of p-th powers makes F nearly linear: it is exactly linear when the support
 * holds equal entries or a single one, and a handful of steps reach float32 resolution where bisection needs
 * 24 (stanhop.md 4.2). No gradient is recorded during the search. The result is taken from the last Newton
 * evaluation, moved by its pending step to first order, so no separate pass rebuilds p from tau, and the
 * rows are summed by {@link Rows#sum} (ADR 0009: alpha-entmax went from 4.0x to under 3x softmax). This is the
 * search of float64, of other devices and of JVMs without the Vector API; float32 on the CPU runs the same
 * iteration fused in Java SIMD lanes ({@link EntmaxKernel}, ADR 0018), which also hands over the surrogate's
 * weights below.
 *
 * <h2>Backward: exact first-order surrogate from ordinary ops</h2>
 * DJL has no custom-backward API. With {@code p*} the forward value, {@code s = p*^(2 - alpha)} on the
 * support and {@code w = s / sum s}, the output is built as
 * <pre>
 *   p = p* + s (u - &lt;w, u&gt;) + (dp/dalpha) (alpha - sg(alpha)),      u = z - sg(z)
 * </pre>
 * whose value is p* (u and alpha - sg(alpha) are zero) and whose autograd Jacobian is exactly
 * {@code diag(s) - s s^T / sum s} in z and the Correia et al. (2019) derivative in alpha:
 * {@code dp/dalpha = (p - w)/(alpha - 1)^2 - (h - w sum h)/(alpha - 1)}, {@code h = p ln p}. This is the
 * implicit-function construction of stanhop.md 4.3, linearised so the backward pass is a few products and
 * sums instead of a pow and a log.
 */
public final class AlphaEntmax implements SeparationFunction {
    public static final String NAME = "alpha-entmax";

    /** Alpha is kept inside [1 + MIN_GAP, 2 - MIN_GAP] so that p = 1/(alpha - 1) stays finite and >= 1. */
    static final double MIN_GAP = 1.0 / (1 << 20);
    private static final int MAX_NEWTON_STEPS = 60;
    /** Largest |F| at which a float32 row counts as solved, by libtorch's search and by the lanes alike. */
    static final double FLOAT32_TOLERANCE = 1e-6;

    private final double alpha;

    /** Calls of the threshold search and Newton steps taken, for profiling ({@code bench train}). */
    static final java.util.concurrent.atomic.AtomicLong SEARCHES = new java.util.concurrent.atomic.AtomicLong();
    static final java.util.concurrent.atomic.AtomicLong NEWTON_STEPS = new java.util.concurrent.atomic.AtomicLong();

    /** Mean Newton steps per threshold search since the last reset, and resets the counters. */
    public static double meanNewtonStepsAndReset() {
        long searches = SEARCHES.getAndSet(0);
        long steps = NEWTON_STEPS.getAndSet(0);
        return searches == 0 ? 0 : (double) steps / searches;
    }

    /** alpha-entmax at a fixed alpha in [1, 2]. */
    public AlphaEntmax(double alpha) {
        if (!(alpha >= 1 && alpha <= 2)) {
            throw new IllegalArgumentException("alpha must be in [1, 2], got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return NAME;
    }

    public double alpha() {
        return alpha;
    }

    @Override
    public NDArray apply(NDArray scores) {
        if (alpha == 1.0) {
            return scores.softmax(-1);
        }
        if (alpha == 2.0) {
            return new Sparsemax().apply(scores);
        }
        return Scopes.scoped(() -> apply(scores, Scalars.of(scores, alpha),
                false), scores);
    }

    /**
     * alpha-entmax of {@code scores} over the last axis with {@code alpha} broadcastable against the rows
     * (a scalar, shape (1), or shape (..., 1)); differentiable in both when they carry gradients.
     */
    public static NDArray apply(NDArray scores, NDArray alpha) {
        return Scopes.scoped(() -> apply(scores, alpha, true), scores, alpha);
    }

    private static NDArray apply(NDArray scores, NDArray alpha, boolean alphaVaries) {
        DataType type = scores.getDataType();
        NDArray a = alpha.toType(type, false).clip(1 + MIN_GAP, 2 - MIN_GAP);
        if (EntmaxKernel.applies(scores, a)) {
            boolean gradients = GradMode.isRecording();
            EntmaxKernel.Forward f = EntmaxKernel.forward(scores.stopGradient(), a.getFloat(), gradients, alphaVaries);
            return gradients ? withGradient(scores, a, f.p(), f.s(), f.sumS(), f.t()) : f.p();
        }
        return withGradient(scores, a, searchWithLibtorch(scores, a), alphaVaries);
    }

    /**
     * entmax's forward value of {@code scores} at the clipped alpha {@code a} by libtorch's ops ({@link #solve}),
     * without gradient: the search of float64, other devices and JVMs without the Vector API, and what
     * {@link EntmaxKernel} checks its lanes against.
     */
    static NDArray searchWithLibtorch(NDArray scores, NDArray a) {
        NDArray zd = scores.stopGradient();
        NDArray am1 = Scalars.sub(a.stopGradient(), 1);
        NDArray expo = Scalars.pow(am1, -1);
        NDArray x = zd.sub(zd.max(new int[] {-1}, true)).mul(am1);
        boolean float64 = scores.getDataType() == DataType.FLOAT64;
        return solve(x, expo, float64 ? 1e-13 : FLOAT32_TOLERANCE, float64 ? 1e-9 : 1e-4);
    }

    /**
     * Wraps a forward value {@code pStar} = entmax(scores) at alpha {@code a} (already clipped) in the exact
     * first-order surrogate, when gradients are being recorded; otherwise returns it as is. Computes the
     * surrogate's weights from pStar with libtorch's ops ({@link EntmaxKernel} has them from its search).
     */
    static NDArray withGradient(NDArray scores, NDArray a, NDArray pStar, boolean alphaVaries) {
        if (!GradMode.isRecording()) {
            return pStar;
        }
        NDArray ad = a.stopGradient();
        // s = p*^(2 - alpha): 0 off the support, because 2 - alpha > 0 (alpha is clipped below 2)
        NDArray s = pStar.pow(Scalars.rsub(ad, 2));
        NDArray t = null;
        if (alphaVaries) {
            // ln p clamped at the smallest normal number of the type so that 0 ln 0 is 0, not NaN
            // (Double.MIN_NORMAL would round to 0 in float32)
            double tiny = scores.getDataType() == DataType.FLOAT64 ? Double.MIN_NORMAL : Float.MIN_NORMAL;
            NDArray logP = Scalars.maximum(pStar, tiny).log();
            t = pStar.sub(pStar.mul(logP).mul(Scalars.sub(ad, 1)));
        }
        return withGradient(scores, a, pStar, s, Rows.sum(s), t);
    }

    /**
     * The exact first-order surrogate around the forward value {@code pStar}, from its weights
     * {@code s = p*^(2 - alpha)} on the support, their row sums {@code sumS} and, when alpha carries a gradient,
     * {@code t = p (1 - (alpha - 1) ln p)} (else null).
     *
     * <p>Written with as few full-size passes as the algebra allows (the surrogate is most of the backward
     * cost): the row sum of t is {@code 1 - (alpha - 1) sum h}, so the alpha derivative is
     * {@code (t - w sum t) / (alpha - 1)^2}; and {@code s (u - <w, u>) = s u - w sum(s u)}. Both corrections
     * share one centring: {@code p* + v - w sum v} with {@code v = s u + t c},
     * {@code c = (alpha - sg(alpha)) / (alpha - 1)^2}.
     */
    static NDArray withGradient(NDArray scores, NDArray a, NDArray pStar, NDArray s, NDArray sumS, NDArray t) {
        NDArray ad = a.stopGradient();
        NDArray u = scores.sub(scores.stopGradient()); // zero, with the identity as gradient
        NDArray v = s.mul(u);
        if (t != null) {
            NDArray am1 = Scalars.sub(ad, 1);
            NDArray c = a.sub(ad).div(am1.mul(am1)); // zero, with gradient 1/(alpha-1)^2 in alpha
            v = v.add(t.mul(c));
        }
        // w sum(v) with w = s / sum(s), as s (sum(v) / sum(s)): one full-size pass fewer
        return pStar.add(v.sub(s.mul(Rows.sum(v).div(sumS))));
    }

    /**
     * entmax's forward value for {@code x} whose row maxima are 0, with {@code expo = p = 1/(alpha-1)}, by
     * Newton's method on {@code F(tau) = ||relu(x - tau)||_p - 1} from tau = -1. Inputs carry no gradient.
     * The search stays in units of x = (alpha-1)(z - max z), where every d is at most 1: in units of z, d^p
     * overflows float32 as alpha approaches 1 (p = 100 at alpha 1.01; tested).
     *
     * <p>Each Newton step evaluates {@code d^(p-1)} and {@code d^p} at the current tau. Once every row's
     * {@code |F|} is below {@code loose}, the result is taken from that last evaluation, moved by the pending
     * Newton step {@code delta} to first order ({@code d^p - p d^(p-1) delta}, clamped at 0), instead of a
     * further full evaluation: for {@code delta <= loose} the second-order remainder is at most about
     * {@code p(p-1)/2 delta^p}, below 3e-6 for every p >= 1 at float32's {@code loose = 1e-4}, and exactly 0
     * for entries that leave the support (stanhop.md 4.2). Rows that have not met {@code tolerance} by then
     * keep iterating with the others.
     */
    static NDArray solve(NDArray x, NDArray expo, double tolerance, double loose) {
        Shape shape = x.getShape();
        long n = shape.get(shape.dimension() - 1);
        NDArray rows = x.reshape(-1, n);
        // p per row (R, 1), or one p for all
        NDArray p = expo.size() == 1 ? expo.reshape(1, 1)
                : expo.broadcast(shape.slice(0, shape.dimension() - 1).add(1)).reshape(-1, 1);
        // tau = max x - 1 = -1: a constant, not a row reduction (libtorch's max over an axis also computes the
        // arg max; in a perf profile the two row maxima took 8% of forward + backward). A NaN row stays NaN.
        NDArray tau = x.getManager().full(new Shape(rows.getShape().get(0), 1), -1f, x.getDataType(), x.getDevice());
        SEARCHES.incrementAndGet();
        return search(rows, p, tau, 0, tolerance, loose).reshape(shape);
    }

    /**
     * Newton steps from {@code tau} on rows (R, n) of x, from step number {@code first}. Once the rows still
     * short of {@code loose} are at most half of them, the others are finished and the search goes on with
     * those rows alone (gathered, then scattered back): after three steps that is typically a tenth to a
     * quarter of the rows, so the last step costs a fraction of a full pass.
     */
    private static NDArray search(NDArray x, NDArray expo, NDArray start, int first, double tolerance, double loose) {
        NDArray expoMinus1 = Scalars.sub(expo, 1);
        NDArray invExpo = Scalars.pow(expo, -1);
        NDArray tau = start;
        boolean[] done = new boolean[1];
        for (int step = first; !done[0]; step++) {
            NEWTON_STEPS.incrementAndGet();
            NDArray current = tau;
            int number = step;
            boolean last = step == MAX_NEWTON_STEPS - 1;
            boolean check = step >= 2 || last; // Newton needs 3 steps on all but trivial rows
            // the next tau, or (done) the result
            tau = Scopes.scoped(() -> {
                NDArray d = Scalars.maximum(x.sub(current), 0);
                NDArray dq = d.pow(expoMinus1);
                NDArray dp = dq.mul(d);
                NDArray sumPow = Rows.sum(dp); // sum d^p >= 1 left of the root
                NDArray sumQ = Rows.sum(dq);
                NDArray norm = sumPow.pow(invExpo);
                NDArray excess = Scalars.sub(norm, 1); // F(tau) >= 0
                NDArray delta = excess.mul(sumPow).div(norm.mul(sumQ));
                if (!check) {
                    return current.add(delta);
                }
                // a row of NaN (a diverged model) counts as finished: it stays NaN, the other rows stay exact
                NDArray gap = excess.abs();
                gap = NDArrays.where(gap.isNaN(), gap.zerosLike(), gap);
                double excessMax = gap.max().toType(DataType.FLOAT64, false).getDouble();
                if (excessMax <= tolerance || last) {
                    done[0] = true;
                    return dp.div(sumPow);
                }
                // d^p moved by the pending step to first order: final for every row within loose
                NDArray moved = Scalars.maximum(dp.sub(dq.mul(delta.mul(expo))), 0);
                NDArray finished = moved.div(Rows.sum(moved));
                if (excessMax <= loose) {
                    done[0] = true;
                    return finished;
                }
                NDArray open = gap.gt(Scalars.of(gap, loose)).squeeze(-1);
                long openRows = open.toType(DataType.INT64, false).sum().getLong();
                if (openRows * 2 > x.getShape().get(0)) {
                    return current.add(delta);
                }
                done[0] = true;
                NDArray rest = search(x.get(open), expo.size() == 1 ? expo : expo.get(open),
                        current.add(delta).get(open), number + 1, tolerance, loose);
                finished.set(new NDIndex().addBooleanIndex(open), rest);
                return finished;
            }, current, x, expo, expoMinus1, invExpo);
        }
        return tau;
    }

    /**
     * The reference algorithm (deep-spin/entmax bisection as used by the STanHop code): {@code iterations}
     * halvings of [max - 1, max - (1/n)^(alpha - 1)], then normalisation. Kept as the accuracy reference of
     * {@code hopcast bench separation}; not differentiable (its autograd gradient is wrong, stanhop.md 4.3).
     */
    public static NDArray bisect(NDArray scores, double alpha, int iterations) {
        DataType type = scores.getDataType();
        long n = scores.getShape().get(scores.getShape().dimension() - 1);
        double am1 = alpha - 1;
        double expo = 1 / am1;
        NDArray x = Scalars.mul(scores.stopGradient(), am1);
        NDArray max = x.max(new int[] {-1}, true);
        NDArray tauLo = Scalars.sub(max, 1);
        NDArray tauHi = Scalars.sub(max, Math.pow(1.0 / n, am1));
        NDArray fLo = Scalars.sub(Scalars.pow(Scalars.maximum(x.sub(tauLo), 0), expo).sum(new int[] {-1}, true), 1);
        NDArray delta = tauHi.sub(tauLo);
        NDArray p = null;
        for (int i = 0; i < iterations; i++) {
            delta = Scalars.div(delta, 2);
            NDArray tauM = tauLo.add(delta);
            p = Scalars.pow(Scalars.maximum(x.sub(tauM), 0), expo);
            NDArray fM = Scalars.sub(p.sum(new int[] {-1}, true), 1);
            NDArray keep = fM.mul(fLo).gte(0).toType(type, false);
            tauLo = tauM.mul(keep).add(tauLo.mul(Scalars.rsub(keep, 1)));
        }
        if (p == null) {
            p = Scalars.pow(Scalars.maximum(x.sub(tauLo), 0), expo);
        }
        return p.div(p.sum(new int[] {-1}, true));
    }
}
