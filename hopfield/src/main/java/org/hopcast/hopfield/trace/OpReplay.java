package org.hopcast.hopfield.trace;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.hopcast.hopfield.ops.Timing;
import org.hopcast.hopfield.separation.AlphaEntmax;

/**
 * Times recorded ops ({@link OpTrace}) alone, by kind, on fresh random inputs of the recorded shapes, in this
 * process and on its threads, so the times compare with the step they came from.
 *
 * <p>Matrix products are timed as bare products: forward {@code C = A B}, and for training the two products of
 * the backward pass, {@code dA = dC B^T} and {@code dB = A^T dC}. That is the least a step can spend on them
 * (the GEMM floor of this CPU at these shapes). The other kinds run forward, and for training their autograd
 * backward, exactly as the layers call them. Inputs are made before each op's clock starts and freed after it.
 */
public final class OpReplay {
    private OpReplay() {
    }

    /**
     * Median over {@code repeats} of the seconds each kind takes, summed over its ops.
     *
     * @param backward time the backward pass too (training), or the forward pass alone (inference)
     */
    public static Map<OpTrace.Kind, Double> secondsByKind(NDManager manager, List<OpTrace.Op> ops, boolean backward,
            int repeats) {
        Map<OpTrace.Kind, List<Double>> samples = new EnumMap<>(OpTrace.Kind.class);
        for (OpTrace.Kind k : OpTrace.Kind.values()) {
            samples.put(k, new ArrayList<>());
        }
        for (int r = -1; r < repeats; r++) { // one unmeasured round first
            Map<OpTrace.Kind, Double> round = new EnumMap<>(OpTrace.Kind.class);
            for (OpTrace.Op op : ops) {
                double seconds = time(manager, op, backward);
                round.merge(op.kind(), seconds, Double::sum);
            }
            if (r >= 0) {
                for (OpTrace.Kind k : OpTrace.Kind.values()) {
                    samples.get(k).add(round.getOrDefault(k, 0.0));
                }
            }
        }
        Map<OpTrace.Kind, Double> out = new EnumMap<>(OpTrace.Kind.class);
        samples.forEach((k, v) -> out.put(k, Timing.median(v)));
        return out;
    }

    private static double time(NDManager manager, OpTrace.Op op, boolean backward) {
        try (NDManager m = manager.newSubManager()) {
            return switch (op.kind()) {
                case MATRIX_PRODUCT -> product(m, op, backward);
                case SEPARATION, LAYER_NORM, DROPOUT -> autograd(m, op, backward);
            };
        }
    }

    private static double product(NDManager m, OpTrace.Op op, boolean backward) {
        Shape sa = op.shapes().get(0);
        Shape sb = op.shapes().get(1);
        NDArray a;
        NDArray b;
        if (op.name().equals("linear")) { // x (..., K) W^T with W (N, K): one (M x K)(K x N) product
            long k = sa.get(sa.dimension() - 1);
            a = m.randomNormal(new Shape(sa.size() / k, k));
            b = m.randomNormal(sb).transpose();
        } else {
            a = m.randomNormal(sa);
            b = m.randomNormal(sb);
        }
        sync(a, b);
        long t0 = System.nanoTime();
        NDArray c = a.matMul(b);
        sync(c);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (backward) {
            NDArray dc = m.randomNormal(c.getShape()); // the upstream gradient, made off the clock
            sync(dc);
            long t1 = System.nanoTime();
            NDArray da = dc.matMul(b.swapAxes(-1, -2));
            NDArray db = a.swapAxes(-1, -2).matMul(dc);
            sync(da, db);
            seconds += (System.nanoTime() - t1) / 1e9;
        }
        return seconds;
    }

    private static double autograd(NDManager m, OpTrace.Op op, boolean backward) {
        Shape shape = op.shapes().get(0);
        NDArray x = m.randomNormal(0f, 2f, shape, DataType.FLOAT32, m.getDevice());
        NDArray g = backward ? m.randomNormal(shape) : null;
        NDArray gamma = null;
        NDArray beta = null;
        NDArray alpha = null;
        if (op.kind() == OpTrace.Kind.LAYER_NORM) {
            Shape normalized = op.shapes().get(1);
            gamma = m.ones(normalized);
            beta = m.zeros(normalized);
        }
        if (op.separation() == null && op.kind() == OpTrace.Kind.SEPARATION) {
            alpha = m.create(new float[] {(float) op.parameter()});
        }
        if (backward) {
            for (NDArray p : new NDArray[] {x, gamma, beta, alpha}) {
                if (p != null) {
                    p.setRequiresGradient(true);
                }
            }
        }
        sync(x);
        long t0 = System.nanoTime();
        if (backward) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = run(op, x, gamma, beta, alpha);
                gc.backward(y.mul(g).sum());
            }
            sync(x.getGradient());
        } else {
            sync(run(op, x, gamma, beta, alpha));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static NDArray run(OpTrace.Op op, NDArray x, NDArray gamma, NDArray beta, NDArray alpha) {
        return switch (op.kind()) {
            case LAYER_NORM -> OpTrace.layerNorm(x, op.shapes().get(1), gamma, beta, (float) op.parameter());
            case DROPOUT -> OpTrace.dropout(x, (float) op.parameter());
            case SEPARATION -> op.separation() != null ? op.separation().apply(x) : AlphaEntmax.apply(x, alpha);
            case MATRIX_PRODUCT -> throw new IllegalArgumentException("matrix products are timed bare");
        };
    }

    /** Waits for the arrays' values (a no-op on CPU, where libtorch runs ops synchronously). */
    private static void sync(NDArray... arrays) {
        for (NDArray a : arrays) {
            if (a.getDevice().isGpu()) {
                a.sum().toType(DataType.FLOAT32, false).getFloat();
            }
        }
    }

}
