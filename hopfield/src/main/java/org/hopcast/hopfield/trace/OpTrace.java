package org.hopcast.hopfield.trace;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import org.hopcast.hopfield.ops.InvertedDropout;
import org.hopcast.hopfield.separation.AlphaEntmax;
import org.hopcast.hopfield.separation.SeparationFunction;

/**
 * The ops whose cost a benchmark wants to know by kind: matrix products, separations, layer norms and
 * dropouts. Every layer runs them through here, so that while a trace is open on the calling thread each one
 * is recorded with its shapes; {@link OpReplay} then times each kind alone on the same shapes and threads (the
 * matrix products alone are the step's GEMM floor). With no trace open, recording is one thread-local read.
 */
public final class OpTrace {
    /** What an op is, for the breakdown. */
    public enum Kind {
        MATRIX_PRODUCT, SEPARATION, LAYER_NORM, DROPOUT
    }

    /**
     * One op as it ran.
     *
     * @param kind its kind
     * @param name linear, matmul, the separation's name, layer-norm or dropout
     * @param shapes the input shapes: (x, weight) for linear, (a, b) for matmul, (scores) or (x)
     * @param parameter dropout's rate, LayerNorm's epsilon, a learned alpha's value; 0 otherwise
     * @param separation the separation function, for {@link Kind#SEPARATION} at a fixed function
     */
    public record Op(Kind kind, String name, List<Shape> shapes, double parameter, SeparationFunction separation) {
    }

    private static final ThreadLocal<List<Op>> OPEN = new ThreadLocal<>();

    private OpTrace() {
    }

    /** Starts recording the ops this thread runs. */
    public static void start() {
        OPEN.set(new ArrayList<>());
    }

    /** Stops recording and returns the ops recorded since {@link #start()}, in order. */
    public static List<Op> stop() {
        List<Op> ops = OPEN.get();
        OPEN.remove();
        return ops == null ? List.of() : List.copyOf(ops);
    }

    private static void record(Kind kind, String name, double parameter, SeparationFunction f, Shape... shapes) {
        List<Op> ops = OPEN.get();
        if (ops != null) {
            ops.add(new Op(kind, name, List.of(shapes), parameter, f));
        }
    }

    /** {@code x W^T + b} over the last axis of x (torch's linear). */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        record(Kind.MATRIX_PRODUCT, "linear", 0, null, x.getShape(), weight.getShape());
        return Linear.linear(x, weight, bias).head();
    }

    /** The (batched) matrix product {@code a b}. */
    public static NDArray matMul(NDArray a, NDArray b) {
        record(Kind.MATRIX_PRODUCT, "matmul", 0, null, a.getShape(), b.getShape());
        return a.matMul(b);
    }

    /** LayerNorm over the trailing {@code normalized} axes. */
    public static NDArray layerNorm(NDArray x, Shape normalized, NDArray gamma, NDArray beta, float eps) {
        record(Kind.LAYER_NORM, "layer-norm", eps, null, x.getShape(), normalized);
        return LayerNorm.layerNorm(x, normalized, gamma, beta, eps).head();
    }

    /** Inverted dropout at {@code rate} (training only; callers skip it otherwise), see {@link InvertedDropout}. */
    public static NDArray dropout(NDArray x, float rate) {
        record(Kind.DROPOUT, "dropout", rate, null, x.getShape());
        return InvertedDropout.apply(x, rate);
    }

    /** A fixed separation function applied to scores over the last axis. */
    public static NDArray separate(SeparationFunction f, NDArray scores) {
        record(Kind.SEPARATION, f.name(), 0, f, scores.getShape());
        return f.apply(scores);
    }

    /** alpha-entmax with a learned alpha (shape (1)), differentiable in both. */
    public static NDArray alphaEntmax(NDArray scores, NDArray alpha) {
        if (OPEN.get() != null) {
            double value = alpha.toType(DataType.FLOAT64, false).getDouble(0);
            record(Kind.SEPARATION, AlphaEntmax.NAME + " (learned alpha)", value, null, scores.getShape());
        }
        return AlphaEntmax.apply(scores, alpha);
    }
}
