package org.hopcast.forecasting.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.hopcast.datasets.IoErrors;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.charts.ChartFiles;
import org.hopcast.forecasting.charts.LayerCharts;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.run.files.CsvFiles;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.hopfield.Hopfield;
import org.hopcast.hopfield.HopfieldPooling;
import org.hopcast.hopfield.probe.ActivationRecorder;
import org.hopcast.hopfield.probe.LayerPath;
import org.hopcast.hopfield.probe.LayerProbe;
import org.hopcast.hopfield.probe.LayerStatistics;
import org.jfree.chart.JFreeChart;

/**
 * One Hopfield layer looked at on one test window: its retrieval weights for one head and one row of its
 * batch (a series for time and cross associations, a segment for series associations and pooling), its
 * learned alpha, and its output statistics on that window. The GUI's inspector and {@code hopcast inspect}
 * both use this.
 *
 * @param path the layer's stable path
 * @param head the head shown
 * @param window the test window
 * @param row the leading-dimension slice shown
 * @param rows how many slices the layer's batch has for one window
 * @param weights retrieval weights [query][stored pattern]
 * @param alpha the learned alpha (NaN when the layer has none)
 * @param statistics the layer's output statistics on this window (with its histogram)
 * @param rowLabel what the shown row is (a series, or a segment's start time)
 * @param queryLabels one label per query (series names, segment start times or pooling memories)
 * @param storedLabels one label per stored pattern
 * @param memory for a HopfieldPooling, its learned memory patterns [pattern][d_model]; otherwise null
 */
public record LayerInspection(String path, int head, int window, int row, int rows, float[][] weights, double alpha,
        LayerStatistics statistics, String rowLabel, List<String> queryLabels, List<String> storedLabels,
        float[][] memory) {
    /** Histogram bins, over [-max|x|, max|x|] of the window's output (so every value falls inside). */
    public static final int HISTOGRAM_BINS = 60;

    /** The heads of a layer, for choosers; throws naming the known layers when {@code path} is not one. */
    public static int heads(TrainedModel model, String path) {
        return layer(model, path).heads();
    }

    private static Hopfield layer(TrainedModel model, String path) {
        Map<LayerPath, Hopfield> layers = model.net().hopfieldLayers();
        Hopfield layer = layers.get(LayerPath.parse(path));
        if (layer == null) {
            throw new RunException("no Hopfield layer '" + path + "'; layers: " + String.join(", ",
                    layers.keySet().stream().map(LayerPath::toString).toList()));
        }
        return layer;
    }

    /** The Hopfield layers (and poolings) a model has, by path. */
    public static List<String> layers(TrainedModel model) {
        return model.net().hopfieldLayers().keySet().stream().map(LayerPath::toString).toList();
    }

    public static LayerInspection of(TrainedModel model, PreparedSeries data, String path, int head, int window,
            int row) {
        Hopfield layer = layer(model, path);
        if (head < 0 || head >= layer.heads()) {
            throw new RunException("head " + head + " is out of range: " + path + " has " + layer.heads() + " heads (0.."
                    + (layer.heads() - 1) + ")");
        }
        WindowDataset test = data.windows(Split.TEST).build();
        if (window < 0 || window >= test.size()) {
            throw new RunException("test window " + window + " is out of range: the test split has " + test.size()
                    + " windows (0.." + (test.size() - 1) + ")");
        }
        float[][][] captured = new float[1][][];
        int[] batchRows = new int[1];
        NDArray[] kept = new NDArray[1];
        NDManager[] step = new NDManager[1];
        LayerProbe probe = new LayerProbe() {
            @Override
            public void onAssociation(String p, NDArray weights) {
                if (p.equals(path) && captured[0] == null) {
                    Shape s = weights.getShape(); // (rows, H, L, S)
                    batchRows[0] = (int) s.get(0);
                    if (row < 0 || row >= s.get(0)) {
                        return;
                    }
                    NDArray m = weights.get(row).get(head).toType(DataType.FLOAT32, false);
                    int l = (int) s.get(2);
                    int k = (int) s.get(3);
                    float[] flat = m.toFloatArray();
                    float[][] w = new float[l][k];
                    for (int i = 0; i < l; i++) {
                        System.arraycopy(flat, i * k, w[i], 0, k);
                    }
                    captured[0] = w;
                }
            }

            @Override
            public void onOutput(String p, NDArray output) {
                if (p.equals(path) && kept[0] == null) {
                    // kept past the block's scope, so the histogram can fit the range to this window's values
                    NDArray copy = output.stopGradient().toType(DataType.FLOAT32, true);
                    copy.attach(step[0]);
                    kept[0] = copy;
                }
            }
        };
        model.net().probe(probe);
        LayerStatistics statistics;
        try (NDManager sub = model.manager().newSubManager()) {
            step[0] = sub;
            NDList xy = test.batch(sub, new long[] {window});
            model.net().predict(model.parameterStore(), xy, false);
            if (kept[0] == null) {
                throw new RunException(path + " reported no output on window " + window);
            }
            double max = kept[0].abs().max().getFloat();
            ActivationRecorder recorder = new ActivationRecorder(HISTOGRAM_BINS, max > 0 ? max * 1.0001 : 1);
            recorder.record(path, kept[0]);
            statistics = recorder.statistics(path);
        } finally {
            model.net().probe(null);
        }
        if (captured[0] == null) {
            throw new RunException("row " + row + " is out of range: " + path + " has " + batchRows[0]
                    + " rows per window (0.." + (batchRows[0] - 1) + ")");
        }
        float[][] w = captured[0];
        AxisLabels.Labels labels = new AxisLabels(model.spec().model(), data.table(),
                data.covariates() == null ? List.of() : data.covariates().names(), test.firstRow(window),
                test.targetRow(window, 0)).of(LayerPath.parse(path), row, w.length, w[0].length);
        HopfieldPooling pooling = model.net().poolingLayers().get(LayerPath.parse(path));
        return new LayerInspection(path, head, window, row, batchRows[0], w, layer.alpha(), statistics,
                labels.row(), labels.queries(), labels.stored(), pooling == null ? null : pooling.memoryPatterns());
    }

    /** Writes association.csv, association.png and layer.json into {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            CsvFiles.write(dir.resolve("association.csv"), csv -> {
                csv.print("query");
                for (String k : storedLabels) {
                    csv.print(k);
                }
                csv.println();
                for (int i = 0; i < weights.length; i++) {
                    csv.print(queryLabels.get(i));
                    for (float v : weights[i]) {
                        csv.print(v);
                    }
                    csv.println();
                }
            });
            JFreeChart chart = heatmap();
            ChartFiles.png(dir.resolve("association.png"), chart, Math.max(500, 60 + 40 * weights[0].length),
                    Math.max(400, 120 + 32 * weights.length));
            Json.write(dir.resolve("layer.json"), toJson());
            if (memory != null) {
                CsvFiles.write(dir.resolve("memory.csv"), csv -> {
                    csv.print("pattern");
                    for (int c = 0; c < memory[0].length; c++) {
                        csv.print("d" + c);
                    }
                    csv.println();
                    for (int p = 0; p < memory.length; p++) {
                        csv.print(p);
                        for (float v : memory[p]) {
                            csv.print(v);
                        }
                        csv.println();
                    }
                });
            }
        } catch (IOException e) {
            throw new RunException("cannot write the inspection into " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    /** What layer.json holds and {@code inspect --json} prints (with the weights). */
    public Map<String, Object> toJson() {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("path", path);
        j.put("head", head);
        j.put("window", window);
        j.put("row", row);
        j.put("rows", rows);
        j.put("row_label", rowLabel);
        j.put("alpha", Double.isNaN(alpha) ? null : alpha);
        j.put("kurtosis", statistics.meanKurtosis());
        j.put("inf_norm", statistics.meanInfNorm());
        j.put("queries", weights.length);
        j.put("stored_patterns", weights[0].length);
        j.put("query_labels", queryLabels);
        j.put("stored_labels", storedLabels);
        j.put("histogram", Map.of("low", statistics.low(), "high", statistics.high(),
                "counts", statistics.histogram()));
        j.put("weights", weights);
        return j;
    }

    /** The activation histogram of the layer's output on this window, as bars over the bin centres. */
    public JFreeChart histogram() {
        return LayerCharts.histogram(statistics);
    }

    /** For a HopfieldPooling, its learned memory patterns as a heatmap (pattern down, model dimension across). */
    public JFreeChart memoryHeatmap() {
        if (memory == null) {
            throw new IllegalStateException(path + " is not a HopfieldPooling: it has no learned memory patterns");
        }
        return LayerCharts.memory(memory, path);
    }

    /** The retrieval weights as a heatmap (queries down, stored patterns across). */
    public JFreeChart heatmap() {
        return LayerCharts.association(weights, queryLabels, storedLabels, path + " head " + head + " (test window "
                + window + ", " + rowLabel + ")");
    }
}
