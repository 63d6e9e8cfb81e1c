package org.hopcast.hopfield.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * What each head of each Hopfield layer retrieves (OutEffHop's mechanism, issue #15), accumulated over every
 * query row a forward pass shows it. Per row of weights w over S stored patterns:
 * <ul>
 *   <li>null mass {@code 1 - sum_s w_s}: how much the head chose to retrieve nothing (0 for functions whose weights
 *       sum to one);</li>
 *   <li>top-1 mass {@code max_s w_s};</li>
 *   <li>entropy {@code -sum_s w_s ln w_s} (natural log, 0 ln 0 = 0), of the weights as they are;</li>
 *   <li>low-norm share: the part of the row's mass {@code sum_s w_s} that lands on its lowest-norm stored
 *       patterns (the {@link #lowNormCount} smallest key norms of that head and batch item), the "no-op" patterns
 *       a softmax head uses when it has nothing to retrieve (Bondarenko et al.). A uniform head gives
 *       {@code k / S}.</li>
 * </ul>
 * Each row weighs 1 in its head's means. The arrays are copied to the host once per call and reduced there in
 * double precision, as {@link ActivationRecorder} does.
 */
public final class HeadRecorder implements LayerProbe {
    /** One head's means. */
    public record Head(String path, int head, long rows, int storedPatterns, int lowNormPatterns, double nullMass,
            double top1Mass, double entropy, double lowNormShare) {
        /** The low-norm share a head with uniform weights would have. */
        public double uniformLowNormShare() {
            return (double) lowNormPatterns / storedPatterns;
        }
    }

    private final Map<String, double[][]> sums = new LinkedHashMap<>();
    private final Map<String, int[]> sizes = new LinkedHashMap<>();

    /** The lowest-norm patterns counted for {@code s} stored patterns: a tenth, at least one. */
    public static int lowNormCount(int s) {
        return Math.max(1, (int) Math.ceil(s / 10.0));
    }

    @Override
    public void onAssociation(String path, NDArray weights, NDArray storedPatterns) {
        long[] w = weights.getShape().getShape();
        if (w.length != 4) {
            throw new IllegalArgumentException(path + ": association weights must be (B, H, L, S), got "
                    + weights.getShape());
        }
        int batch = (int) w[0];
        int heads = (int) w[1];
        int rows = (int) w[2];
        int stored = (int) w[3];
        float[] v = values(weights);
        // per (batch item or 1, head, pattern): the stored pattern's norm
        NDArray normsArray = storedPatterns.toType(DataType.FLOAT32, false).square().sum(new int[] {-1}).sqrt();
        float[] norms = normsArray.toFloatArray();
        int normBatch = (int) storedPatterns.getShape().get(0);
        int k = lowNormCount(stored);
        double[][] acc = sums.computeIfAbsent(path, p -> new double[heads][5]);
        sizes.putIfAbsent(path, new int[] {stored, k});
        boolean[] low = new boolean[stored];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                int normOffset = ((normBatch == 1 ? 0 : b) * heads + h) * stored;
                markLowest(norms, normOffset, stored, k, low);
                double[] a = acc[h];
                for (int l = 0; l < rows; l++) {
                    int off = ((b * heads + h) * rows + l) * stored;
                    double sum = 0;
                    double max = 0;
                    double entropy = 0;
                    double lowMass = 0;
                    for (int s = 0; s < stored; s++) {
                        double x = v[off + s];
                        sum += x;
                        max = Math.max(max, x);
                        if (x > 0) {
                            entropy -= x * Math.log(x);
                        }
                        if (low[s]) {
                            lowMass += x;
                        }
                    }
                    a[0] += 1;
                    a[1] += 1 - sum;
                    a[2] += max;
                    a[3] += entropy;
                    a[4] += sum > 0 ? lowMass / sum : 0;
                }
            }
        }
    }

    /** Marks the {@code k} smallest of {@code norms[offset .. offset + n)} (ties: the earlier pattern). */
    private static void markLowest(float[] norms, int offset, int n, int k, boolean[] low) {
        java.util.Arrays.fill(low, false);
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int s = 0; s < n; s++) {
                if (!low[s] && (best < 0 || norms[offset + s] < norms[offset + best])) {
                    best = s;
                }
            }
            low[best] = true;
        }
    }

    private static float[] values(NDArray a) {
        return (a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false)).toFloatArray();
    }

    /** Every head of every recorded layer, layers in first-recorded order. */
    public List<Head> heads() {
        List<Head> out = new ArrayList<>();
        sums.forEach((path, acc) -> {
            int[] size = sizes.get(path);
            for (int h = 0; h < acc.length; h++) {
                double n = acc[h][0];
                out.add(new Head(path, h, (long) n, size[0], size[1], acc[h][1] / n, acc[h][2] / n, acc[h][3] / n,
                        acc[h][4] / n));
            }
        });
        return out;
    }
}
