package org.hopcast.forecasting.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import org.hopcast.hopfield.Scalars;
import org.hopcast.hopfield.Scopes;

/**
 * Simulated 8-bit quantization (quantize, then dequantize in float), as the OutEffHop experiments do it
 * (outeffhop.md 5.1): weights symmetric per tensor on [-128, 127] with {@code s = max|W| / 127};
 * activations asymmetric per tensor on [0, 255] with the range forced to contain 0,
 * {@code s = (max - min) / 255}, {@code z = clamp(round(-min / s), 0, 255)},
 * {@code x' = s (clamp(round(x / s) + z, 0, 255) - z)}.
 */
public final class FakeQuant {
    public static final int LEVELS = 255;

    private FakeQuant() {
    }

    /** A weight tensor's symmetric 8-bit version (a new array). */
    public static NDArray weight(NDArray w) {
        return Scopes.scoped(() -> {
            double maxAbs = w.abs().max().toType(DataType.FLOAT64, false).getDouble();
            if (maxAbs == 0) {
                return w.duplicate();
            }
            double s = maxAbs / 127.0;
            return Scalars.mul(Scalars.div(w, s).round().clip(-128, 127), s);
        }, w);
    }

    /** Asymmetric 8-bit parameters for a range, which is widened to contain 0 first. */
    public record ActivationGrid(double scale, double zeroPoint) {
        public static ActivationGrid of(double min, double max) {
            double lo = Math.min(min, 0);
            double hi = Math.max(max, 1e-8);
            double s = (hi - lo) / LEVELS;
            double z = Math.min(LEVELS, Math.max(0, Math.rint(-lo / s)));
            return new ActivationGrid(s, z);
        }

        /** The fake-quantized activation (a new array). */
        public NDArray apply(NDArray x) {
            NDArray levels = Scalars.add(Scalars.div(x, scale).round(), zeroPoint).clip(0, LEVELS);
            return Scalars.mul(Scalars.sub(levels, zeroPoint), scale);
        }

        /** The fake-quantized value of one number (for tests and reports). */
        public double apply(double x) {
            double q = Math.min(LEVELS, Math.max(0, Math.rint(x / scale) + zeroPoint));
            return scale * (q - zeroPoint);
        }
    }
}
