package org.hopcast.hopfield;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.hopcast.hopfield.separation.AlphaEntmax;
import org.hopcast.hopfield.separation.Separation;
import org.hopcast.hopfield.separation.Softmax1;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Hopfield retrieval update xi_new = X sep(beta X^T xi) and the softmax_1 / zero-key identity. */
class RetrievalTest extends ManagedTest {
    private final Random rnd = new Random(3);

    private NDArray separate(String name, NDArray scores) {
        Separation s = Separation.parse(name);
        return s.learnsAlpha() ? AlphaEntmax.apply(scores, m.create(1.5)) : s.function().apply(scores);
    }

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "sparsemax", "softmax_1", "alpha-entmax"})
    void noisyPatternRetrievesTheStoredOneInOneUpdate(String name) {
        int d = 64;
        int patterns = 20;
        // stored patterns: random unit vectors, columns of X (d x M)
        NDArray x = Numeric.gaussian(m, rnd, 1, d, patterns);
        x = x.div(x.norm(new int[] {0}, true));
        int target = 13;
        NDArray stored = x.get(":, " + target);
        NDArray noisy = stored.add(Numeric.gaussian(m, rnd, 0.3 / Math.sqrt(d), d));
        double beta = 50;
        NDArray weights = separate(name, x.transpose().matMul(noisy).mul(beta));
        NDArray retrieved = x.matMul(weights);
        double before = noisy.sub(stored).norm().getDouble();
        double after = retrieved.sub(stored).norm().getDouble();
        assertTrue(after < 1e-3 && after < before / 100, name + ": error " + before + " -> " + after);
        assertEquals(target, weights.argMax().getLong());
    }

    @Test
    void softmax1AttentionEqualsSoftmaxAttentionWithAZeroKeyAndValue() {
        long b = 3;
        long l = 4;
        long s = 6;
        long e = 5;
        NDArray q = Numeric.gaussian(m, rnd, 1, b, l, e);
        NDArray k = Numeric.gaussian(m, rnd, 1, b, s, e);
        NDArray v = Numeric.gaussian(m, rnd, 1, b, s, e);
        double scale = 1 / Math.sqrt(e);
        NDArray out1 = new Softmax1().apply(q.matMul(k.transpose(0, 2, 1)).mul(scale)).matMul(v);
        NDArray zero = m.zeros(new Shape(b, 1, e), DataType.FLOAT64);
        NDArray k0 = k.concat(zero, 1);
        NDArray v0 = v.concat(zero, 1);
        NDArray out0 = q.matMul(k0.transpose(0, 2, 1)).mul(scale).softmax(-1).matMul(v0);
        Numeric.assertClose(out0.toDoubleArray(), out1.toDoubleArray(), 1e-14, "softmax_1 vs zero key/value");
    }
}
