package org.hopcast.hopfield.separation;

import java.nio.FloatBuffer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * alpha-entmax's threshold search and forward value for float32 rows, fused in one pass over each block of rows,
 * in SIMD lanes (the JDK's incubating Vector API). The same Newton iteration as {@link AlphaEntmax#solve}:
 * {@code F(tau) = ||relu(x - tau)||_p - 1} from a start left of the root, every row to {@link #TOLERANCE}, the
 * value {@code d^p / sum d^p} taken from the last evaluation. Why not libtorch's ops: each of them is a full pass
 * over memory, and {@code pow} alone cost four times an {@code exp}; the search took 3.8x softmax's whole forward
 * and backward (ADR 0018). The powers are {@code exp((p - 1) ln d)} with {@link #ln} and {@link #exp} written out
 * in basic operations, so that the floats are the same whether the JIT compiler has compiled this class or not.
 *
 * <p>Layout: one lane per row. A block of {@code LANES} rows is transposed so that entry j of every row sits in
 * one vector; row sums are then additions of vectors, and a row's threshold is a lane of one vector. A block
 * iterates until all its lanes meet the tolerance, a solved lane staying where it is, so each row's value is
 * that of the row alone, whatever rows share its block or its thread; rows whose maximum is not finite (NaN or
 * infinite entries) are left to give NaN, as libtorch's version does, and do not hold the others back.
 *
 * <p>Only this class names {@code jdk.incubator.vector}: it is loaded only where {@link EntmaxKernel} found the
 * module, so a JVM started without {@code --add-modules jdk.incubator.vector} keeps libtorch's version.
 */
final class EntmaxLanes {
    /** Largest |F| at which a row counts as solved: {@link AlphaEntmax#FLOAT32_TOLERANCE}. */
    static final float TOLERANCE = (float) AlphaEntmax.FLOAT32_TOLERANCE;
    private static final VectorSpecies<Float> SPECIES = EntmaxKernel.VECTOR_BITS == 0 ? FloatVector.SPECIES_PREFERRED
            : VectorSpecies.of(float.class, VectorShape.forBitSize(EntmaxKernel.VECTOR_BITS));
    static final int LANES = SPECIES.length();
    /** Ints of the same width, for the bit operations of {@link #ln} and {@link #exp}. */
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, SPECIES.vectorShape());
    private static final int MAX_STEPS = 60;
    /** ln of this instead of ln 0 ({@link #ln} takes normal floats); the lanes off the support are then zeroed. */
    private static final float TINY = Float.MIN_NORMAL;
    /** ln(Float.MIN_NORMAL), rounded up: {@link #exp} builds 2^n from exponent bits, which reach down to 2^-126. */
    private static final float FLOOR = -87.3f;

    private final int n;
    private final float[] x;
    private final float[] dq;
    private final float[] dp;
    private final float[] logD;
    private final float[] rows;
    private final float[] scratch;
    /**
     * Per-lane state: row maximum, tau, sum d^p, sum d^(p-1), a factor, the p-norm, ln sum d^p. Kept in memory
     * rather than in vector variables that live across a loop: C2 (JDK 17) keeps such vectors as heap objects,
     * which made every operation on them a slow, allocating call (measured: 80 bytes allocated per entry, 2x the
     * time). For the same reason {@link #ln} and {@link #exp} take arrays, not vectors.
     */
    private final float[] lane = new float[7 * LANES];
    private static final int MAX = 0;
    private static final int TAU = LANES;
    private static final int SUM_P = 2 * LANES;
    private static final int SUM_Q = 3 * LANES;
    private static final int FACTOR = 4 * LANES;
    private static final int NORM = 5 * LANES;
    private static final int LN_SUM = 6 * LANES;

    /**
     * Whether the JIT compiler turns the lanes' operations into SIMD instructions here: vectors of floats and of
     * ints this wide, and fused multiply-adds in hardware. Where it does not, the Vector API runs its Java code
     * lane by lane, and a fused multiply-add without the instruction is {@link Math#fma} in extended arithmetic:
     * measured with {@code -XX:-UseFMA}, alpha-entmax took 3,500 times softmax's time.
     */
    static boolean compiledToSimd(boolean fusedMultiplyAdd) {
        int bits = SPECIES.vectorBitSize();
        return fusedMultiplyAdd && FloatVector.SPECIES_PREFERRED.vectorBitSize() >= bits
                && IntVector.SPECIES_PREFERRED.vectorBitSize() >= bits;
    }

    /** Scratch for blocks of rows of length {@code n}; one per thread. */
    EntmaxLanes(int n) {
        this.n = n;
        x = new float[n * LANES];
        dq = new float[n * LANES];
        dp = new float[n * LANES];
        logD = new float[n * LANES];
        rows = new float[n * LANES];
        scratch = new float[n * LANES];
    }

    /**
     * entmax at {@code alpha} (in (1, 2), already clipped) of rows {@code [from, to)} of {@code z}, into
     * {@code p}; with {@code s} not null also the gradient's weights: {@code s = p^(2 - alpha)}, their row sums
     * into {@code sumS}, and (with {@code t} not null) {@code t = p (1 - (alpha - 1) ln p)}, 0 off the support.
     *
     * @return Newton evaluations over all blocks, for profiling
     */
    long forward(FloatBuffer z, int from, int to, float alpha, FloatBuffer p, FloatBuffer s, FloatBuffer sumS,
            FloatBuffer t) {
        float am1 = alpha - 1;
        long evaluations = 0;
        for (int row = from; row < to; row += LANES) {
            int count = Math.min(LANES, to - row);
            load(z, row, count);
            scale(am1);
            evaluations += solve(1 / am1 - 1, am1);
            store(row, count, alpha, p, s, sumS, t);
        }
        return evaluations;
    }

    /** Rows {@code row .. row + count} of z, transposed into x; missing lanes of the last block are zeros. */
    private void load(FloatBuffer z, int row, int count) {
        z.get(row * n, rows, 0, count * n);
        for (int l = 0; l < LANES; l++) {
            for (int j = 0; j < n; j++) {
                x[j * LANES + l] = l < count ? rows[l * n + j] : 0f;
            }
        }
    }

    /** x becomes (alpha - 1)(z - max z) per row; the row maxima are kept (a lane's is not finite: no solution). */
    private void scale(float am1) {
        FloatVector max = FloatVector.fromArray(SPECIES, x, 0);
        for (int j = 1; j < n; j++) {
            max = max.max(FloatVector.fromArray(SPECIES, x, j * LANES));
        }
        max.intoArray(lane, MAX);
        for (int j = 0; j < n; j++) {
            FloatVector.fromArray(SPECIES, x, j * LANES).sub(max).mul(am1).intoArray(x, j * LANES);
        }
    }

    /**
     * Newton steps until every lane with a finite maximum has {@code |F| <= TOLERANCE}; leaves the last
     * evaluation's {@code d^(p-1)}, {@code d^p} and {@code ln d} in dq, dp and logD, their sums in the lane
     * state. Returns the number of evaluations.
     */
    private int solve(float expoMinus1, float am1) {
        start(am1);
        for (int step = 1;; step++) {
            evaluate(expoMinus1);
            FloatVector sumP = FloatVector.fromArray(SPECIES, lane, SUM_P);
            FloatVector sumQ = FloatVector.fromArray(SPECIES, lane, SUM_Q);
            // ||d||_p = (sum d^p)^(1/p) = exp((alpha - 1) ln sum d^p); F >= 0 left of the root
            sumP.intoArray(lane, NORM);
            ln(lane, NORM);
            FloatVector.fromArray(SPECIES, lane, NORM).mul(am1).intoArray(lane, NORM);
            exp(lane, NORM);
            FloatVector norm = FloatVector.fromArray(SPECIES, lane, NORM);
            FloatVector excess = norm.sub(1f);
            VectorMask<Float> solvable = FloatVector.fromArray(SPECIES, lane, MAX).test(VectorOperators.IS_FINITE);
            VectorMask<Float> open = excess.abs().compare(VectorOperators.GT, TOLERANCE).and(solvable);
            if (!open.anyTrue() || step == MAX_STEPS) {
                return step;
            }
            // Newton: F / -F' = (||d||_p - 1) sum d^p / (||d||_p sum d^(p-1)); solved lanes keep their tau, so
            // that their next evaluation repeats the last one and a row's value never depends on its neighbours
            FloatVector.fromArray(SPECIES, lane, TAU).add(excess.mul(sumP).div(norm.mul(sumQ)), open)
                    .intoArray(lane, TAU);
        }
    }

    /**
     * Newton's start: a threshold left of the root, as close as two cheap bounds allow. tau = -1 (where the row's
     * maximum alone has mass 1) is one. Another, for any set S of a row's entries with mean m and size k: by the
     * power-mean inequality {@code sum_S relu(x - tau)^p >= k relu(m - tau)^p}, which is at least 1 for
     * {@code tau <= m - k^(1 - alpha)}, so there F >= 0. Taken for the entries above -1 and above -1/2, this
     * saves 10-25% of the evaluations (a float64 simulation over random rows; 4.06 to 3.60 per block at
     * {@code bench separation}'s alpha).
     */
    private void start(float am1) {
        FloatVector tau = FloatVector.broadcast(SPECIES, -1f);
        tau.intoArray(lane, TAU);
        for (float above : new float[] {-1f, -0.5f}) {
            FloatVector zero = FloatVector.zero(SPECIES);
            zero.intoArray(lane, SUM_P);
            zero.intoArray(lane, SUM_Q);
            for (int j = 0; j < n; j++) {
                FloatVector xj = FloatVector.fromArray(SPECIES, x, j * LANES);
                VectorMask<Float> in = xj.compare(VectorOperators.GT, above);
                FloatVector.fromArray(SPECIES, lane, SUM_P).add(xj, in).intoArray(lane, SUM_P);
                FloatVector.fromArray(SPECIES, lane, SUM_Q).add(1f, in).intoArray(lane, SUM_Q);
            }
            // k^(1 - alpha) = exp(-(alpha - 1) ln k); k >= 1, as the maximum (0) is in S
            FloatVector k = FloatVector.fromArray(SPECIES, lane, SUM_Q);
            k.intoArray(lane, NORM);
            ln(lane, NORM);
            FloatVector.fromArray(SPECIES, lane, NORM).mul(-am1).intoArray(lane, NORM);
            exp(lane, NORM);
            FloatVector bound = FloatVector.fromArray(SPECIES, lane, SUM_P).div(k)
                    .sub(FloatVector.fromArray(SPECIES, lane, NORM));
            FloatVector.fromArray(SPECIES, lane, TAU).max(bound).intoArray(lane, TAU);
        }
    }

    /** d = relu(x - tau), d^(p-1), d^p, ln d at the lanes' current tau, and the two sums. */
    private void evaluate(float expoMinus1) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int size = n * LANES;
        for (int at = 0; at < size; at += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, x, at).sub(FloatVector.fromArray(SPECIES, lane, TAU)).max(zero);
            d.intoArray(dp, at);
            d.max(TINY).intoArray(logD, at);
        }
        ln(logD, 0, size);
        for (int at = 0; at < size; at += LANES) {
            // exp's argument is kept where its result is a normal float (below, the true value is under 1e-38)
            FloatVector.fromArray(SPECIES, logD, at).mul(expoMinus1).max(FLOOR).intoArray(dq, at);
        }
        exp(dq, 0, size);
        zero.intoArray(lane, SUM_P);
        zero.intoArray(lane, SUM_Q);
        for (int at = 0; at < size; at += LANES) {
            FloatVector d = FloatVector.fromArray(SPECIES, dp, at);
            FloatVector q = FloatVector.fromArray(SPECIES, dq, at).blend(zero, d.compare(VectorOperators.LE, zero));
            FloatVector pw = q.mul(d);
            q.intoArray(dq, at);
            pw.intoArray(dp, at);
            FloatVector.fromArray(SPECIES, lane, SUM_P).add(pw).intoArray(lane, SUM_P);
            FloatVector.fromArray(SPECIES, lane, SUM_Q).add(q).intoArray(lane, SUM_Q);
        }
    }

    private void store(int row, int count, float alpha, FloatBuffer p, FloatBuffer s, FloatBuffer sumS,
            FloatBuffer t) {
        FloatVector sumP = FloatVector.fromArray(SPECIES, lane, SUM_P);
        sumP.intoArray(lane, LN_SUM);
        ln(lane, LN_SUM);
        FloatVector lnSum = FloatVector.fromArray(SPECIES, lane, LN_SUM);
        // a row with a NaN or an infinite maximum has no solution: NaN throughout, as libtorch's search gives
        VectorMask<Float> bad = FloatVector.fromArray(SPECIES, lane, MAX).test(VectorOperators.IS_FINITE).not();
        FloatVector inv = FloatVector.broadcast(SPECIES, 1f).div(sumP).blend(Float.NaN, bad);
        inv.intoArray(lane, FACTOR);
        writeBack(row, count, p, dp);
        if (s == null) {
            return;
        }
        // s = p^(2 - alpha) = d^(p-1) / (sum d^p)^(2 - alpha), since p (2 - alpha) = p - 1
        lnSum.mul(alpha - 2).intoArray(lane, FACTOR);
        exp(lane, FACTOR);
        FloatVector scale = FloatVector.fromArray(SPECIES, lane, FACTOR).blend(Float.NaN, bad);
        FloatVector.fromArray(SPECIES, lane, SUM_Q).mul(scale).intoArray(scratch, 0);
        sumS.put(row, scratch, 0, count);
        if (t != null) {
            // t = p - (alpha - 1) p ln p with ln p = p ln d - ln sum d^p (p here the exponent); 0 where p is 0
            float am1 = alpha - 1;
            float expo = 1 / am1;
            FloatVector zero = FloatVector.zero(SPECIES);
            for (int j = 0; j < n; j++) {
                int at = j * LANES;
                FloatVector pj = FloatVector.fromArray(SPECIES, dp, at).mul(inv);
                FloatVector lnP = FloatVector.fromArray(SPECIES, logD, at).mul(expo).sub(lnSum);
                pj.sub(pj.mul(lnP).mul(am1)).blend(zero, pj.compare(VectorOperators.LE, zero)).intoArray(x, at);
            }
        }
        scale.intoArray(lane, FACTOR);
        writeBack(row, count, s, dq);
        if (t != null) {
            FloatVector.broadcast(SPECIES, 1f).intoArray(lane, FACTOR);
            writeBack(row, count, t, x);
        }
    }

    /**
     * Natural logarithm of positive normal floats, to about 1 ulp (the Cephes {@code logf} algorithm: mantissa
     * in [sqrt(1/2), sqrt(2)), a degree-9 polynomial). Why not the Vector API's {@code LOG}: it is Intel's SVML
     * once C2 has compiled the caller and {@code Math.log} lane by lane before, and the two round differently,
     * so a training's numbers would depend on when the JIT compiler got to this class. Built from additions,
     * products, fused multiply-adds and bit operations, which IEEE 754 and the JLS define to the bit, this gives
     * the same floats interpreted and compiled, on every CPU and vector width. In place on one vector of
     * {@code a} at {@code at}: a vector passed to or returned from a method C2 did not inline (it stops inlining
     * in large methods) is boxed on the heap, which made every operation on it a slow, allocating call.
     */
    static void ln(float[] a, int from, int to) {
        for (int at = from; at < to; at += LANES) {
            ln(a, at);
        }
    }

    private static void ln(float[] a, int at) {
        FloatVector d = FloatVector.fromArray(SPECIES, a, at);
        IntVector bits = (IntVector) d.reinterpretShape(INTS, 0);
        FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(126)
                .convertShape(VectorOperators.I2F, SPECIES, 0);
        FloatVector m = (FloatVector) bits.and(0x807fffff).or(0x3f000000).reinterpretShape(SPECIES, 0); // [1/2, 1)
        VectorMask<Float> small = m.compare(VectorOperators.LT, 0.70710677f);
        e = e.sub(1f, small);
        m = m.sub(1f).add(m, small); // 2m - 1 below sqrt(1/2), else m - 1
        FloatVector z = m.mul(m);
        // Horner's rule written out: C2 (JDK 17) keeps a vector carried around a loop boxed on the heap
        FloatVector y = m.fma(7.0376836292e-2f, -1.1514610310e-1f);
        y = y.fma(m, c(1.1676998740e-1f));
        y = y.fma(m, c(-1.2420140846e-1f));
        y = y.fma(m, c(1.4249322787e-1f));
        y = y.fma(m, c(-1.6668057665e-1f));
        y = y.fma(m, c(2.0000714765e-1f));
        y = y.fma(m, c(-2.4999993993e-1f));
        y = y.fma(m, c(3.3333331174e-1f));
        y = y.mul(m).mul(z);
        y = e.fma(c(-2.12194440e-4f), y);
        y = z.fma(c(-0.5f), y);
        e.fma(c(0.693359375f), m.add(y)).intoArray(a, at);
    }

    /**
     * e^y for y in [-87.3, 88], to about 1 ulp (Cephes {@code expf}: y = n ln 2 + r, |r| <= ln 2 / 2, a degree-7
     * polynomial, 2^n from the exponent bits); bit-exact interpreted and compiled, as {@link #ln}. n is rounded
     * by adding and subtracting 1.5 * 2^23, which leaves n in the low bits of the sum. In place, as {@link #ln}.
     */
    static void exp(float[] a, int from, int to) {
        for (int at = from; at < to; at += LANES) {
            exp(a, at);
        }
    }

    private static void exp(float[] a, int at) {
        FloatVector y = FloatVector.fromArray(SPECIES, a, at);
        float magic = 12_582_912f;
        FloatVector shifted = y.mul(1.44269504088896341f).add(magic);
        FloatVector n = shifted.sub(magic);
        FloatVector r = n.fma(c(-0.693359375f), y);
        r = n.fma(c(2.12194440e-4f), r);
        FloatVector z = r.mul(r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
        p = p.fma(r, c(8.3334519073e-3f));
        p = p.fma(r, c(4.1665795894e-2f));
        p = p.fma(r, c(1.6666665459e-1f));
        p = p.fma(r, c(5.0000001201e-1f));
        p = p.fma(z, r).add(1f);
        IntVector scale = ((IntVector) shifted.reinterpretShape(INTS, 0)).sub(0x4b400000 - 127).mul(1 << 23);
        p.mul((FloatVector) scale.reinterpretShape(SPECIES, 0)).intoArray(a, at);
    }

    private static FloatVector c(float value) {
        return FloatVector.broadcast(SPECIES, value);
    }

    /** {@code values} times the lanes' factor, transposed back into rows {@code row .. row + count}. */
    private void writeBack(int row, int count, FloatBuffer out, float[] values) {
        FloatVector factor = FloatVector.fromArray(SPECIES, lane, FACTOR);
        for (int j = 0; j < n; j++) {
            FloatVector.fromArray(SPECIES, values, j * LANES).mul(factor).intoArray(scratch, j * LANES);
        }
        for (int l = 0; l < count; l++) {
            for (int j = 0; j < n; j++) {
                rows[l * n + j] = scratch[j * LANES + l];
            }
        }
        out.put(row * n, rows, 0, count * n);
    }
}
