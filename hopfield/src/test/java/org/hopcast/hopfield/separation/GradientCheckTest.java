package org.hopcast.hopfield.separation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;

import org.hopcast.hopfield.HopfieldTestSupport;
import org.hopcast.hopfield.ManagedTest;
import org.hopcast.hopfield.Numeric;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finite-difference checks of every separation function's gradient, in float64. */
class GradientCheckTest extends ManagedTest {
    private final Random rnd = new Random(11);

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "softmax_1", "sparsemax", "entmax15", "clipped-softmax", "clipped-softmax_1"})
    void scoreGradients(String name) {
        SeparationFunction f = Separation.parse(name).function();
        NDArray z = Numeric.gaussian(m, rnd, 1.5, 5, 9);
        NDArray c = Numeric.gaussian(m, rnd, 1, 5, 9);
        double err = Numeric.gradientError(z, x -> f.apply(x).mul(c).sum(), 1e-6);
        assertTrue(err < 1e-7, name + ": max |autograd - finite difference| = " + err);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.15, 1.4, 1.6, 1.85})
    void alphaEntmaxScoreGradient(double alpha) {
        NDArray z = Numeric.gaussian(m, rnd, 2, 5, 9);
        NDArray c = Numeric.gaussian(m, rnd, 1, 5, 9);
        NDArray a = m.create(alpha);
        double err = Numeric.gradientError(z, x -> AlphaEntmax.apply(x, a).mul(c).sum(), 1e-6);
        assertTrue(err < 1e-7, "alpha " + alpha + ": " + err);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-2, -0.5, 0.3, 1.7})
    void alphaEntmaxGradientWithRespectToTheLearnedLogit(double logit) {
        // alpha = 1 + sigmoid(a), as in the GSH layer; the gradient reaches a through alpha
        NDArray z = Numeric.gaussian(m, rnd, 2, 6, 8);
        NDArray c = Numeric.gaussian(m, rnd, 1, 6, 8);
        NDArray a = m.create(new double[] {logit});
        double err = Numeric.gradientError(a,
                x -> AlphaEntmax.apply(z, x.getNDArrayInternal().sigmoid().add(1)).mul(c).sum(), 1e-6);
        assertTrue(err < 1e-7, "d/da at a = " + logit + ": " + err);
    }

    @Test
    void alphaEntmaxJointGradientThroughAShapedAlpha() {
        NDArray z = Numeric.gaussian(m, rnd, 2, 3, 4, 7);
        NDArray c = Numeric.gaussian(m, rnd, 1, 3, 4, 7);
        NDArray a = m.create(new double[] {0.2, -0.4, 0.9, 0.0}).reshape(1, 4, 1);
        double errA = Numeric.gradientError(a,
                x -> AlphaEntmax.apply(z, x.getNDArrayInternal().sigmoid().add(1)).mul(c).sum(), 1e-6);
        double errZ = Numeric.gradientError(z,
                x -> AlphaEntmax.apply(x, a.stopGradient().getNDArrayInternal().sigmoid().add(1)).mul(c).sum(), 1e-6);
        assertTrue(errA < 1e-7 && errZ < 1e-7, "alpha " + errA + ", scores " + errZ);
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "softmax_1", "sparsemax", "entmax15", "alpha-entmax", "clipped-softmax"})
    void float32GradientsAreFiniteAndMatchFloat64(String name) {
        // the models train in float32: the gradient there must be finite (exact zeros in p included) and
        // agree with the float64 one
        Separation sep = Separation.parse(name);
        NDArray z64 = Numeric.gaussian(m, rnd, 3, 6, 4, 11);
        NDArray c64 = Numeric.gaussian(m, rnd, 1, 6, 4, 11);
        double[][] grads = new double[2][];
        double[] alphaGrads = new double[2];
        DataType[] types = {DataType.FLOAT64, DataType.FLOAT32};
        for (int t = 0; t < 2; t++) {
            NDArray z = z64.toType(types[t], false);
            NDArray c = c64.toType(types[t], false);
            NDArray a = m.create(new double[] {0.4}).toType(types[t], false);
            z.setRequiresGradient(true);
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray p = sep.learnsAlpha() ? AlphaEntmax.apply(z, a.getNDArrayInternal().sigmoid().add(1))
                        : sep.function().apply(z);
                gc.backward(p.mul(c).sum());
            }
            grads[t] = z.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
            alphaGrads[t] = sep.learnsAlpha() ? a.getGradient().toType(DataType.FLOAT64, false).getDouble(0) : 0;
        }
        Numeric.assertClose(grads[0], grads[1], 1e-4, name + " float32 vs float64 score gradient");
        assertTrue(Double.isFinite(alphaGrads[1]), "alpha gradient " + alphaGrads[1]);
        assertTrue(Math.abs(alphaGrads[0] - alphaGrads[1]) < 1e-3 * Math.max(1, Math.abs(alphaGrads[0])),
                "alpha gradient " + alphaGrads[0] + " vs " + alphaGrads[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "softmax_1", "alpha-entmax", "gated-softmax_1", "sparsemax"})
    void hopfieldLayerInputGradients(String name) {
        HopfieldTestSupport.LayerUnderTest layer = HopfieldTestSupport.layer(m, name, 8, 2, 0, true);
        NDArray r = Numeric.gaussian(m, rnd, 1, 2, 3, 8);
        NDArray y = Numeric.gaussian(m, rnd, 1, 2, 5, 8);
        NDArray c = Numeric.gaussian(m, rnd, 1, 2, 3, 8);
        double errR = Numeric.gradientError(r, x -> layer.forward(x, y).mul(c).sum(), 1e-6);
        double errY = Numeric.gradientError(y, x -> layer.forward(r, x).mul(c).sum(), 1e-6);
        assertTrue(errR < 1e-6 && errY < 1e-6, name + ": state " + errR + ", stored " + errY);
    }
}
