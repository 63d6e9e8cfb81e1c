package org.hopcast.forecasting.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import org.hopcast.datasets.SeededShuffleSampler;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.train.TorchAdam;
import org.hopcast.hopfield.ops.Scalars;
import org.hopcast.hopfield.separation.AlphaEntmax;
import org.hopcast.hopfield.trace.OpTrace;

/**
 * Tune-and-Play (spec memory.md §4.4): Plug-and-Play's retrieval with trainable pieces, the backbone frozen. Queries
 * and keys are projected ({@code W_Q}, {@code W_K}, n x 64, started at one shared random projection so that the scores
 * start near Plug-and-Play's), beta = exp(b), alpha = 1 + sigmoid(a) and a weight per series lambda_d = sigmoid(g_d)
 * are learned, started at the Plug-and-Play setting, in its readout: at the input (TnP-A: the values are the bank's
 * windows, so the frozen model reads an input of its own shape) or at the future (TnP-B: the values are the windows'
 * futures, and the forecast moves toward them by lambda_d; the spec's gamma). Only these parameters are updated (Adam,
 * lr 1e-3, batch 32, at most 10 epochs, early stopping on validation with patience 3); the backbone's parameters take
 * no gradient and are left as they were, to the byte (a test checks).
 */
public final class TuneAndPlay implements AutoCloseable {
    /** The projection's width d_r. */
    public static final int WIDTH = 64;
    public static final double LR = 1e-3;
    public static final int MAX_EPOCHS = 10;
    public static final int PATIENCE = 3;
    /** The seed of the shared starting projection. */
    public static final long SEED = 20240229L;

    private final StanHopNet net;
    private final ParameterStore ps;
    private final MemoryBank bank;
    private final NDManager manager;
    private final int batchSize;
    private final int n;
    private final PlugAndPlay.Readout readout;
    private final NDArray keys;
    /** The futures' changes from their windows' last rows (M, tau D), the values of the future readout. */
    private final NDArray futures;
    /** The keys over sqrt(n), made once (an op on a long-lived array leaves its result in that array's manager). */
    private final NDArray scaledKeys;
    private final NDArray wq;
    private final NDArray wk;
    private final NDArray b;
    private final NDArray a;
    private final NDArray g;
    private final List<NDArray> theta;
    /**
     * The projected keys W_K k_m (M, d_r) while a pass forecasts without tuning (null otherwise): made once per pass,
     * not once per batch (for ETTh1's whole bank 0.6 GFLOP a batch).
     */
    private NDArray frozenKeys;

    /** Tune-and-Play over {@code bank} on {@code net}, started at Plug-and-Play's {@code start}. */
    public TuneAndPlay(StanHopNet net, ParameterStore ps, NDManager parent, MemoryBank bank, int batchSize,
            PlugAndPlay.Setting start) {
        this.net = net;
        this.ps = ps;
        this.bank = bank;
        this.manager = parent.newSubManager();
        this.batchSize = batchSize;
        this.n = bank.inLen() * bank.series();
        this.readout = start.readout();
        this.keys = manager.create(bank.keys(), new Shape(bank.size(), n));
        this.futures = manager.create(bank.futures(), new Shape(bank.size(), (long) bank.outLen() * bank.series()));
        this.scaledKeys = Scalars.mul(keys, 1 / Math.sqrt(n));
        Random random = new Random(SEED);
        float[] gauss = new float[n * WIDTH];
        for (int i = 0; i < gauss.length; i++) {
            gauss[i] = (float) (random.nextGaussian() / Math.sqrt(WIDTH));
        }
        this.wq = manager.create(gauss, new Shape(n, WIDTH));
        this.wk = manager.create(gauss.clone(), new Shape(n, WIDTH));
        this.b = manager.create(new float[] {(float) Math.log(start.beta())});
        double alpha = Math.min(0.95, Math.max(0.05, start.alpha() - 1));
        this.a = manager.create(new float[] {(float) Math.log(alpha / (1 - alpha))});
        double lambda = Math.min(0.95, Math.max(0.02, start.lambda()));
        float[] gs = new float[bank.series()];
        java.util.Arrays.fill(gs, (float) Math.log(lambda / (1 - lambda)));
        this.g = manager.create(gs);
        this.theta = List.of(wq, wk, b, a, g);
        theta.forEach(p -> p.setRequiresGradient(true));
    }

    /**
     * The tuning's course: validation MSE before the first epoch and after each, the epoch kept, and its validation
     * windows' losses (what a test of the tuning against the model alone reads, without another pass).
     */
    public record Tuned(List<Double> validationMse, int bestEpoch, int parameters, double[] bestWindowLosses) {
    }

    /**
     * Tunes on {@code train}'s windows (shuffled per epoch from a fixed seed), keeps the parameters of the epoch with
     * the lowest MSE on {@code val} (epoch 0: as started).
     */
    public Tuned tune(WindowDataset train, WindowDataset val) {
        List<Double> history = new ArrayList<>();
        double[] bestLosses = validationLosses(val);
        double best = mean(bestLosses);
        history.add(best);
        List<float[]> bestTheta = snapshot();
        int bestEpoch = 0;
        List<Pair<NDArray, Boolean>> frozen = freezeBackbone();
        try (NDManager moments = manager.newSubManager()) {
            TorchAdam adam = new TorchAdam(moments, theta);
            int windows = (int) train.size();
            for (int epoch = 1; epoch <= MAX_EPOCHS; epoch++) {
                // the training's own shuffle, seeded by the tuning's seed and the epoch
                int[] order = SeededShuffleSampler.permutation(SEED, epoch, windows);
                for (int from = 0; from < windows; from += batchSize) {
                    long[] batch = java.util.Arrays.stream(order, from, Math.min(windows, from + batchSize))
                            .asLongStream().toArray();
                    step(train, batch, adam);
                }
                double[] losses = validationLosses(val);
                double mse = mean(losses);
                history.add(mse);
                if (mse < best) {
                    best = mse;
                    bestLosses = losses;
                    bestTheta = snapshot();
                    bestEpoch = epoch;
                } else if (epoch - bestEpoch >= PATIENCE) {
                    break;
                }
            }
        } finally {
            frozen.forEach(p -> p.getKey().setRequiresGradient(p.getValue()));
        }
        restore(bestTheta);
        return new Tuned(history, bestEpoch, (int) theta.stream().mapToLong(p -> p.getShape().size()).sum(),
                bestLosses);
    }

    private void step(WindowDataset train, long[] batch, TorchAdam adam) {
        try (NDManager step = manager.newSubManager()) {
            NDList xy = train.batch(step, batch);
            int[] origins = new int[batch.length];
            for (int i = 0; i < batch.length; i++) {
                origins[i] = train.targetRow(batch[i], 0);
            }
            // the future readout moves the backbone's own forecast, which takes no gradient: made before recording
            NDArray own = readout == PlugAndPlay.Readout.FUTURE ? net.predict(ps, xy, false) : null;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = own != null ? corrected(xy.get(0), own, origins, step)
                        : net.predictRecorded(ps, StanHopNet.withInput(xy, mixed(xy.get(0), origins, step)));
                NDArray diff = y.sub(xy.get(1));
                gc.backward(diff.mul(diff).mean());
            }
            List<NDArray> grads = new ArrayList<>();
            for (NDArray p : theta) {
                NDArray grad = p.getGradient();
                grad.attach(step);
                grads.add(grad);
            }
            adam.update(theta, grads, LR, step);
            for (NDArray grad : grads) {
                Scalars.muli(grad, 0);
            }
        }
    }

    /** (1 - lambda) x + lambda Ret_theta(x) for queries at {@code origins}, temporaries in {@code step}. */
    NDArray mixed(NDArray x, int[] origins, NDManager step) {
        Weights w = weights(x, origins, step);
        NDArray ret = w.readout(keys, n).reshape(x.getShape());
        NDArray lambda = lambda(origins, step);
        return x.mul(Scalars.rsub(lambda, 1)).add(ret.mul(lambda));
    }

    /**
     * {@code own + lambda (F_theta(x) - own)} for queries at {@code origins}: the backbone's forecasts {@code own}
     * moved toward the future readout (sum_m p_m (F_m - Y_m,last) + x_last), temporaries in {@code step}.
     */
    NDArray corrected(NDArray x, NDArray own, int[] origins, NDManager step) {
        NDArray future = future(x, origins, step);
        return own.add(future.sub(own).mul(lambda(origins, step)));
    }

    /** The future readout sum_m p_m (F_m - Y_m,last) + x_last of queries at {@code origins}: (len, tau, D). */
    private NDArray future(NDArray x, int[] origins, NDManager step) {
        int len = origins.length;
        int d = bank.series();
        Weights w = weights(x, origins, step);
        return w.readout(futures, bank.outLen() * d).reshape(len, bank.outLen(), d)
                .add(x.get(":, -1, :").reshape(len, 1, d));
    }

    public PlugAndPlay.Readout readout() {
        return readout;
    }

    /**
     * For one window {@code x} (T x D, z-scored) forecasting from {@code origin}: the input the model reads (the input
     * readout's mix; {@code x} itself in the future readout or when no memory is known yet).
     */
    public float[] input(float[] x, int origin) {
        if (readout == PlugAndPlay.Readout.FUTURE || origin < bank.earliestKnown()) {
            return x.clone();
        }
        try (NDManager step = manager.newSubManager()) {
            return mixed(step.create(x, new Shape(1, bank.inLen(), bank.series())), new int[] {origin}, step)
                    .toFloatArray();
        }
    }

    /**
     * For one window: the future readout (tau x D, z-scored) the forecast moves toward by {@link #lambdas}, or null
     * (the input readout, or no memory known yet).
     */
    public float[] future(float[] x, int origin) {
        if (readout == PlugAndPlay.Readout.INPUT || origin < bank.earliestKnown()) {
            return null;
        }
        try (NDManager step = manager.newSubManager()) {
            return future(step.create(x, new Shape(1, bank.inLen(), bank.series())), new int[] {origin}, step)
                    .toFloatArray();
        }
    }

    /** lambda_d per series, as tuned. */
    public double[] lambdas() {
        float[] gs = g.toFloatArray();
        double[] out = new double[gs.length];
        for (int i = 0; i < gs.length; i++) {
            out[i] = 1 / (1 + Math.exp(-gs[i]));
        }
        return out;
    }

    /** The tuned parameters (W_Q, W_K, b, a, g), copies: what a run keeps to forecast with them later. */
    public List<float[]> values() {
        return snapshot();
    }

    /** Sets the tuned parameters to {@code values} (as {@link #values} gave them), or says which does not fit. */
    public void load(List<float[]> values) {
        if (values.size() != theta.size()) {
            throw new IllegalArgumentException(values.size() + " arrays for Tune-and-Play's " + theta.size());
        }
        for (int i = 0; i < theta.size(); i++) {
            if (values.get(i).length != theta.get(i).getShape().size()) {
                throw new IllegalArgumentException("Tune-and-Play's array " + i + " has " + theta.get(i).getShape()
                        .size() + " values, not " + values.get(i).length + " (tuned for another window or series)");
            }
        }
        restore(values);
    }

    /** The retrieval's weights over each query's top-k memories, and those memories. */
    private record Weights(NDArray p, NDArray index, int len, int top, NDManager step) {
        /** sum_m p_m V_m, V the rows of {@code values} (M, width): (len, width). */
        NDArray readout(NDArray values, int width) {
            NDArray chosen = values.get(index);
            chosen.attach(step);
            return p.expandDims(2).mul(chosen.reshape(len, top, width)).sum(new int[] {1});
        }
    }

    private Weights weights(NDArray x, int[] origins, NDManager step) {
        int len = origins.length;
        double scale = 1 / Math.sqrt(n);
        NDArray q = OpTrace.matMul(Scalars.mul(x.reshape(len, n), scale), wq); // (B, d_r)
        NDArray k = frozenKeys;
        if (k == null) {
            k = OpTrace.matMul(scaledKeys, wk); // (M, d_r)
            k.attach(step);
        }
        NDArray beta = b.exp();
        beta.attach(step);
        NDArray s = OpTrace.matMul(q, k.transpose()).sub(Scalars.mul(k.square().sum(new int[] {1}), Retriever.C / 2)
                .reshape(1, -1)).mul(beta);
        s = Retriever.withoutUnknown(s, bank, origins, step);
        int top = Math.min(Retriever.TOP_K, bank.size());
        NDList best = s.topK(top, 1);
        NDArray alpha = ai.djl.nn.Activation.sigmoid(a);
        alpha.attach(step);
        alpha = Scalars.add(alpha, 1);
        NDArray p = AlphaEntmax.apply(best.get(0), alpha.reshape(1, 1));
        return new Weights(p, best.get(1).toType(DataType.INT64, false).flatten(), len, top, step);
    }

    /** lambda_d per series (1, 1, D) for each query (len, 1, D): 0 for a query with no window known yet. */
    private NDArray lambda(int[] origins, NDManager step) {
        int len = origins.length;
        float[] mask = new float[len];
        for (int i = 0; i < len; i++) {
            mask[i] = origins[i] >= bank.earliestKnown() ? 1 : 0;
        }
        NDArray perSeries = ai.djl.nn.Activation.sigmoid(g);
        perSeries.attach(step);
        return perSeries.reshape(1, 1, -1).mul(step.create(mask, new Shape(len, 1, 1)));
    }

    /** The forecasts of {@code ds} with the tuned memory. */
    public Forecasts forecasts(WindowDataset ds) {
        try (NDManager keys = manager.newSubManager()) {
            frozenKeys = OpTrace.matMul(scaledKeys, wk);
            frozenKeys.attach(keys);
            return pass(ds);
        } finally {
            frozenKeys = null;
        }
    }

    private Forecasts pass(WindowDataset ds) {
        if (readout == PlugAndPlay.Readout.FUTURE) {
            return Forecasts.of(manager, ds, batchSize, (start, batch) -> corrected(batch.get(0), net.predict(ps, batch,
                    false), origins(ds, start, batch.get(0)), batch.get(0).getManager()));
        }
        return Forecasts.of(net, ps, manager, ds, batchSize, (start, x) -> mixed(x, origins(ds, start, x),
                x.getManager()), (d, t) -> { });
    }

    /** The first forecast rows of the windows of {@code ds} from {@code start} on, one per row of the batch {@code x}. */
    private static int[] origins(WindowDataset ds, int start, NDArray x) {
        int[] origins = new int[(int) x.getShape().get(0)];
        for (int i = 0; i < origins.length; i++) {
            origins[i] = ds.targetRow(start + i, 0);
        }
        return origins;
    }

    private double[] validationLosses(WindowDataset val) {
        return forecasts(val).windowLosses(2);
    }

    private static double mean(double[] losses) {
        return java.util.Arrays.stream(losses).average().orElseThrow();
    }

    /** The tuned setting in words: the readout, beta, alpha and lambda per series. */
    public java.util.Map<String, Object> setting() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("readout", readout.label());
        m.put("beta", Math.exp(b.getFloat()));
        m.put("alpha", 1 + 1 / (1 + Math.exp(-a.getFloat())));
        m.put("lambda", lambdas());
        m.put("width", WIDTH);
        m.put("top_k", Retriever.TOP_K);
        return m;
    }

    /** The backbone's parameters taken off the gradient tape (restored after tuning): no gradient, no change. */
    private List<Pair<NDArray, Boolean>> freezeBackbone() {
        List<Pair<NDArray, Boolean>> was = new ArrayList<>();
        for (Pair<String, ai.djl.nn.Parameter> p : net.getParameters()) {
            NDArray v = p.getValue().getArray();
            was.add(new Pair<>(v, v.hasGradient()));
            v.setRequiresGradient(false);
        }
        return was;
    }

    private List<float[]> snapshot() {
        return theta.stream().map(NDArray::toFloatArray).toList();
    }

    private void restore(List<float[]> values) {
        for (int i = 0; i < theta.size(); i++) {
            theta.get(i).set(values.get(i));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
