package org.hopcast.forecasting.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.hopcast.datasets.WindowDataset;
import org.hopcast.hopfield.ops.Scalars;
import org.hopcast.hopfield.separation.AlphaEntmax;
import org.hopcast.hopfield.trace.OpTrace;

/**
 * The retrieval Ret(R; Y) of spec memory.md §4.2 over a {@link MemoryBank}, with the query R an input window:
 * {@code q = vec(R)/sqrt(n)}, {@code k_m = vec(Y_m)/sqrt(n)}, score {@code s_m = beta (<q, k_m> - c |k_m|^2 / 2)} with
 * c = 1 (a distance: the dot product's pull toward large-norm windows removed), p = alpha-entmax(s) over the k best
 * scores (the top-k prefilter, exact for sparsemax whenever the support is at most k), Ret = sum_m p_m Y_m. The same
 * weights also read the memories' futures (spec §4.4's TnP-B values, {@link #future}): sum_m p_m (F_m - Y_m,last)
 * laid onto the query's last row, an analogue forecast in the memories' own changes.
 *
 * <p>The scores do not depend on beta or alpha except through the factor beta, so the candidates (the k best memories
 * of each query and their scores) are found once per split and every (beta, alpha) of a search only weighs them
 * again. A query may use only the memories whose future is known at its first forecast row (the leak rule); a query
 * with none keeps its own input.
 */
public final class Retriever implements AutoCloseable {
    /** The top-k prefilter's k (spec §4.2). */
    public static final int TOP_K = 64;
    /** The weight of the norm term: 1 = distance (spec's default), 0 = the paper-literal dot product. */
    public static final double C = 1.0;
    /** A score that no memory can have: what a memory not yet known gets. */
    static final float UNKNOWN = -1e30f;

    private final MemoryBank bank;
    private final NDManager manager;
    private final NDArray keys;
    /** The keys transposed (n, M), made once: an op on a long-lived array would leave its result in its manager. */
    private final NDArray keysT;
    /** The futures' changes from their windows' last rows (M, tau D). */
    private final NDArray futures;
    /** c |k_m|^2 / (2n) as a row (1, M). */
    private final NDArray halfNorms;
    private final int n;

    /** A retriever over {@code bank}, its arrays in a sub-manager of {@code parent} freed by {@link #close}. */
    public Retriever(MemoryBank bank, NDManager parent) {
        if (bank.size() == 0) {
            throw new IllegalArgumentException("the " + bank.kind().label() + " memory bank is empty");
        }
        this.bank = bank;
        this.manager = parent.newSubManager();
        this.n = bank.inLen() * bank.series();
        this.keys = manager.create(bank.keys(), new Shape(bank.size(), n));
        this.keysT = keys.transpose().duplicate();
        this.futures = manager.create(bank.futures(), new Shape(bank.size(), (long) bank.outLen() * bank.series()));
        this.halfNorms = Scalars.mul(keys.square().sum(new int[] {1}), C / (2.0 * n)).reshape(1, bank.size());
    }

    public MemoryBank bank() {
        return bank;
    }

    /** The manager of the retriever's own arrays (the tests count what it holds). */
    NDManager manager() {
        return manager;
    }

    /**
     * The candidates of every window of {@code ds} (in its order), found in batches of {@code batchSize}.
     *
     * @param k memories kept per query: the k best scores (at most the bank's size)
     * @param index the memories, queries x k
     * @param score their scores before beta, queries x k ({@link #UNKNOWN} for a memory not known yet)
     * @param known whether the query has any memory at all
     */
    public record Candidates(int k, int[] index, float[] score, boolean[] known) {
        public int queries() {
            return known.length;
        }
    }

    /** The candidates of the windows of {@code ds}. */
    public Candidates candidates(WindowDataset ds, int batchSize) {
        int queries = (int) ds.size();
        int k = Math.min(TOP_K, bank.size());
        int[] index = new int[queries * k];
        float[] score = new float[queries * k];
        boolean[] known = new boolean[queries];
        for (int start = 0; start < queries; start += batchSize) {
            int len = Math.min(batchSize, queries - start);
            try (NDManager step = manager.newSubManager()) {
                NDArray s = scores(ds.batch(step, start, start + len).get(0).reshape(len, n));
                int[] origins = new int[len];
                for (int i = 0; i < len; i++) {
                    origins[i] = ds.targetRow(start + i, 0);
                    known[start + i] = origins[i] >= bank.earliestKnown();
                }
                if (origins[0] < bank.latestKnown() || origins[len - 1] < bank.latestKnown()) {
                    s = withoutUnknown(s, bank, origins, step);
                }
                NDList top = s.topK(k, 1);
                float[] v = top.get(0).toFloatArray();
                long[] ix = top.get(1).toType(DataType.INT64, false).toLongArray();
                System.arraycopy(v, 0, score, start * k, len * k);
                for (int j = 0; j < ix.length; j++) {
                    index[start * k + j] = (int) ix[j];
                }
            }
        }
        return new Candidates(k, index, score, known);
    }

    /** The scores before beta of queries {@code q} (queries x n) against every memory: (queries, M). */
    private NDArray scores(NDArray q) {
        return Scalars.div(OpTrace.matMul(q, keysT), n).sub(halfNorms);
    }

    /** alpha-entmax of {@code scores} (len x k) times beta: the retrieval's weights, in {@code into}. */
    private static NDArray weights(float[] scores, int len, int k, double beta, double alpha, NDManager into) {
        return new AlphaEntmax(alpha).apply(Scalars.mul(into.create(scores, new Shape(len, k)), beta)); // 2: sparsemax
    }

    /**
     * The scores {@code s} (queries x M) with {@link #UNKNOWN} for every window a query may not use yet (known only
     * after its origin): the leak rule, in one place for every retrieval.
     */
    static NDArray withoutUnknown(NDArray s, MemoryBank bank, int[] origins, NDManager step) {
        float[] at = new float[origins.length];
        for (int i = 0; i < origins.length; i++) {
            at[i] = origins[i];
        }
        NDArray usable = step.create(bank.knownFromRows(), new Shape(1, bank.size()))
                .lte(step.create(at, new Shape(origins.length, 1)));
        return NDArrays.where(usable, s, step.full(s.getShape(), UNKNOWN));
    }

    /**
     * Ret for one query window {@code x} (T x D, z-scored, row-major) whose first forecast row is {@code origin} (a
     * row of the bank's data; windows known only later are left out), with as many windows usable; {@code x} itself
     * when none is.
     */
    public float[] retrieve(float[] x, int origin, double beta, double alpha) {
        if (origin < bank.earliestKnown()) {
            return x.clone();
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray query = step.create(x, new Shape(1, bank.inLen(), bank.series()));
            return retrieve(candidates(x, origin, step), 0, 1, beta, alpha, query).toFloatArray();
        }
    }

    /**
     * The future readout for one query window {@code x} forecasting from {@code origin} (tau x D, z-scored), or null
     * when no window of the bank is known by then.
     */
    public float[] future(float[] x, int origin, double beta, double alpha) {
        if (origin < bank.earliestKnown()) {
            return null;
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray query = step.create(x, new Shape(1, bank.inLen(), bank.series()));
            return future(candidates(x, origin, step), 0, 1, beta, alpha, query).toFloatArray();
        }
    }

    /**
     * The memories one query window {@code x} forecasting from {@code origin} retrieves at (beta, alpha): the bank's
     * windows with a positive weight, the largest first (none when no window is known by then).
     */
    public List<Weighted> weights(float[] x, int origin, double beta, double alpha) {
        List<Weighted> out = new ArrayList<>();
        if (origin < bank.earliestKnown()) {
            return out;
        }
        try (NDManager step = manager.newSubManager()) {
            Candidates c = candidates(x, origin, step);
            float[] p = weights(c.score(), 1, c.k(), beta, alpha, step).toFloatArray();
            for (int j = 0; j < c.k(); j++) {
                if (p[j] > 0 && c.score()[j] > UNKNOWN) {
                    out.add(new Weighted(c.index()[j], p[j]));
                }
            }
        }
        out.sort(Comparator.comparingDouble(Weighted::weight).reversed());
        return out;
    }

    /** A bank window and its retrieval weight. */
    public record Weighted(int window, double weight) {
    }

    private Candidates candidates(float[] x, int origin, NDManager step) {
        NDArray s = withoutUnknown(scores(step.create(x, new Shape(1, n))), bank, new int[] {origin}, step);
        int k = Math.min(TOP_K, bank.size());
        NDList top = s.topK(k, 1);
        float[] v = top.get(0).toFloatArray();
        long[] ix = top.get(1).toType(DataType.INT64, false).toLongArray();
        return new Candidates(k, java.util.Arrays.stream(ix).mapToInt(i -> (int) i).toArray(), v,
                new boolean[] {origin >= bank.earliestKnown()});
    }

    /**
     * Ret for queries {@code from} to {@code from + len} of {@code c}: (len, T, D) in {@code into}'s manager, a query
     * without any known memory given {@code x} (its own input) instead.
     */
    public NDArray retrieve(Candidates c, int from, int len, double beta, double alpha, NDArray x) {
        NDArray ret = readout(keys, n, c, from, len, beta, alpha, x.getManager()).reshape(x.getShape());
        NDArray use = knownMask(c, from, len, x.getManager());
        return use == null ? ret : ret.mul(use).add(x.mul(Scalars.rsub(use, 1)));
    }

    /**
     * The future readout for queries {@code from} to {@code from + len} of {@code c} (their inputs {@code x}): (len,
     * tau, D), each sum_m p_m (F_m - Y_m,last) + x_last, in {@code x}'s manager; NaN for a query without any known
     * memory (the caller keeps its forecast as it is).
     */
    public NDArray future(Candidates c, int from, int len, double beta, double alpha, NDArray x) {
        NDManager into = x.getManager();
        int d = bank.series();
        NDArray delta = readout(futures, bank.outLen() * d, c, from, len, beta, alpha, into)
                .reshape(len, bank.outLen(), d);
        NDArray out = delta.add(x.get(":, -1, :").reshape(len, 1, d));
        NDArray use = knownMask(c, from, len, into);
        return use == null ? out : NDArrays.where(use.gt(0), out, into.full(out.getShape(), Float.NaN));
    }

    /** sum_m p_m V_m over the k candidates of each query, V a row of {@code values} (M, width): (len, width). */
    private NDArray readout(NDArray values, int width, Candidates c, int from, int len, double beta, double alpha,
            NDManager into) {
        int k = c.k();
        float[] scores = new float[len * k];
        long[] ix = new long[len * k];
        for (int j = 0; j < len * k; j++) {
            scores[j] = c.score()[from * k + j];
            ix[j] = c.index()[from * k + j];
        }
        NDArray p = weights(scores, len, k, beta, alpha, into);
        NDArray chosen = values.get(into.create(ix));
        chosen.attach(into); // the gather's result belongs to the values' manager, which lives as long as the retriever
        return p.expandDims(2).mul(chosen.reshape(len, k, width)).sum(new int[] {1});
    }

    /** 1 for a query with a known memory, 0 without, as (len, 1, 1); null when every query has one. */
    private static NDArray knownMask(Candidates c, int from, int len, NDManager into) {
        boolean all = true;
        float[] mask = new float[len];
        for (int i = 0; i < len; i++) {
            mask[i] = c.known()[from + i] ? 1 : 0;
            all &= c.known()[from + i];
        }
        return all ? null : into.create(mask, new Shape(len, 1, 1));
    }

    @Override
    public void close() {
        manager.close();
    }
}
