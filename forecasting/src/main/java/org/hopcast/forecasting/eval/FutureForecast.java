package org.hopcast.forecasting.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.hopcast.datasets.Calendar;
import org.hopcast.datasets.CalendarFeatures;
import org.hopcast.datasets.Covariates;
import org.hopcast.datasets.IoErrors;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.datasets.Timestamps;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.run.files.CsvFiles;
import org.hopcast.forecasting.run.files.RunException;

/**
 * A forecast beyond the end of a file, in original units, with the prediction intervals of the run's calibration
 * when it has one ({@code bands} null otherwise).
 */
public record FutureForecast(List<String> series, List<String> timestamps, float[][] values, String source,
        long stepMillis, double[] inputScale, Bands bands) {

    /**
     * Intervals around a future forecast.
     *
     * @param coverages nominal coverages, ascending
     * @param lower [coverage][step][series]
     * @param upper [coverage][step][series]
     * @param method the conformal method they come from
     * @param validatedBy the run whose validation and test splits calibrated them
     */
    public record Bands(List<Double> coverages, float[][][] lower, float[][][] upper, String method,
            String validatedBy) {
    }

    /**
     * The forecast moved toward {@code future} (tau x D, z-scored by {@code scaler}, row-major) by {@code lambda} (one
     * per series): each value {@code v + lambda_c (future - v)} in original units (the scaling is affine, so the same
     * move as on the z-scored scale). Points only: bands are put around the result afterwards.
     */
    public FutureForecast towards(float[] future, double[] lambda, StandardScaler scaler) {
        int d = series.size();
        if (future.length != values.length * d) {
            throw new IllegalArgumentException("a future of " + future.length + " values for " + values.length
                    + " steps of " + d + " series");
        }
        float[][] moved = new float[values.length][d];
        for (int h = 0; h < values.length; h++) {
            for (int c = 0; c < d; c++) {
                double target = scaler.inverse(future[h * d + c], c);
                moved[h][c] = (float) (values[h][c] + lambda[c] * (target - values[h][c]));
            }
        }
        return new FutureForecast(series, timestamps, moved, source, stepMillis, inputScale, null);
    }

    /** The same forecast with the bands of {@code intervals} around it. */
    public FutureForecast withIntervals(PredictionIntervals intervals) {
        intervals.checkFits("intervals.json", series, values.length);
        double[][][] hw = intervals.futureHalfWidths(inputScale);
        int k = hw.length;
        float[][][] lo = new float[k][values.length][series.size()];
        float[][][] hi = new float[k][values.length][series.size()];
        for (int i = 0; i < k; i++) {
            for (int h = 0; h < values.length; h++) {
                for (int c = 0; c < series.size(); c++) {
                    lo[i][h][c] = (float) (values[h][c] - hw[i][h][c]);
                    hi[i][h][c] = (float) (values[h][c] + hw[i][h][c]);
                }
            }
        }
        return new FutureForecast(series, timestamps, values, source, stepMillis, inputScale,
                new Bands(intervals.coverages(), lo, hi, intervals.method(), intervals.validatedBy()));
    }

    /**
     * What one forecast needs besides the forward pass: the input window (z-scored, row-major (in_len, series)) of
     * {@code table}'s last rows, checked against the model, and the future timestamps.
     *
     * @param series the series
     * @param x the scaled input window
     * @param timestamps the forecast steps' timestamps ("+h" without a time column)
     * @param stepMillis the file's step (0 without a time column)
     * @param inputScale the input window's volatility per series, original units
     * @param source the input's name
     * @param observed the covariates over the input rows, scaled (null without covariates)
     * @param ahead the known-ahead covariates over the forecast period, scaled (null without)
     * @param scaler the statistics of the window's series (null: the model's own)
     */
    public record Window(List<String> series, float[] x, List<String> timestamps, long stepMillis, double[] inputScale,
            String source, float[] observed, float[] ahead, StandardScaler scaler) {
        /** A window without covariates, in the model's own units. */
        public Window(List<String> series, float[] x, List<String> timestamps, long stepMillis, double[] inputScale,
                String source) {
            this(series, x, timestamps, stepMillis, inputScale, source, null, null, null);
        }

        /** The same window with another input (an external memory's mix). */
        public Window withInput(float[] mixed) {
            return new Window(series, mixed, timestamps, stepMillis, inputScale, source, observed, ahead, scaler);
        }
    }

    /** The next out_len steps after the last row of {@code table}, in original units (the GUI's future view too). */
    public static FutureForecast of(TrainedModel model, SeriesTable table, String source) {
        return of(model, List.of(window(model, table, source))).get(0);
    }

    /** The input of a forecast after the last row of {@code table}, refused with the reason when it does not fit. */
    public static Window window(TrainedModel model, SeriesTable table, String source) {
        return window(model, table, source, null);
    }

    /**
     * The input of a forecast after the last row of {@code read} (the file as read: targets and covariates), with the
     * known-ahead covariates of the forecast period from {@code future} (a table of the future covariates over at
     * least those timestamps; null when the model takes none or only calendar features), refused with the reason
     * when it does not fit.
     */
    public static Window window(TrainedModel model, SeriesTable read, String source, SeriesTable future) {
        return window(model, read, source, future, model.scaler(), model.covariateScaler());
    }

    /**
     * As above with the statistics {@code scaler} and {@code covariateScaler} (one series' of a model over many, each
     * scaled on its own).
     */
    public static Window window(TrainedModel model, SeriesTable read, String source, SeriesTable future,
            StandardScaler scaler, StandardScaler covariateScaler) {
        RunSpec spec = model.spec();
        RunDirectory.DataInfo info = model.run().dataInfo();
        List<String> trained = info.series();
        List<String> needed = new ArrayList<>(trained);
        if (info.pastCovariates() != null) {
            needed.addAll(info.pastCovariates());
        }
        if (info.futureCovariates() != null) {
            needed.addAll(info.futureCovariates());
        }
        if (info.covariateColumns() == 0 && !read.columns().equals(trained)) {
            throw new RunException(source + " has series " + read.columns() + " but the model was trained on "
                    + trained + ". Choose the same columns.");
        }
        List<String> missing = needed.stream().filter(c -> !read.columns().contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new RunException(source + " has no column " + String.join(", ", missing) + ": the model was trained on "
                    + trained + " with the covariates " + needed.subList(trained.size(), needed.size())
                    + ". Choose the same columns.");
        }
        SeriesTable table = read.select(trained);
        int in = spec.model().inLen();
        int outLen = spec.model().outLen();
        if (table.rows() < in) {
            throw new RunException(source + " has " + table.rows() + " rows; the model needs the last " + in
                    + " (in_len) to forecast");
        }
        int series = table.columnCount();
        float[] x = new float[in * series];
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < series; c++) {
                x[r * series + c] = (float) scaler.transform(table.value(table.rows() - in + r, c), c);
            }
        }
        List<String> times = new ArrayList<>();
        // the file's calendar continued: month ends stay month ends, business days skip weekends
        Calendar calendar = Calendar.of(table);
        for (int h = 1; h <= outLen; h++) {
            times.add(calendar == null ? "+" + h : Timestamps.format(calendar.after(table.timestamp(table.rows() - 1), h)));
        }
        float[] observed = null;
        float[] ahead = null;
        if (info.covariateColumns() > 0) {
            Covariates cov = Covariates.of(read, info.roles(), CalendarFeatures.parse(info.calendarFeatures()),
                    covariateScaler);
            observed = cov.scaledRows(read.rows() - in, read.rows());
            long[] stamps = new long[outLen];
            for (int h = 0; h < outLen; h++) {
                stamps[h] = calendar == null ? 0 : calendar.after(table.timestamp(table.rows() - 1), h + 1);
            }
            ahead = cov.scaleKnown(futureValues(cov.futureCovariates(), future, stamps, calendar != null, source),
                    stamps);
        }
        return new Window(table.columns(), x, times, calendar == null ? 0 : calendar.stepMillis(),
                inputScale(x, series, scaler), source, observed, ahead, scaler);
    }

    /**
     * The future covariates' values (steps x columns, row-major) at the forecast's timestamps {@code stamps}, from
     * {@code future}: by timestamp when the files have them, else its first rows in order. Refused, naming the column
     * and the first timestamp, when a value is missing.
     */
    private static double[] futureValues(List<String> columns, SeriesTable future, long[] stamps, boolean timed,
            String source) {
        int f = columns.size();
        double[] out = new double[stamps.length * f];
        if (f == 0) {
            return out;
        }
        String first = timed ? Timestamps.format(stamps[0]) : "step 1";
        if (future == null) {
            throw new RunException("the model takes the future covariates " + columns + ", known ahead: a forecast after"
                    + " the end of " + source + " needs their values for its " + stamps.length + " steps from " + first
                    + ": give a file of them (a future file)");
        }
        for (String c : columns) {
            if (!future.columns().contains(c)) {
                throw new RunException(future.source().name() + " has no column " + c + ": the forecast needs it from "
                        + first + " on");
            }
        }
        SeriesTable known = future.select(columns);
        java.util.Map<Long, Integer> rowAt = new java.util.HashMap<>();
        for (int r = 0; timed && known.hasTimestamps() && r < known.rows(); r++) {
            rowAt.put(known.timestamp(r), r);
        }
        for (int h = 0; h < stamps.length; h++) {
            Integer row = timed && known.hasTimestamps() ? rowAt.get(stamps[h]) : (h < known.rows() ? h : null);
            if (row == null) {
                throw new RunException(future.source().name() + " has no value of " + columns.get(0) + " at "
                        + (timed ? Timestamps.format(stamps[h]) : "step " + (h + 1)) + " (step " + (h + 1) + " of "
                        + stamps.length + "): the forecast needs the future covariates " + columns + " at every step"
                        + " from " + first);
            }
            for (int j = 0; j < f; j++) {
                out[h * f + j] = known.value(row, j);
            }
        }
        return out;
    }

    /**
     * The forecasts of several windows by one forward pass of {@code model} (a batch of them): each the numbers a pass
     * over it alone gives (measured bit for bit on this project's CPUs; docs/performance.md).
     */
    public static List<FutureForecast> of(TrainedModel model, List<Window> windows) {
        int in = model.spec().model().inLen();
        int outLen = model.spec().model().outLen();
        int series = windows.get(0).series().size();
        float[] x = new float[windows.size() * in * series];
        for (int i = 0; i < windows.size(); i++) {
            System.arraycopy(windows.get(i).x(), 0, x, i * in * series, in * series);
        }
        float[] y;
        try (NDManager step = model.manager().newSubManager()) {
            NDArray xs = step.create(x, new Shape(windows.size(), in, series));
            StanHopNet net = model.net();
            if (net.covariates() == 0) {
                y = net.predict(model.parameterStore(), xs, false).toFloatArray();
            } else {
                int c = net.covariates();
                int k = net.knownCovariates();
                float[] obs = new float[windows.size() * in * c];
                float[] ahead = new float[windows.size() * outLen * k];
                for (int i = 0; i < windows.size(); i++) {
                    System.arraycopy(windows.get(i).observed(), 0, obs, i * in * c, in * c);
                    System.arraycopy(windows.get(i).ahead(), 0, ahead, i * outLen * k, outLen * k);
                }
                y = net.predict(model.parameterStore(), xs, step.create(obs, new Shape(windows.size(), in, c)),
                        step.create(ahead, new Shape(windows.size(), outLen, k)), false).toFloatArray();
            }
        }
        List<FutureForecast> out = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            // its own series' statistics (a model over many series), else the model's
            StandardScaler scaler = w.scaler() != null ? w.scaler() : model.scaler();
            float[][] values = new float[outLen][series];
            for (int h = 0; h < outLen; h++) {
                for (int c = 0; c < series; c++) {
                    values[h][c] = (float) scaler.inverse(y[(i * outLen + h) * series + c], c);
                }
            }
            out.add(new FutureForecast(w.series(), w.timestamps(), values, w.source(), w.stepMillis(), w.inputScale(),
                    null));
        }
        return out;
    }

    /** The input window's volatility per series in original units (what the scaled interval methods multiply). */
    private static double[] inputScale(float[] x, int series, StandardScaler scaler) {
        float[] z = new float[series];
        Conformal.volatility(x, series, z, 0);
        double[] out = new double[series];
        for (int c = 0; c < series; c++) {
            out[c] = z[c] * scaler.std(c);
        }
        return out;
    }

    /** As {@code forecast --json} prints it. */
    public java.util.Map<String, Object> toJson() {
        java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
        j.put("source", source);
        j.put("series", series);
        j.put("timestamps", timestamps);
        j.put("values", values);
        if (bands != null) {
            java.util.Map<String, Object> b = new java.util.LinkedHashMap<>();
            b.put("coverages", bands.coverages());
            b.put("method", bands.method());
            b.put("validated_by", bands.validatedBy());
            b.put("lower", bands.lower());
            b.put("upper", bands.upper());
            j.put("intervals", b);
        }
        return j;
    }

    /**
     * Writes a future forecast as CSV: timestamp, step, then one column per series (original units), then per
     * series and coverage P its {@code SERIES_lower_P} and {@code SERIES_upper_P} when the forecast has bands.
     */
    public void write(Path out) {
        try {
            CsvFiles.write(out, csv -> {
                csv.print("timestamp");
                csv.print("step");
                for (String s : series) {
                    csv.print(s);
                }
                int k = bands == null ? 0 : bands.coverages().size();
                for (String s : series) {
                    for (int i = 0; i < k; i++) {
                        String p = PredictionIntervals.percent(bands.coverages().get(i));
                        csv.print(s + "_lower_" + p);
                        csv.print(s + "_upper_" + p);
                    }
                }
                csv.println();
                for (int h = 0; h < values.length; h++) {
                    csv.print(timestamps.get(h));
                    csv.print(h + 1);
                    for (float v : values[h]) {
                        csv.print(v);
                    }
                    for (int c = 0; c < series.size(); c++) {
                        for (int i = 0; i < k; i++) {
                            csv.print(bands.lower()[i][h][c]);
                            csv.print(bands.upper()[i][h][c]);
                        }
                    }
                    csv.println();
                }
            });
        } catch (IOException e) {
            throw new RunException("cannot write " + out + ": " + IoErrors.reason(e), e);
        }
    }
}
