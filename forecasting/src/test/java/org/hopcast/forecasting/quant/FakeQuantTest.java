package org.hopcast.forecasting.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

/** The quantizer on known tensors. */
class FakeQuantTest {
    @Test
    void weightsAreSymmetricPerTensor() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new double[] {-1, 0.5, 0.25, 0, 0.003});
            double s = 1.0 / 127;
            double[] q = FakeQuant.weight(w).toDoubleArray();
            assertEquals(-1, q[0], 1e-12); // the extreme is exact
            assertEquals(64 * s, q[1], 1e-12); // 63.5 rounds half to even? torch.round: half to even -> 64
            assertEquals(Math.rint(0.25 / s) * s, q[2], 1e-12);
            assertEquals(0, q[3], 0); // zero is exactly representable
            assertEquals(0, q[4], 0); // below half a step -> 0
            for (int i = 0; i < q.length; i++) {
                assertTrue(Math.abs(q[i] - w.toDoubleArray()[i]) <= s / 2 + 1e-12);
            }
            assertArrayEquals(new double[] {0, 0}, FakeQuant.weight(m.zeros(new Shape(2)))
                    .toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray());
        }
    }

    @Test
    void activationGridHasScaleZeroPointAndExactZero() {
        FakeQuant.ActivationGrid g = FakeQuant.ActivationGrid.of(-1, 3);
        assertEquals(4.0 / 255, g.scale(), 1e-15);
        assertEquals(64, g.zeroPoint()); // round(1 / (4/255)) = round(63.75)
        assertEquals(0.0, g.apply(0.0), 0); // 0 maps to the zero point exactly
        for (double x = -1; x <= 3; x += 0.0137) {
            assertTrue(Math.abs(g.apply(x) - x) <= g.scale() / 2 + 1e-12, "round trip at " + x);
        }
        assertEquals(g.scale() * (255 - 64), g.apply(100), 1e-12); // clipped at the top
        assertEquals(-g.scale() * 64, g.apply(-100), 1e-12); // and the bottom
        FakeQuant.ActivationGrid positive = FakeQuant.ActivationGrid.of(2, 5);
        assertEquals(0, positive.zeroPoint()); // the range is widened to contain 0
        assertEquals(5.0 / 255, positive.scale(), 1e-15);
        try (NDManager m = NDManager.newBaseManager()) {
            double[] arr = g.apply(m.create(new double[] {-1, 0, 1.5, 3, 7})).toDoubleArray();
            for (int i = 0; i < arr.length; i++) {
                assertEquals(g.apply(new double[] {-1, 0, 1.5, 3, 7}[i]), arr[i], 1e-12);
            }
        }
    }

    @Test
    void calibrationUsesAnEmaAndFreezes() {
        try (NDManager m = NDManager.newBaseManager(); W8A8Quantizer q = new W8A8Quantizer(m)) {
            assertThrows(IllegalStateException.class, q::freeze);
            NDArray a = m.create(new double[] {-1, 1});
            NDArray b = m.create(new double[] {-3, 3});
            assertEquals(a, q.site("s", a)); // estimation passes values through
            q.site("s", b);
            Map<String, double[]> r = q.ranges();
            assertArrayEquals(new double[] {-1.2, 1.2}, r.get("s"), 1e-12); // 0.9 * first + 0.1 * second
            q.freeze();
            double[] out = q.site("s", m.create(new double[] {-100, 0.5, 100})).toDoubleArray();
            assertArrayEquals(new double[] {-1.2, 1.2}, q.ranges().get("s"), 1e-12); // frozen
            FakeQuant.ActivationGrid g = FakeQuant.ActivationGrid.of(-1.2, 1.2);
            assertEquals(g.apply(-100), out[0], 1e-12);
            assertEquals(g.apply(0.5), out[1], 1e-12);
            assertEquals(g.apply(100), out[2], 1e-12);
            assertTrue(out[2] < 1.3);
        }
    }
}
