package org.hopcast.hopfield;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * Accumulates outlier statistics of activations per block path, exactly as outeffhop.md 4.1 defines them,
 * without keeping any tensor: each call reduces the activation on its device and adds a few numbers here.
 *
 * <p>An activation is viewed as rows: reshaped to (leading dimension, everything else). Per row it takes the
 * infinity norm {@code max_k |x_rk|} and the Pearson kurtosis {@code m4 / (s^4 + 1e-6)} with m4 the mean
 * fourth central moment (divide by n) and s the unbiased standard deviation (divide by n - 1), as the
 * reference code computes it (a Gaussian gives about 3). Each row weighs 1 in the per-path mean, pooled over
 * all calls. Across paths: max inf-norm is the max of the per-path means, average kurtosis their mean.
 * A fixed-bin histogram per path (bins over [-range, range], plus under- and overflow) is counted on the
 * device as well.
 */
public final class ActivationRecorder implements LayerProbe {
    /** The constant the reference adds to s^4 in the kurtosis denominator. */
    public static final double KURTOSIS_EPS = 1e-6;

    private final int bins;
    private final double range;
    private final Map<String, Accumulator> byPath = Collections.synchronizedMap(new LinkedHashMap<>());

    /** A recorder with {@code bins} histogram bins over [-range, range]. */
    public ActivationRecorder(int bins, double range) {
        if (bins < 1 || !(range > 0)) {
            throw new IllegalArgumentException("need at least one bin and a positive range");
        }
        this.bins = bins;
        this.range = range;
    }

    /** 100 bins over [-50, 50]. */
    public ActivationRecorder() {
        this(100, 50);
    }

    @Override
    public void onOutput(String path, NDArray output) {
        record(path, output);
    }

    /** Adds the rows of {@code activation} to {@code path}'s statistics. */
    public void record(String path, NDArray activation) {
        NDArray x = activation.stopGradient();
        if (x.getDataType() != DataType.FLOAT64 && x.getDataType() != DataType.FLOAT32) {
            x = x.toType(DataType.FLOAT32, false);
        }
        long rows = x.getShape().dimension() == 0 ? 1 : x.getShape().get(0);
        long size = x.getShape().size();
        if (rows == 0 || size == 0) {
            return;
        }
        NDArray flat = x.reshape(rows, size / rows);
        long n = size / rows;
        double infSum = flat.abs().max(new int[] {1}).sum().toType(DataType.FLOAT64, false).getDouble();
        double kurtSum;
        if (n > 1) {
            NDArray centred = flat.sub(flat.mean(new int[] {1}, true));
            NDArray sq = centred.mul(centred);
            NDArray variance = sq.sum(new int[] {1}).div(n - 1);
            NDArray m4 = sq.mul(sq).mean(new int[] {1});
            kurtSum = m4.div(variance.mul(variance).add(KURTOSIS_EPS)).sum().toType(DataType.FLOAT64, false)
                    .getDouble();
        } else {
            kurtSum = 0; // a single value per row has no spread
        }
        long[] hist = histogram(flat);
        Accumulator acc = byPath.computeIfAbsent(path, p -> new Accumulator(bins + 2));
        synchronized (acc) {
            acc.rows += rows;
            acc.infNormSum += infSum;
            acc.kurtosisSum += kurtSum;
            for (int i = 0; i < hist.length; i++) {
                acc.histogram[i] += hist[i];
            }
        }
    }

    private long[] histogram(NDArray flat) {
        double width = 2 * range / bins;
        // bin 0 is underflow, bins 1..bins cover [-range, range), bin bins+1 is overflow (and +range itself)
        NDArray index = flat.add(range).div(width).floor().add(1).clip(0, bins + 1).toType(DataType.INT64, false);
        NDList unique = index.reshape(-1).unique(null, true, false, true);
        long[] values = unique.get(0).toLongArray();
        long[] counts = unique.get(unique.size() - 1).toLongArray();
        long[] out = new long[bins + 2];
        for (int i = 0; i < values.length; i++) {
            out[(int) values[i]] += counts[i];
        }
        return out;
    }

    /** The statistics of one path. */
    public LayerStatistics statistics(String path) {
        Accumulator acc = byPath.get(path);
        if (acc == null) {
            throw new IllegalArgumentException("nothing recorded at " + path);
        }
        synchronized (acc) {
            return new LayerStatistics(path, acc.rows, acc.infNormSum / acc.rows, acc.kurtosisSum / acc.rows, -range,
                    range, acc.histogram.clone());
        }
    }

    /** Every recorded path's statistics, in first-recorded order. */
    public List<LayerStatistics> all() {
        List<String> paths;
        synchronized (byPath) {
            paths = new ArrayList<>(byPath.keySet());
        }
        List<LayerStatistics> out = new ArrayList<>();
        for (String p : paths) {
            out.add(statistics(p));
        }
        return out;
    }

    /** The paper's two aggregates over the paths {@code include} accepts. */
    public Summary summarise(Predicate<String> include) {
        return Summary.of(all().stream().filter(s -> include.test(s.path())).toList());
    }

    public void clear() {
        byPath.clear();
    }

    /**
     * avg kurtosis (mean over paths of their mean kurtosis) and max inf-norm (max over paths of their mean
     * inf-norm), naming the path of the maximum.
     */
    public record Summary(int paths, double averageKurtosis, double maxInfNorm, String maxInfNormPath) {
        static Summary of(Collection<LayerStatistics> stats) {
            if (stats.isEmpty()) {
                return new Summary(0, Double.NaN, Double.NaN, null);
            }
            double kurt = 0;
            double max = Double.NEGATIVE_INFINITY;
            String at = null;
            for (LayerStatistics s : stats) {
                kurt += s.meanKurtosis();
                if (s.meanInfNorm() > max) {
                    max = s.meanInfNorm();
                    at = s.path();
                }
            }
            return new Summary(stats.size(), kurt / stats.size(), max, at);
        }
    }

    private static final class Accumulator {
        long rows;
        double infNormSum;
        double kurtosisSum;
        final long[] histogram;

        Accumulator(int size) {
            histogram = new long[size];
        }
    }
}
