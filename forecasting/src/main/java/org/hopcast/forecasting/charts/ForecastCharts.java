package org.hopcast.forecasting.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.forecasting.eval.Forecasts;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Forecast-vs-truth charts in original units, rendered with JFreeChart, shared by the run directory's PNGs and
 * the desktop app: the truth over a split against the forecasts made h steps ahead, one test window (its
 * input, its truth and its forecast), and a forecast beyond the end of a file. The x axis is time (UTC) when
 * the file has timestamps and the row number otherwise.
 */
public final class ForecastCharts {
    public static final int WIDTH = 1200;
    public static final int HEIGHT = 500;

    private static final Color TRUTH = new Color(40, 40, 40);
    private static final Color[] FORECASTS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44)};

    static {
        ChartFiles.headless();
    }

    private ForecastCharts() {
    }

    /**
     * Writes {@code dir/forecast_<series>.png} for every series (truth against the step-1 and step-tau forecasts)
     * and returns the files.
     */
    public static List<Path> write(Path dir, Forecasts f, SeriesTable table, StandardScaler scaler, String title)
            throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        int out = f.windows().window().outLen();
        int[] steps = out == 1 ? new int[] {1} : new int[] {1, out};
        for (int c = 0; c < table.columnCount(); c++) {
            JFreeChart chart = splitChart(f, table, scaler, c, steps, title);
            Path file = file(dir, table.columns().get(c));
            ChartFiles.png(file, chart, WIDTH, HEIGHT);
            files.add(file);
        }
        return files;
    }

    /** The chart file of one series in {@code dir}. */
    public static Path file(Path dir, String series) {
        return dir.resolve("forecast_" + safe(series) + ".png");
    }

    /**
     * Series {@code c} over the forecasts' split: the truth at each window's first target row, and for every
     * step h in {@code steps} (1-based) the forecast each window made h steps ahead, drawn at its target time.
     */
    public static JFreeChart splitChart(Forecasts f, SeriesTable table, StandardScaler scaler, int c, int[] steps,
            String title) {
        int windows = (int) f.windows().size();
        int out = f.windows().window().outLen();
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries truth = new XYSeries("truth", true, false);
        for (int w = 0; w < windows; w++) {
            truth.add(x(table, f.windows().targetRow(w, 0)), scaler.inverse(f.truth(w, 0, c), c), false);
        }
        // the last window's remaining targets complete the truth to the end of the split
        for (int h = 1; h < out && windows > 0; h++) {
            truth.add(x(table, f.windows().targetRow(windows - 1, h)), scaler.inverse(f.truth(windows - 1, h, c), c),
                    false);
        }
        data.addSeries(truth);
        for (int step : steps) {
            if (step < 1 || step > out) {
                throw new IllegalArgumentException("forecast step " + step + " is outside 1.." + out);
            }
            XYSeries s = new XYSeries("forecast, " + step + (step == 1 ? " step" : " steps") + " ahead", true, false);
            for (int w = 0; w < windows; w++) {
                s.add(x(table, f.windows().targetRow(w, step - 1)), scaler.inverse(f.predicted(w, step - 1, c), c),
                        false);
            }
            data.addSeries(s);
        }
        return style(chart(title + ": " + table.columns().get(c), table, data), 1.1f);
    }

    /**
     * One window of series {@code c}: its in_len input rows, then the truth and the forecast over its horizon,
     * with a marker where the forecast starts.
     */
    public static JFreeChart windowChart(Forecasts f, SeriesTable table, StandardScaler scaler, int c, int w) {
        int in = f.windows().window().inLen();
        int out = f.windows().window().outLen();
        int first = f.windows().firstRow(w);
        XYSeries truth = new XYSeries("truth", true, false);
        XYSeries forecast = new XYSeries("forecast", true, false);
        for (int r = 0; r < in; r++) {
            truth.add(x(table, first + r), table.value(first + r, c), false);
        }
        for (int h = 0; h < out; h++) {
            double xh = x(table, f.windows().targetRow(w, h));
            truth.add(xh, scaler.inverse(f.truth(w, h, c), c), false);
            forecast.add(xh, scaler.inverse(f.predicted(w, h, c), c), false);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(truth);
        data.addSeries(forecast);
        JFreeChart chart = style(chart("Test window " + w + ": " + table.columns().get(c), table, data), 1.6f);
        chart.getXYPlot().addDomainMarker(startMarker(x(table, f.windows().targetRow(w, 0))));
        return chart;
    }

    /**
     * The last {@code history} rows of series {@code c} and the forecast beyond them ({@code values[h][c]} in
     * original units, one row every {@code stepMillis}; rows continue the row count when the file has no time).
     */
    public static JFreeChart futureChart(SeriesTable table, int c, int history, float[][] values, long stepMillis) {
        int rows = table.rows();
        XYSeries past = new XYSeries("history", true, false);
        for (int r = Math.max(0, rows - history); r < rows; r++) {
            past.add(x(table, r), table.value(r, c), false);
        }
        double last = x(table, rows - 1);
        double step = table.hasTimestamps() ? stepMillis : 1;
        XYSeries future = new XYSeries("forecast beyond the end", true, false);
        future.add(last, table.value(rows - 1, c), false);
        for (int h = 0; h < values.length; h++) {
            future.add(last + (h + 1) * step, values[h][c], false);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(past);
        data.addSeries(future);
        JFreeChart chart = style(chart("Forecast beyond the end of the file: " + table.columns().get(c), table, data),
                1.6f);
        chart.getXYPlot().addDomainMarker(startMarker(last));
        return chart;
    }

    private static ValueMarker startMarker(double x) {
        ValueMarker m = new ValueMarker(x, new Color(120, 120, 120), new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        m.setLabel("forecast starts");
        return m;
    }

    private static double x(SeriesTable table, int row) {
        return table.hasTimestamps() ? table.timestamp(row) : row;
    }

    private static JFreeChart chart(String title, SeriesTable table, XYSeriesCollection data) {
        String unit = table.hasTimestamps() ? "time (UTC)" : "row";
        JFreeChart chart = ChartFactory.createXYLineChart(title, unit, "value", data);
        if (table.hasTimestamps()) {
            DateAxis axis = new DateAxis(unit);
            axis.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
            chart.getXYPlot().setDomainAxis(axis);
        }
        return chart;
    }

    private static JFreeChart style(JFreeChart chart, float truthWidth) {
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, TRUTH);
        r.setSeriesStroke(0, new BasicStroke(truthWidth));
        for (int s = 1; s < plot.getDataset().getSeriesCount(); s++) {
            r.setSeriesPaint(s, FORECASTS[(s - 1) % FORECASTS.length]);
            r.setSeriesStroke(s, new BasicStroke(1.2f));
        }
        plot.setRenderer(r);
        return whiten(chart);
    }

    /**
     * The look of every line chart Hopcast draws: white plot and background, light grey grid lines, and a value
     * axis fitted to the data (a series near 1000 is not drawn squashed against an axis that starts at 0).
     */
    public static JFreeChart whiten(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        if (plot.getRangeAxis() instanceof org.jfree.chart.axis.NumberAxis values) {
            values.setAutoRangeIncludesZero(false);
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.isEmpty() ? "series" : s;
    }
}
