package org.hopcast.forecasting.eval;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.hopcast.datasets.Frequency;
import org.hopcast.datasets.IoErrors;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.datasets.Timestamps;
import org.hopcast.forecasting.run.AtomicFiles;
import org.hopcast.forecasting.run.RunException;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.TrainedModel;

/** A forecast beyond the end of a file. */
public record FutureForecast(List<String> series, List<String> timestamps, float[][] values, String source,
        long stepMillis) {

    /** The next out_len steps after the last row of {@code table}, in original units (the GUI's future view too). */
    public static FutureForecast of(TrainedModel model, SeriesTable table, String source) {
        RunSpec spec = model.spec();
        List<String> trained = model.run().dataInfo().series();
        if (!table.columns().equals(trained)) {
            throw new RunException(source + " has series " + table.columns() + " but the model was trained on "
                    + trained + ". Choose the same columns.");
        }
        int in = spec.model().inLen();
        int outLen = spec.model().outLen();
        if (table.rows() < in) {
            throw new RunException(source + " has " + table.rows() + " rows; the model needs the last " + in
                    + " (in_len) to forecast");
        }
        StandardScaler scaler = model.scaler();
        int series = table.columnCount();
        float[] x = new float[in * series];
        for (int r = 0; r < in; r++) {
            for (int c = 0; c < series; c++) {
                x[r * series + c] = (float) scaler.transform(table.value(table.rows() - in + r, c), c);
            }
        }
        float[] y;
        try (NDManager step = model.manager().newSubManager()) {
            NDArray xs = step.create(x, new Shape(1, in, series));
            y = model.net().predict(model.parameterStore(), xs, false).toFloatArray();
        }
        float[][] values = new float[outLen][series];
        for (int h = 0; h < outLen; h++) {
            for (int c = 0; c < series; c++) {
                values[h][c] = (float) scaler.inverse(y[h * series + c], c);
            }
        }
        List<String> times = new ArrayList<>();
        Frequency freq = table.hasTimestamps() ? Frequency.infer(table.timestamps()) : null;
        for (int h = 1; h <= outLen; h++) {
            times.add(freq == null ? "+" + h
                    : Timestamps.format(table.timestamp(table.rows() - 1) + h * freq.stepMillis()));
        }
        return new FutureForecast(table.columns(), times, values, source, freq == null ? 0 : freq.stepMillis());
    }

    /** As {@code forecast --json} prints it. */
    public java.util.Map<String, Object> toJson() {
        java.util.Map<String, Object> j = new java.util.LinkedHashMap<>();
        j.put("source", source);
        j.put("series", series);
        j.put("timestamps", timestamps);
        j.put("values", values);
        return j;
    }

    /** Writes a future forecast as CSV: timestamp, step, then one column per series (original units). */
    public void write(Path out) {
        try {
            AtomicFiles.write(out, raw -> {
                BufferedWriter w = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8));
                w.write("timestamp,step," + String.join(",", series.stream().map(Forecasts::csv).toList()) + "\n");
                for (int h = 0; h < values.length; h++) {
                    StringBuilder sb = new StringBuilder(timestamps.get(h)).append(',').append(h + 1);
                    for (float v : values[h]) {
                        sb.append(',').append(v);
                    }
                    w.write(sb.append('\n').toString());
                }
                w.flush();
            });
        } catch (IOException e) {
            throw new RunException("cannot write " + out + ": " + IoErrors.reason(e), e);
        }
    }
}
