package org.hopcast.hopfield.separation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import org.hopcast.hopfield.ops.Scalars;
import org.hopcast.hopfield.ops.Timing;

/**
 * Times forward + backward of every separation function on attention-shaped float32 scores, in one run,
 * and measures each one's max abs deviation from a float64 reference: the same function in float64, and
 * for alpha-entmax the reference code's algorithm (bisection) in float64 at the same alpha. Used by
 * {@code hopcast bench separation}.
 */
public final class SeparationBenchmark {
    /** The paper configuration's attention shapes: (B*D, H, N, N) of the time and series associations. */
    public static final List<Shape> PAPER_SHAPES = List.of(new Shape(896, 4, 14, 14), new Shape(1792, 4, 7, 7));

    /** The learned logit a used for alpha-entmax (alpha = 1 + sigmoid(a)). */
    public static final double ALPHA_LOGIT = 0.3;

    /**
     * @param name function name
     * @param millis median forward+backward time summed over the shapes
     * @param ratioToSoftmax millis over softmax's
     * @param maxAbsError largest |p - reference| over the shapes
     */
    public record Row(String name, double millis, double ratioToSoftmax, double maxAbsError) {
    }

    private record Candidate(String name, BiFunction<NDArray, NDArray, NDArray> function,
            BiFunction<NDArray, Double, NDArray> reference) {
    }

    private SeparationBenchmark() {
    }

    public static List<Row> run(NDManager manager, List<Shape> shapes, int warmup, int iterations, long seed) {
        double alpha = 1 + 1 / (1 + Math.exp(-ALPHA_LOGIT));
        int bisectionSteps = 50;
        List<Candidate> candidates = List.of(
                plain("softmax", new Softmax()),
                plain("softmax_1", new Softmax1()),
                plain("sparsemax", new Sparsemax()),
                plain("entmax15", new Entmax15()),
                new Candidate("alpha-entmax", (z, a) -> AlphaEntmax.apply(z, Scalars.add(a.getNDArrayInternal().sigmoid(), 1)),
                        (z64, al) -> AlphaEntmax.bisect(z64, al, bisectionSteps)),
                new Candidate("alpha-entmax (bisection x50, the reference's algorithm)",
                        (z, a) -> bisectionWithSurrogate(z, Scalars.add(a.getNDArrayInternal().sigmoid(), 1), bisectionSteps),
                        (z64, al) -> AlphaEntmax.bisect(z64, al, bisectionSteps)),
                plain("clipped-softmax", Separation.parse("clipped-softmax").function()),
                plain("clipped-softmax_1", Separation.parse("clipped-softmax_1").function()));

        Random rnd = new Random(seed);
        List<float[]> inputs = new ArrayList<>();
        List<float[]> upstream = new ArrayList<>();
        for (Shape s : shapes) {
            inputs.add(gaussian(rnd, (int) s.size(), 2.0));
            upstream.add(gaussian(rnd, (int) s.size(), 1.0));
        }
        // Round-robin over the candidates, so warm-up, allocator state and machine noise fall on all alike.
        double[][][] times = new double[candidates.size()][shapes.size()][iterations];
        double[] errors = new double[candidates.size()];
        for (int it = -warmup; it < iterations; it++) {
            for (int c = 0; c < candidates.size(); c++) {
                Candidate cand = candidates.get(c);
                for (int si = 0; si < shapes.size(); si++) {
                    try (NDManager step = manager.newSubManager()) {
                        NDArray z = step.create(inputs.get(si), shapes.get(si));
                        NDArray g = step.create(upstream.get(si), shapes.get(si));
                        NDArray a = step.create(new float[] {(float) ALPHA_LOGIT});
                        z.setRequiresGradient(true);
                        a.setRequiresGradient(true);
                        long t0 = System.nanoTime();
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray p = cand.function().apply(z, a);
                            gc.backward(p.mul(g).sum());
                        }
                        z.getGradient().get(0).toFloatArray(); // the backward pass has finished
                        long t1 = System.nanoTime();
                        if (it >= 0) {
                            times[c][si][it] = (t1 - t0) / 1e6;
                        }
                        if (it == iterations - 1) {
                            NDArray p32 = cand.function().apply(z.stopGradient(), a.stopGradient());
                            NDArray ref = cand.reference().apply(z.stopGradient().toType(DataType.FLOAT64, false), alpha);
                            double err = p32.toType(DataType.FLOAT64, false).sub(ref).abs().max().getDouble();
                            errors[c] = Math.max(errors[c], err);
                        }
                    }
                }
            }
        }
        double[] millis = new double[candidates.size()];
        for (int c = 0; c < candidates.size(); c++) {
            for (int si = 0; si < shapes.size(); si++) {
                millis[c] += Timing.median(times[c][si]);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < candidates.size(); c++) {
            rows.add(new Row(candidates.get(c).name(), millis[c], millis[c] / millis[0], errors[c]));
        }
        return rows;
    }

    private static Candidate plain(String name, SeparationFunction f) {
        return new Candidate(name, (z, a) -> f.apply(z), (z64, al) -> f.apply(z64));
    }

    /**
     * The reference's algorithm: 50 bisection passes forward, then the same exact gradient construction as
     * alpha-entmax (the reference's custom backward is a comparable handful of elementwise passes).
     */
    private static NDArray bisectionWithSurrogate(NDArray z, NDArray alpha, int steps) {
        NDArray a = alpha.clip(1 + AlphaEntmax.MIN_GAP, 2 - AlphaEntmax.MIN_GAP);
        double value = a.toType(DataType.FLOAT64, false).getDouble(0);
        return AlphaEntmax.withGradient(z, a, AlphaEntmax.bisect(z.stopGradient(), value, steps), true);
    }

    private static float[] gaussian(Random rnd, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * scale);
        }
        return v;
    }

}
