package org.hopcast.hopfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/** Test helpers: random float64 arrays and central finite-difference gradient checks. */
public final class Numeric {
    private Numeric() {
    }

    public static NDArray gaussian(NDManager m, Random rnd, double scale, long... shape) {
        Shape s = new Shape(shape);
        double[] v = new double[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextGaussian() * scale;
        }
        return m.create(v, s);
    }

    public static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.abs(expected[i] - actual[i]);
            assertTrue(Double.isFinite(actual[i]), what + ": non-finite at " + i);
            if (e > worst) {
                worst = e;
                at = i;
            }
        }
        double w = worst;
        int a = at;
        assertTrue(worst <= tol, () -> what + ": max abs error " + w + " at " + a + " (expected "
                + expected[a] + ", got " + actual[a] + ") exceeds " + tol);
    }

    /**
     * Checks autograd's gradient of {@code loss(x)} (a scalar) with respect to float64 {@code x} against
     * central differences, and returns the largest absolute difference.
     */
    public static double gradientError(NDArray x, Function<NDArray, NDArray> loss, double eps) {
        if (x.getDataType() != DataType.FLOAT64) {
            throw new IllegalArgumentException("gradient checks run in float64");
        }
        x.setRequiresGradient(true);
        double[] analytic;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.apply(x);
            gc.backward(l);
        }
        analytic = x.getGradient().toDoubleArray();
        double[] base = x.toDoubleArray();
        double worst = 0;
        NDManager m = x.getManager();
        for (int i = 0; i < base.length; i++) {
            double[] plus = base.clone();
            double[] minus = base.clone();
            plus[i] += eps;
            minus[i] -= eps;
            double fp = loss.apply(m.create(plus, x.getShape())).getDouble();
            double fm = loss.apply(m.create(minus, x.getShape())).getDouble();
            double numeric = (fp - fm) / (2 * eps);
            worst = Math.max(worst, Math.abs(numeric - analytic[i]));
            if (!Double.isFinite(analytic[i])) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return worst;
    }
}
