package org.hopcast.hopfield.ops;

/**
 * The 32-bit Mersenne Twister as libtorch's CPU generator runs it ({@code at::mt19937}, seeded by
 * {@code torch::manual_seed}), and libtorch's scalar-probability Bernoulli draw on top of it, reproduced bit for
 * bit so that {@link InvertedDropout} can draw dropout's masks in Java and keep every trained model's numbers.
 *
 * <p>What is reproduced (libtorch 2.7, CPU, every vendor: its MKL Bernoulli path is compiled out): seeding is
 * Matsumoto and Nishimura's {@code init_genrand} on the low 32 bits of the seed; each Bernoulli element takes
 * two words, high then low, keeps the low 53 bits of the 64-bit word as {@code k} and is 1 when
 * {@code k / 2^53 < p} ({@code bernoulli_distribution<double>} over {@code uniform_real_distribution<double>}).
 * The comparison is done on integers ({@code k < ceil(p 2^53)}, exact because {@code p 2^53} is a double whose
 * ceiling is an integer below 2^63) and without a branch: the draws are random, so a branch would be mispredicted
 * a third of the time. Tests compare the masks with libtorch's own for many seeds, sizes and probabilities.
 */
public final class Mt19937 {
    private static final int N = 624;
    private static final int M = 397;
    private static final int UPPER = 0x80000000;
    private static final int LOWER = 0x7fffffff;
    private static final int MATRIX_A = 0x9908b0df;
    private static final long LOW_53_BITS = (1L << 53) - 1;

    private final int[] state = new int[N];
    /** The tempered outputs of the current state, so the hot loop reads words in pairs. */
    private final int[] words = new int[N];
    private int next = N;

    /** A generator in the state {@code torch::manual_seed(seed)} leaves libtorch's CPU generator in. */
    public Mt19937(long seed) {
        state[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
        }
    }

    /** The next 32-bit output, as {@code at::mt19937::operator()} returns it. */
    public int nextInt() {
        if (next == N) {
            refill();
        }
        return words[next++];
    }

    /**
     * Draws {@code n} Bernoulli(p) elements into {@code out[0..n)} as 0 or 1, consuming two words each, as
     * {@code tensor.bernoulli_(p)} does on a contiguous CPU tensor of n elements.
     */
    public void bernoulli(byte[] out, int n, double p) {
        long threshold = (long) Math.ceil(p * 0x1p53);
        int i = 0;
        while (i < n) {
            if (next == N) {
                refill();
            }
            if (next == N - 1) { // the pair straddles two states
                long high = words[next] & 0xffffffffL;
                next = N;
                long k = ((high << 32) | (nextInt() & 0xffffffffL)) & LOW_53_BITS;
                out[i++] = (byte) ((k - threshold) >>> 63);
                continue;
            }
            int end = Math.min(n, i + (N - next) / 2);
            int w = next;
            for (; i < end; i++, w += 2) {
                long k = ((long) (words[w] & 0x1fffff) << 32) | (words[w + 1] & 0xffffffffL);
                out[i] = (byte) ((k - threshold) >>> 63); // 1 when k < threshold
            }
            next = w;
        }
    }

    private void refill() {
        int[] s = state;
        int i = 0;
        int y;
        for (; i < N - M; i++) {
            y = (s[i] & UPPER) | (s[i + 1] & LOWER);
            s[i] = s[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; i < N - 1; i++) {
            y = (s[i] & UPPER) | (s[i + 1] & LOWER);
            s[i] = s[i + M - N] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        y = (s[N - 1] & UPPER) | (s[0] & LOWER);
        s[N - 1] = s[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        for (int j = 0; j < N; j++) {
            int t = s[j];
            t ^= t >>> 11;
            t ^= (t << 7) & 0x9d2c5680;
            t ^= (t << 15) & 0xefc60000;
            words[j] = t ^ (t >>> 18);
        }
        next = 0;
    }
}
