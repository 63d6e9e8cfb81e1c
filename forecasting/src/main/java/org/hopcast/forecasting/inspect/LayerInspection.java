package org.hopcast.forecasting.inspect;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.TrainedModel;
import org.hopcast.forecasting.run.AtomicFiles;
import org.hopcast.forecasting.run.Json;
import org.hopcast.forecasting.run.RunException;
import org.hopcast.hopfield.ActivationRecorder;
import org.hopcast.hopfield.Hopfield;
import org.hopcast.hopfield.LayerProbe;
import org.hopcast.hopfield.LayerStatistics;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

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
 * @param statistics the layer's output statistics on this window
 */
public record LayerInspection(String path, int head, int window, int row, int rows, float[][] weights, double alpha,
        LayerStatistics statistics) {

    /** The Hopfield layers (and poolings) a model has, by path. */
    public static List<String> layers(TrainedModel model) {
        return new ArrayList<>(model.net().hopfieldLayers().keySet());
    }

    public static LayerInspection of(TrainedModel model, PreparedSeries data, String path, int head, int window,
            int row) {
        Map<String, Hopfield> layers = model.net().hopfieldLayers();
        Hopfield layer = layers.get(path);
        if (layer == null) {
            throw new RunException("no Hopfield layer '" + path + "'; layers: " + String.join(", ", layers.keySet()));
        }
        if (head < 0 || head >= layer.heads()) {
            throw new RunException("--head " + head + " is out of range: " + path + " has " + layer.heads() + " heads (0.."
                    + (layer.heads() - 1) + ")");
        }
        WindowDataset test = data.windows(Split.TEST).build();
        if (window < 0 || window >= test.size()) {
            throw new RunException("--window " + window + " is out of range: the test split has " + test.size()
                    + " windows (0.." + (test.size() - 1) + ")");
        }
        float[][][] captured = new float[1][][];
        int[] batchRows = new int[1];
        ActivationRecorder recorder = new ActivationRecorder();
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
                if (p.equals(path)) {
                    recorder.record(p, output);
                }
            }
        };
        model.net().probe(probe);
        try (NDManager step = model.manager().newSubManager()) {
            NDList xy = test.batch(step, new long[] {window});
            model.net().predict(model.parameterStore(), xy.get(0), false);
        } finally {
            model.net().probe(null);
        }
        if (captured[0] == null) {
            throw new RunException("--row " + row + " is out of range: " + path + " has " + batchRows[0]
                    + " rows per window (0.." + (batchRows[0] - 1) + ")");
        }
        return new LayerInspection(path, head, window, row, batchRows[0], captured[0], layer.alpha(),
                recorder.statistics(path));
    }

    /** Writes association.csv, association.png and layer.json into {@code dir}. */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            StringBuilder csv = new StringBuilder("query");
            for (int k = 0; k < weights[0].length; k++) {
                csv.append(",stored_").append(k);
            }
            csv.append('\n');
            for (int i = 0; i < weights.length; i++) {
                csv.append(i);
                for (float v : weights[i]) {
                    csv.append(',').append(v);
                }
                csv.append('\n');
            }
            AtomicFiles.write(dir.resolve("association.csv"), o -> o.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
            JFreeChart chart = heatmap();
            AtomicFiles.write(dir.resolve("association.png"), o -> ChartUtils.writeChartAsPNG(o, chart,
                    Math.max(500, 60 + 40 * weights[0].length), Math.max(400, 120 + 32 * weights.length)));
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("path", path);
            j.put("head", head);
            j.put("window", window);
            j.put("row", row);
            j.put("rows", rows);
            j.put("alpha", Double.isNaN(alpha) ? null : alpha);
            j.put("kurtosis", statistics.meanKurtosis());
            j.put("inf_norm", statistics.meanInfNorm());
            j.put("queries", weights.length);
            j.put("stored_patterns", weights[0].length);
            Json.write(dir.resolve("layer.json"), j);
        } catch (IOException e) {
            throw new RunException("cannot write the inspection into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The retrieval weights as a heatmap (queries down, stored patterns across). */
    public JFreeChart heatmap() {
        System.setProperty("java.awt.headless", "true");
        int l = weights.length;
        int k = weights[0].length;
        double[][] xyz = new double[3][l * k];
        double max = 1e-12;
        for (int i = 0; i < l; i++) {
            for (int j = 0; j < k; j++) {
                int n = i * k + j;
                xyz[0][n] = j;
                xyz[1][n] = i;
                xyz[2][n] = weights[i][j];
                max = Math.max(max, weights[i][j]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("weights", xyz);
        LookupPaintScale scale = new LookupPaintScale(0, max, Color.WHITE);
        for (int s = 0; s <= 50; s++) {
            float t = s / 50f;
            scale.add(max * t, new Color(1 - t * 0.85f, 1 - t * 0.6f, 1 - t * 0.25f));
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        String[] cols = new String[k];
        for (int j = 0; j < k; j++) {
            cols[j] = Integer.toString(j);
        }
        String[] rowsLabels = new String[l];
        for (int i = 0; i < l; i++) {
            rowsLabels[i] = Integer.toString(i);
        }
        SymbolAxis x = new SymbolAxis("stored pattern", cols);
        SymbolAxis y = new SymbolAxis("query", rowsLabels);
        y.setInverted(true);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(path + " head " + head + " (window " + window + ", row " + row + ")",
                JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis legendAxis = new NumberAxis("weight");
        legendAxis.setRange(0, max);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
