package org.hopcast.hopfield.ops;

import java.util.Arrays;
import java.util.List;

/** The median the benchmarks report: robust to the odd slow run a shared machine produces. */
public final class Timing {
    private Timing() {
    }

    /** The median of {@code v}; NaN when empty. */
    public static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The median of {@code v}; NaN when empty. */
    public static double median(List<Double> v) {
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
