package org.hopcast.forecasting.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.hopfield.separation.Separation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Instance normalization makes the forecast follow the window's own level (and, for RevIN, its scale): what
 * z-scoring with training statistics cannot do for a level that drifts after the training period.
 */
class InstanceNormTest {
    private static StanHopConfig config(InstanceNorm norm) {
        return new StanHopConfig(24, 12, 6, 2, 16, 32, 2, 2, 3, 0.0, Separation.parse("alpha-entmax"), true,
                BlockNorms.STANHOP, norm);
    }

    private static float[] forecast(NDManager m, StanHopNet net, float[] x) {
        ParameterStore ps = new ParameterStore(m, false);
        return net.predict(ps, m.create(x, new Shape(1, 24, 3)), false).toFloatArray();
    }

    private static StanHopNet net(NDManager m, InstanceNorm norm) {
        Engine.getInstance().setRandomSeed(4);
        StanHopNet net = new StanHopNet(config(norm), 3);
        net.initialize(m, DataType.FLOAT32, new Shape(1, 24, 3));
        return net;
    }

    private static float[] window(long seed) {
        Random r = new Random(seed);
        float[] x = new float[24 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(value = InstanceNorm.class, names = {"REVIN", "REVIN_LAST", "LAST_VALUE"})
    void aLevelShiftOfTheWindowShiftsTheForecastByTheSameAmount(InstanceNorm norm) {
        try (NDManager m = NDManager.newBaseManager()) {
            StanHopNet net = net(m, norm);
            float[] x = window(1);
            float[] shifted = x.clone();
            float[] level = {5f, -40f, 1000f};
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] += level[i % 3];
            }
            float[] y = forecast(m, net, x);
            float[] ys = forecast(m, net, shifted);
            for (int i = 0; i < y.length; i++) {
                assertEquals(y[i] + level[i % 3], ys[i], 2e-3 * Math.max(1, Math.abs(ys[i])), "element " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = InstanceNorm.class, names = {"REVIN", "REVIN_LAST"})
    void revinAlsoFollowsTheWindowsScale(InstanceNorm norm) {
        try (NDManager m = NDManager.newBaseManager()) {
            StanHopNet net = net(m, norm);
            float[] x = window(2);
            float[] scaled = x.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] = 30 * scaled[i] + 7;
            }
            float[] y = forecast(m, net, x);
            float[] ys = forecast(m, net, scaled);
            for (int i = 0; i < y.length; i++) {
                assertEquals(30 * y[i] + 7, ys[i], 1e-2 * Math.max(1, Math.abs(ys[i])), "element " + i);
            }
        }
    }

    @Test
    void withoutInstanceNormTheForecastDoesNotFollowALevelShift() {
        try (NDManager m = NDManager.newBaseManager()) {
            StanHopNet net = net(m, InstanceNorm.NONE);
            float[] x = window(3);
            float[] shifted = x.clone();
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] += 50;
            }
            NDArray diff = m.create(forecast(m, net, shifted)).sub(m.create(forecast(m, net, x)));
            float meanShift = diff.mean().getFloat();
            assertEquals(true, Math.abs(meanShift - 50) > 10, "the reference model is not shift-equivariant: " + meanShift);
        }
    }

    @Test
    void revinAddsTwoParametersPerSeriesAndLastValueNone() {
        long base = new StanHopNet(config(InstanceNorm.NONE), 7).parameterCount();
        assertEquals(base + 14, new StanHopNet(config(InstanceNorm.REVIN), 7).parameterCount());
        assertEquals(base + 14, new StanHopNet(config(InstanceNorm.REVIN_LAST), 7).parameterCount());
        assertEquals(base, new StanHopNet(config(InstanceNorm.LAST_VALUE), 7).parameterCount());
    }

    @Test
    void namesParse() {
        assertEquals(InstanceNorm.LAST_VALUE, InstanceNorm.parse("Last-Value"));
        assertEquals(InstanceNorm.REVIN, InstanceNorm.parse("revin"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InstanceNorm.parse("z"));
        assertEquals("instance-norm must be none, revin, revin-last or last-value, got 'z'", e.getMessage());
    }
}
