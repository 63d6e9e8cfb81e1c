package org.hopcast.forecasting.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import org.hopcast.hopfield.ops.Scalars;
import org.hopcast.hopfield.ops.Scopes;

/**
 * Simulated quantization (quantize, then dequantize in float), as the OutEffHop experiments do it
 * (outeffhop.md 5.1), at any bit width: weights symmetric on {@code [-(M+1), M]}, {@code M = 2^(X-1) - 1}, with
 * {@code s = max|W| / M} per tensor or per output channel; activations asymmetric per tensor on {@code [0, L]},
 * {@code L = 2^Y - 1}, with the range forced to contain 0, {@code s = (max - min) / L},
 * {@code z = clamp(round(-min / s), 0, L)}, {@code x' = s (clamp(round(x / s) + z, 0, L) - z)}. At 8 bits this is
 * the paper's W8A8 (M = 127, L = 255).
 */
public final class FakeQuant {
    private FakeQuant() {
    }

    /**
     * A weight tensor's symmetric quantized version (a new array). Per channel, each row of a matrix (an output
     * channel of a Linear weight, shape (out, in)) has its own scale; a vector has one scale either way.
     */
    public static NDArray weight(NDArray w, QuantScheme scheme) {
        int max = scheme.weightMax();
        return Scopes.scoped(() -> {
            if (scheme.perChannelWeights() && w.getShape().dimension() >= 2) {
                // (out, 1, ...) scales; an all-zero channel gets the smallest normal scale, so it stays exactly zero
                NDArray s = Scalars.div(Scalars.maximum(w.abs().max(axesAfterFirst(w), true), Float.MIN_NORMAL), max);
                return w.div(s).round().clip(-max - 1, max).mul(s);
            }
            double maxAbs = w.abs().max().toType(DataType.FLOAT64, false).getDouble();
            if (maxAbs == 0) {
                return w.duplicate();
            }
            double s = maxAbs / max;
            return Scalars.mul(Scalars.div(w, s).round().clip(-max - 1, max), s);
        }, w);
    }

    private static int[] axesAfterFirst(NDArray w) {
        int[] axes = new int[w.getShape().dimension() - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 1;
        }
        return axes;
    }

    /** Asymmetric parameters for a range, which is widened to contain 0 first. */
    public record ActivationGrid(double scale, double zeroPoint, int levels) {
        public static ActivationGrid of(double min, double max, int bits) {
            int levels = (1 << bits) - 1;
            double lo = Math.min(min, 0);
            double hi = Math.max(max, 1e-8);
            double s = (hi - lo) / levels;
            double z = Math.min(levels, Math.max(0, Math.rint(-lo / s)));
            return new ActivationGrid(s, z, levels);
        }

        /**
         * The fake-quantized activation (a new array). {@code s (clamp(round(x / s) + z, 0, L) - z)} is computed as
         * {@code s clamp(round(x / s), -z, L - z)}: z is a whole number, so both give equal floats (a rounded value
         * too large to add z to exactly is clamped either way; a zero may come out as -0.0), with two full-size
         * passes fewer at every activation site of every quantized forward.
         */
        public NDArray apply(NDArray x) {
            return Scalars.mul(Scalars.div(x, scale).round().clip(-zeroPoint, levels - zeroPoint), scale);
        }

        /** The fake-quantized value of one number (for tests and reports). */
        public double apply(double x) {
            double q = Math.min(levels, Math.max(0, Math.rint(x / scale) + zeroPoint));
            return scale * (q - zeroPoint);
        }
    }
}
