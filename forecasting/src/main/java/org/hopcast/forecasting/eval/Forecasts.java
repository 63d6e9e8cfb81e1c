package org.hopcast.forecasting.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.datasets.Timestamps;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.files.CsvFiles;

/**
 * A model's forecasts over every window of a split, with the truths, on the z-scored scale, row-major
 * (windows x steps x series); and what is derived from them: metrics and the forecast CSV. The baselines
 * ({@link Baselines}) are forecasts of the same shape.
 */
public final class Forecasts {
    private final WindowDataset windows;
    private final float[] predicted;
    private final float[] truth;
    /** Nominal coverages of the prediction intervals around the forecasts (none: points only). */
    private final double[] coverages;
    private final IntervalScores.HalfWidth halfWidth;

    private Forecasts(WindowDataset windows, float[] predicted, float[] truth) {
        this(windows, predicted, truth, new double[0], null);
    }

    private Forecasts(WindowDataset windows, float[] predicted, float[] truth, double[] coverages,
            IntervalScores.HalfWidth halfWidth) {
        this.windows = windows;
        this.predicted = predicted;
        this.truth = truth;
        this.coverages = coverages;
        this.halfWidth = halfWidth;
    }

    /** The same forecasts with prediction intervals at {@code coverages} (ascending), half-widths z-scored. */
    public Forecasts withIntervals(double[] coverages, IntervalScores.HalfWidth halfWidth) {
        return new Forecasts(windows, predicted, truth, coverages.clone(), halfWidth);
    }

    /** The nominal coverages of the intervals these forecasts carry (empty when they carry none). */
    public double[] coverages() {
        return coverages.clone();
    }

    /** The half-width (z-scored) of the interval at coverage index k around window w, step h, series c. */
    public double halfWidth(int k, int w, int h, int c) {
        return halfWidth.at(k, w, h, c);
    }

    /** Progress of a pass: {@code done} of {@code total} windows. */
    @FunctionalInterface
    public interface Progress {
        void at(long done, long total);
    }

    /** Runs {@code net} (inference mode) over every window of {@code split}, in batches. */
    public static Forecasts of(StanHopNet net, ParameterStore ps, NDManager manager, PreparedSeries data, Split split,
            int batchSize) {
        return of(net, ps, manager, data, split, batchSize, (done, total) -> { });
    }

    /** As above, telling {@code progress} after every batch. */
    public static Forecasts of(StanHopNet net, ParameterStore ps, NDManager manager, PreparedSeries data, Split split,
            int batchSize, Progress progress) {
        return of(net, ps, manager, data.windows(split).build(), batchSize, progress);
    }

    /** As above, over the windows of {@code ds}. */
    public static Forecasts of(StanHopNet net, ParameterStore ps, NDManager manager, WindowDataset ds, int batchSize,
            Progress progress) {
        return of(net, ps, manager, ds, batchSize, null, progress);
    }

    /**
     * What the model is given instead of a batch of inputs: {@code x} (B, T, D), windows {@code start} to
     * {@code start + B} of the dataset, mapped to inputs of the same shape (an external memory's mix, spec memory.md).
     */
    @FunctionalInterface
    public interface InputMap {
        NDArray apply(int start, NDArray x);
    }

    /** As above, each batch's inputs mapped by {@code map} before the forward pass (null: as they are). */
    public static Forecasts of(StanHopNet net, ParameterStore ps, NDManager manager, WindowDataset ds, int batchSize,
            InputMap map, Progress progress) {
        Forward forward = map == null ? (start, batch) -> net.predict(ps, batch, false)
                : (start, batch) -> net.predict(ps, StanHopNet.withInput(batch, map.apply(start, batch.get(0))), false);
        return of(forward, manager, ds, batchSize, progress);
    }

    /**
     * The forecasts a whole forward pass {@code forward} makes of each batch's inputs: {@code (start, x)} with x (B, T,
     * D) to forecasts (B, tau, D) (a model with something after it, such as an external memory's future readout).
     */
    public static Forecasts of(NDManager manager, WindowDataset ds, int batchSize, Forward forward) {
        return of(forward, manager, ds, batchSize, (done, total) -> { });
    }

    /**
     * A whole forward pass over one batch as the windows give it (inputs, truths and, with covariates, theirs) from
     * window {@code start}, to forecasts (B, tau, K).
     */
    @FunctionalInterface
    public interface Forward {
        NDArray apply(int start, NDList batch);
    }

    private static Forecasts of(Forward forward, NDManager manager, WindowDataset ds, int batchSize,
            Progress progress) {
        int n = (int) ds.size();
        int perWindow = ds.window().outLen() * ds.columns();
        float[] pred = new float[n * perWindow];
        float[] truth = new float[n * perWindow];
        forEachBatch(forward, manager, ds, n, batchSize, (start, len, batchPred, batchTruth) -> {
            System.arraycopy(batchPred, 0, pred, start * perWindow, len * perWindow);
            System.arraycopy(batchTruth, 0, truth, start * perWindow, len * perWindow);
            progress.at(start + len, n);
        });
        return new Forecasts(ds, pred, truth);
    }

    /** One batch's forecasts and truths (len windows x steps x series, row-major), from window {@code start}. */
    @FunctionalInterface
    public interface BatchSink {
        void accept(int start, int len, float[] predicted, float[] truth);
    }

    /**
     * Runs {@code net} (inference mode) over the first {@code windows} windows of {@code ds} in batches of
     * {@code batchSize}, each batch's arrays freed before the next: the one forecasting loop, behind
     * {@link #of} and {@code bench infer}.
     */
    public static void forEachBatch(StanHopNet net, ParameterStore ps, NDManager manager, WindowDataset ds,
            int windows, int batchSize, BatchSink sink) {
        forEachBatch((start, batch) -> net.predict(ps, batch, false), manager, ds, windows, batchSize, sink);
    }

    /** As above with any forward pass from a batch of windows start.. to forecasts (B, tau, K). */
    private static void forEachBatch(Forward forward, NDManager manager, WindowDataset ds, int windows, int batchSize,
            BatchSink sink) {
        for (int start = 0; start < windows; start += batchSize) {
            int len = Math.min(batchSize, windows - start);
            try (NDManager step = manager.newSubManager()) {
                NDList xy = ds.batch(step, start, start + len);
                NDArray y = forward.apply(start, xy);
                sink.accept(start, len, y.toFloatArray(), xy.get(1).toFloatArray());
            }
        }
    }

    /**
     * The forecasts of a model's linear path alone ({@link StanHopNet#predictLinearPart}) over every window of
     * {@code ds}: what the model says without its Hopfield layers' correction.
     */
    public static Forecasts linearPart(StanHopNet net, ParameterStore ps, NDManager manager, WindowDataset ds,
            int batchSize) {
        int n = (int) ds.size();
        int perWindow = ds.window().outLen() * ds.columns();
        float[] pred = new float[n * perWindow];
        forEachBatch((start, batch) -> net.predictLinearPart(ps, batch), manager, ds, n, batchSize,
                (start, len, batchPred, batchTruth) -> System.arraycopy(batchPred, 0, pred, start * perWindow,
                        len * perWindow));
        return of(ds, pred);
    }

    /** Given predictions (windows x steps x series, z-scored) for every window of {@code ds}. */
    public static Forecasts of(WindowDataset ds, float[] predicted) {
        int out = ds.window().outLen();
        int series = ds.columns();
        if (predicted.length != ds.size() * out * series) {
            throw new IllegalArgumentException("predictions do not cover the windows");
        }
        float[] truth = new float[predicted.length];
        for (int i = 0; i < ds.size(); i++) {
            System.arraycopy(ds.target(i), 0, truth, i * out * series, out * series);
        }
        return new Forecasts(ds, predicted, truth);
    }

    /**
     * The reference's validation loss on these forecasts: the unweighted mean of per-batch MSEs over consecutive
     * batches of {@code batchSize} windows (the last batch may be smaller), taking every {@code stride}-th window
     * (1: all), as a training validates.
     */
    public double batchMeanMse(int batchSize, int stride) {
        int per = windows.window().outLen() * windows.columns();
        int n = (int) windows.size();
        double sum = 0;
        int batches = 0;
        int inBatch = 0;
        double se = 0;
        for (int w = 0; w < n; w += stride) {
            for (int i = w * per; i < (w + 1) * per; i++) {
                double d = (double) predicted[i] - truth[i];
                se += d * d;
            }
            if (++inBatch == batchSize) {
                sum += se / (inBatch * (double) per);
                batches++;
                inBatch = 0;
                se = 0;
            }
        }
        if (inBatch > 0) {
            sum += se / (inBatch * (double) per);
            batches++;
        }
        return sum / batches;
    }

    /** The metrics of these forecasts on {@code data}'s series, MASE scaled by its training split. */
    public Metrics metrics(PreparedSeries data, StandardScaler scaler) {
        return metrics(data.table().columns(), scaler, MaseScale.of(data));
    }

    public Metrics metrics(List<String> names, StandardScaler scaler, MaseScale scale) {
        return Metrics.of(predicted, truth, windows.columns(), names, scaler, scale).withWindows(windows.size());
    }

    /**
     * Some of these forecasts, with their truths and intervals, over {@code windows}: windows of the same rows
     * starting {@code offset} windows in, at stride {@code windows.stride()} (a backtest's origins).
     */
    public Forecasts slice(WindowDataset windows, int offset) {
        int per = this.windows.window().outLen() * this.windows.columns();
        int step = windows.stride();
        int n = (int) windows.size();
        if (windows.firstRow(0) != this.windows.firstRow(offset) || offset + (long) (n - 1) * step >= this.windows.size()
                || this.windows.stride() != 1) {
            throw new IllegalArgumentException("the windows are not a slice of these forecasts' windows");
        }
        float[] p = new float[n * per];
        float[] t = new float[n * per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(predicted, (offset + i * step) * per, p, i * per, per);
            System.arraycopy(truth, (offset + i * step) * per, t, i * per, per);
        }
        IntervalScores.HalfWidth hw = halfWidth == null ? null
                : (k, w, h, c) -> halfWidth.at(k, offset + w * step, h, c);
        return new Forecasts(windows, p, t, coverages, hw);
    }

    /**
     * Each window's mean loss over its steps and series, {@code |error|^power} on the z-scored scale (2: the window's
     * MSE, 1: its MAE): the paired losses a Diebold-Mariano test compares.
     */
    public double[] windowLosses(int power) {
        int per = windows.window().outLen() * windows.columns();
        double[] out = new double[(int) windows.size()];
        for (int w = 0; w < out.length; w++) {
            double sum = 0;
            for (int i = w * per; i < (w + 1) * per; i++) {
                double d = Math.abs((double) predicted[i] - truth[i]);
                sum += power == 2 ? d * d : Math.pow(d, power);
            }
            out[w] = sum / per;
        }
        return out;
    }

    /** The mean squared difference between these predictions and {@code other}'s (same windows). */
    public double meanSquaredDifference(Forecasts other) {
        if (other.predicted.length != predicted.length) {
            throw new IllegalArgumentException("forecasts over different windows");
        }
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = (double) predicted[i] - other.predicted[i];
            sum += d * d;
        }
        return sum / predicted.length;
    }

    public WindowDataset windows() {
        return windows;
    }

    /** Every prediction, z-scored, row-major (windows x steps x series): a copy. */
    public float[] predictedValues() {
        return predicted.clone();
    }

    /** Every truth, z-scored, in the same order: a copy. */
    float[] truthValues() {
        return truth.clone();
    }

    /** Predicted value (z-scored) of window w, step h, series c. */
    public float predicted(int w, int h, int c) {
        return predicted[(w * windows.window().outLen() + h) * windows.columns() + c];
    }

    public float truth(int w, int h, int c) {
        return truth[(w * windows.window().outLen() + h) * windows.columns() + c];
    }

    /**
     * Writes {@code timestamp,series,window,step,truth,prediction} in original units, the truth exactly as read
     * (step 1 is the first forecast step; the timestamp is the forecast target's), then {@code lower_P,upper_P} for
     * every coverage P (in percent) of the intervals the forecasts carry.
     */
    public void writeCsv(Path file, SeriesTable table, StandardScaler scaler) throws IOException {
        int out = windows.window().outLen();
        int series = windows.columns();
        List<String> names = table.columns();
        CsvFiles.write(file, csv -> {
            csv.print("timestamp");
            csv.print("series");
            csv.print("window");
            csv.print("step");
            csv.print("truth");
            csv.print("prediction");
            for (double cov : coverages) {
                String p = PredictionIntervals.percent(cov);
                csv.print("lower_" + p);
                csv.print("upper_" + p);
            }
            csv.println();
            for (int i = 0; i < windows.size(); i++) {
                for (int h = 0; h < out; h++) {
                    int row = windows.targetRow(i, h);
                    String time = table.hasTimestamps() ? Timestamps.format(table.timestamp(row)) : Integer.toString(row);
                    for (int c = 0; c < series; c++) {
                        csv.print(time);
                        csv.print(names.get(c));
                        csv.print(i);
                        csv.print(h + 1);
                        // the truth as the file has it (a round trip through float z-scores turns 0.0 into 3.8e-07);
                        // the prediction at float precision, which is all it has
                        csv.print(table.value(row, c));
                        csv.print((float) scaler.inverse(predicted(i, h, c), c));
                        for (int k = 0; k < coverages.length; k++) {
                            double hw = halfWidth(k, i, h, c);
                            csv.print((float) scaler.inverse(predicted(i, h, c) - hw, c));
                            csv.print((float) scaler.inverse(predicted(i, h, c) + hw, c));
                        }
                        csv.println();
                    }
                }
            }
        });
    }
}
