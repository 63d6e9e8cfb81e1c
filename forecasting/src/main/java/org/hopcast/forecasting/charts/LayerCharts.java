package org.hopcast.forecasting.charts;

import java.awt.Color;
import java.util.List;

import org.hopcast.hopfield.probe.LayerStatistics;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/** The charts of one Hopfield layer: its association map, its learned memories and its activation histogram. */
public final class LayerCharts {
    static {
        ChartFiles.headless();
    }

    private LayerCharts() {
    }

    /** A layer's activation histogram, as bars over the bin centres. */
    public static JFreeChart histogram(LayerStatistics statistics) {
        long[] counts = statistics.histogram();
        int bins = counts.length - 2;
        double width = (statistics.high() - statistics.low()) / bins;
        org.jfree.data.xy.XYSeries s = new org.jfree.data.xy.XYSeries("activations");
        for (int b = 0; b < bins; b++) {
            s.add(statistics.low() + (b + 0.5) * width, counts[b + 1]);
        }
        org.jfree.chart.JFreeChart chart = org.jfree.chart.ChartFactory.createXYBarChart(String.format(
                "Output activations (kurtosis %.2f, inf-norm %.2f)", statistics.meanKurtosis(),
                statistics.meanInfNorm()), "value", false,
                "count", new org.jfree.data.xy.XYSeriesCollection(s));
        chart.removeLegend();
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        ((org.jfree.chart.renderer.xy.XYBarRenderer) chart.getXYPlot().getRenderer()).setBarPainter(
                new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        ((org.jfree.chart.renderer.xy.XYBarRenderer) chart.getXYPlot().getRenderer()).setShadowVisible(false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** A HopfieldPooling's learned memory patterns as a heatmap (pattern down, model dimension across). */
    public static JFreeChart memory(float[][] memory, String path) {
        double max = 1e-12;
        for (float[] r : memory) {
            for (float v : r) {
                max = Math.max(max, Math.abs(v));
            }
        }
        // diverging scale: blue below zero, red above, white at zero
        LookupPaintScale scale = new LookupPaintScale(-max, max, Color.WHITE);
        for (int s = -25; s <= 25; s++) {
            float t = Math.abs(s) / 25f;
            scale.add(max * s / 25.0, s < 0 ? new Color(1 - t * 0.8f, 1 - t * 0.5f, 1f)
                    : new Color(1f, 1 - t * 0.6f, 1 - t * 0.8f));
        }
        NumberAxis x = new NumberAxis("model dimension");
        x.setRange(-0.5, memory[0].length - 0.5);
        String[] names = new String[memory.length];
        for (int i = 0; i < memory.length; i++) {
            names[i] = "memory " + i;
        }
        return blocks(memory, scale, x, new SymbolAxis("learned pattern", names), path + ": learned memory patterns",
                "value");
    }

    /** Retrieval weights as a heatmap (queries down, stored patterns across). */
    public static JFreeChart association(float[][] weights, List<String> queryLabels, List<String> storedLabels,
            String title) {
        double max = 1e-12;
        for (float[] r : weights) {
            for (float v : r) {
                max = Math.max(max, v);
            }
        }
        LookupPaintScale scale = new LookupPaintScale(0, max, Color.WHITE);
        for (int s = 0; s <= 50; s++) {
            float t = s / 50f;
            scale.add(max * t, new Color(1 - t * 0.85f, 1 - t * 0.6f, 1 - t * 0.25f));
        }
        SymbolAxis x = new SymbolAxis("stored pattern", storedLabels.toArray(String[]::new));
        if (weights[0].length > 8) {
            x.setVerticalTickLabels(true);
        }
        return blocks(weights, scale, x, new SymbolAxis("query", queryLabels.toArray(String[]::new)), title,
                "weight");
    }

    /** A matrix as coloured blocks, row 0 at the top, with the colour scale as a legend on the right. */
    private static JFreeChart blocks(float[][] m, LookupPaintScale scale, ValueAxis x, ValueAxis y, String title,
            String legendLabel) {
        int rows = m.length;
        int cols = m[0].length;
        double[][] xyz = new double[3][rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int n = i * cols + j;
                xyz[0][n] = j;
                xyz[1][n] = i;
                xyz[2][n] = m[i][j];
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(legendLabel, xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        y.setInverted(true);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        NumberAxis legendAxis = new NumberAxis(legendLabel);
        legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
