package org.hopcast.hopfield;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Finite-difference checks of every separation function's gradient, in float64. */
class GradientCheckTest {
    private NDManager m;
    private final Random rnd = new Random(11);

    @BeforeEach
    void open() {
        m = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        m.close();
    }

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
