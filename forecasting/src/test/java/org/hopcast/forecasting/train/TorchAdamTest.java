package org.hopcast.forecasting.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

/** Adam against torch.optim.Adam's arithmetic, written out in plain Java. */
class TorchAdamTest {
    @Test
    void matchesTorchAdamOverSeveralSteps() {
        double lr = 1e-2;
        int n = 6;
        double[] p = {0.5, -1, 2, 0.01, -0.3, 1e-4};
        double[] m = new double[n];
        double[] v = new double[n];
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray param = mgr.create(p).toType(DataType.FLOAT64, false);
            TorchAdam adam = new TorchAdam(mgr, List.of(param));
            for (int t = 1; t <= 5; t++) {
                double[] g = new double[n];
                for (int i = 0; i < n; i++) {
                    g[i] = Math.sin(t * 1.3 + i) * (i == 5 ? 1e-6 : 1); // one tiny gradient exercises eps
                }
                try (NDManager step = mgr.newSubManager()) {
                    adam.update(List.of(param), List.of(step.create(g, new Shape(n))), lr, step);
                }
                double bc1 = 1 - Math.pow(0.9, t);
                double bc2 = 1 - Math.pow(0.999, t);
                for (int i = 0; i < n; i++) {
                    m[i] = 0.9 * m[i] + 0.1 * g[i];
                    v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                    p[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + 1e-8);
                }
            }
            double[] got = param.toDoubleArray();
            for (int i = 0; i < n; i++) {
                // the native update takes its constants as float32: agreement to float32 resolution
                assertEquals(p[i], got[i], 1e-6, "parameter " + i);
            }
            assertEquals(5, adam.step());
        }
    }

    @Test
    void opByOpFormAgreesWithTheFusedOne() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray a = mgr.randomNormal(new Shape(50));
            NDArray b = a.duplicate();
            NDArray ma = mgr.zeros(new Shape(50));
            NDArray va = mgr.zeros(new Shape(50));
            NDArray mb = mgr.zeros(new Shape(50));
            NDArray vb = mgr.zeros(new Shape(50));
            for (int t = 1; t <= 3; t++) {
                NDArray g = mgr.randomNormal(new Shape(50));
                double bc1 = 1 - Math.pow(0.9, t);
                double bc2 = Math.sqrt(1 - Math.pow(0.999, t));
                TorchAdam.updateFused(a, g, ma, va, 1e-3, bc1, bc2);
                TorchAdam.updateOps(b, g, mb, vb, 1e-3, bc1, bc2, mgr);
            }
            assertTrue(a.sub(b).abs().max().getFloat() < 1e-6);
        }
    }

    @Test
    void stateRoundTrips() {
        try (NDManager mgr = NDManager.newBaseManager()) {
            NDArray p = mgr.randomNormal(new Shape(5));
            TorchAdam a = new TorchAdam(mgr, List.of(p));
            for (int t = 0; t < 3; t++) {
                a.update(List.of(p), List.of(mgr.randomNormal(new Shape(5))), 1e-2, mgr);
            }
            TorchAdam b = new TorchAdam(mgr, List.of(p));
            b.restore(a.state(mgr));
            assertEquals(3, b.step());
            ai.djl.ndarray.NDList sa = a.state(mgr);
            ai.djl.ndarray.NDList sb = b.state(mgr);
            for (int i = 1; i < sa.size(); i++) {
                assertTrue(sa.get(i).eq(sb.get(i)).all().getBoolean(), "moment " + i);
            }
        }
    }
}
