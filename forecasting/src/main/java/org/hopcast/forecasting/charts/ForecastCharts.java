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
import org.hopcast.forecasting.eval.FutureForecast;
import org.hopcast.forecasting.eval.PredictionIntervals;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

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
        JFreeChart chart = style(chart(title + ": " + table.columns().get(c), table, data), 1.1f);
        // the fan around the first step's forecast: the others would hide the truth
        int h = steps[0] - 1;
        addForecastFan(chart, f, table, scaler, c, windows, i -> new int[] {i, h},
                steps[0] + (steps[0] == 1 ? " step" : " steps") + " ahead");
        return chart;
    }

    /**
     * One window of series {@code c}: its in_len input rows, then the truth and the forecast over its horizon,
     * with a marker where the forecast starts.
     */
    public static JFreeChart windowChart(Forecasts f, SeriesTable table, StandardScaler scaler, int c, int w) {
        return windowChart(f, null, table, scaler, c, w);
    }

    /**
     * As above; with {@code linearPart} (the model's linear path alone over the same windows, or null) also its
     * forecast, so that the gap between it and the forecast is what the Hopfield layers' correction added.
     */
    public static JFreeChart windowChart(Forecasts f, Forecasts linearPart, SeriesTable table, StandardScaler scaler,
            int c, int w) {
        return windowChart(f, linearPart, null, null, table, scaler, c, w);
    }

    /**
     * As above; with {@code other} (forecasts of the same windows by something beside the model, such as the model
     * with an external memory, or null) also its forecast, named {@code otherName}.
     */
    public static JFreeChart windowChart(Forecasts f, Forecasts linearPart, Forecasts other, String otherName,
            SeriesTable table, StandardScaler scaler, int c, int w) {
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
        if (linearPart != null) {
            XYSeries linear = new XYSeries("linear part (the forecast without the Hopfield correction)", true, false);
            for (int h = 0; h < out; h++) {
                linear.add(x(table, f.windows().targetRow(w, h)), scaler.inverse(linearPart.predicted(w, h, c), c),
                        false);
            }
            data.addSeries(linear);
        }
        if (other != null) {
            XYSeries s = new XYSeries(otherName, true, false);
            for (int h = 0; h < out; h++) {
                s.add(x(table, f.windows().targetRow(w, h)), scaler.inverse(other.predicted(w, h, c), c), false);
            }
            data.addSeries(s);
        }
        JFreeChart chart = style(chart("Test window " + w + ": " + table.columns().get(c), table, data), 1.6f);
        chart.getXYPlot().addDomainMarker(startMarker(x(table, f.windows().targetRow(w, 0))));
        addForecastFan(chart, f, table, scaler, c, out, i -> new int[] {w, i}, null);
        return chart;
    }

    /**
     * The last {@code history} rows of series {@code c} and the forecast beyond them ({@code values[h][c]} in
     * original units, one row every {@code stepMillis}; rows continue the row count when the file has no time), with
     * the fan of {@code bands} when not null.
     */
    public static JFreeChart futureChart(SeriesTable table, int c, int history, float[][] values, long stepMillis,
            FutureForecast.Bands bands) {
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
        if (bands != null) {
            int k = bands.coverages().size();
            double[] xs = new double[values.length];
            double[][] lo = new double[k][values.length];
            double[][] hi = new double[k][values.length];
            for (int h = 0; h < values.length; h++) {
                xs[h] = last + (h + 1) * step;
                for (int i = 0; i < k; i++) {
                    lo[i][h] = bands.lower()[i][h][c];
                    hi[i][h] = bands.upper()[i][h][c];
                }
            }
            addFan(chart, bands.coverages().stream().mapToDouble(Double::doubleValue).toArray(), xs, lo, hi,
                    FORECASTS[1], null);
        }
        return chart;
    }

    /**
     * The fan of {@code f}'s intervals (when it carries any) for series {@code c} at {@code n} points, point i at
     * window {@code at(i)[0]} and step {@code at(i)[1]}, in original units at the target's time.
     */
    private static void addForecastFan(JFreeChart chart, Forecasts f, SeriesTable table, StandardScaler scaler, int c,
            int n, java.util.function.IntFunction<int[]> at, String of) {
        double[] cov = f.coverages();
        if (cov.length == 0) {
            return;
        }
        double[] xs = new double[n];
        double[][] lo = new double[cov.length][n];
        double[][] hi = new double[cov.length][n];
        for (int i = 0; i < n; i++) {
            int[] wh = at.apply(i);
            xs[i] = x(table, f.windows().targetRow(wh[0], wh[1]));
            for (int k = 0; k < cov.length; k++) {
                double hw = f.halfWidth(k, wh[0], wh[1], c);
                lo[k][i] = scaler.inverse(f.predicted(wh[0], wh[1], c) - hw, c);
                hi[k][i] = scaler.inverse(f.predicted(wh[0], wh[1], c) + hw, c);
            }
        }
        addFan(chart, cov, xs, lo, hi, FORECASTS[0], of);
    }

    /**
     * Draws prediction intervals as shaded bands behind the lines, the widest palest: {@code lo[k]} and
     * {@code hi[k]} at {@code xs} for coverage {@code coverages[k]}.
     */
    private static void addFan(JFreeChart chart, double[] coverages, double[] xs, double[][] lo, double[][] hi,
            Color color, String of) {
        final YIntervalSeriesCollection bands = new YIntervalSeriesCollection();
        DeviationRenderer r = new DeviationRenderer(false, false) {
            @Override
            public org.jfree.chart.LegendItem getLegendItem(int datasetIndex, int series) {
                // a filled swatch: the renderer draws no line or shape a default legend item could show
                String label = bands.getSeriesKey(series).toString();
                return new org.jfree.chart.LegendItem(label, null, null, null, new java.awt.Rectangle(-6, -4, 12, 8),
                        lookupSeriesFillPaint(series));
            }
        };
        for (int k = coverages.length - 1; k >= 0; k--) {
            YIntervalSeries s = new YIntervalSeries(PredictionIntervals.percent(coverages[k]) + "% interval"
                    + (of == null ? "" : ", " + of), false, true);
            for (int i = 0; i < xs.length; i++) {
                s.add(xs[i], (lo[k][i] + hi[k][i]) / 2, lo[k][i], hi[k][i]);
            }
            bands.addSeries(s);
            int index = bands.getSeriesCount() - 1;
            // nested bands: each lighter than the one inside it
            float shade = 0.25f + 0.5f * (float) k / Math.max(1, coverages.length);
            r.setSeriesFillPaint(index, blend(color, shade));
            r.setSeriesPaint(index, blend(color, shade));
        }
        r.setAlpha(1f);
        XYPlot plot = chart.getXYPlot();
        plot.setDataset(1, bands);
        plot.setRenderer(1, r);
    }

    /** {@code c} mixed with white: 0 is {@code c}, 1 is white. */
    private static Color blend(Color c, float white) {
        float keep = 1 - (0.45f + 0.5f * white);
        return new Color(Math.round(c.getRed() * keep + 255 * (1 - keep)), Math.round(c.getGreen() * keep
                + 255 * (1 - keep)), Math.round(c.getBlue() * keep + 255 * (1 - keep)));
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
