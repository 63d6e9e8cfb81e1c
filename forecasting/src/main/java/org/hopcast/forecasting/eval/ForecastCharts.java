package org.hopcast.forecasting.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.forecasting.run.AtomicFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Forecast-vs-truth charts, one PNG per series, rendered headless with JFreeChart: the truth over the
 * split, the one-step-ahead forecasts and the last-step (horizon tau) forecasts at their target times.
 */
public final class ForecastCharts {
    public static final int WIDTH = 1200;
    public static final int HEIGHT = 500;

    private ForecastCharts() {
    }

    /** Writes {@code dir/forecast_<series>.png} for every series and returns the files. */
    public static List<Path> write(Path dir, Forecasts f, SeriesTable table, StandardScaler scaler, String title)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        int out = f.windows().window().outLen();
        int windows = (int) f.windows().size();
        for (int c = 0; c < table.columnCount(); c++) {
            String name = table.columns().get(c);
            JFreeChart chart = table.hasTimestamps() ? timeChart(f, table, scaler, c, out, windows, title)
                    : indexChart(f, scaler, c, out, windows, title, name);
            XYPlot plot = chart.getXYPlot();
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            r.setSeriesPaint(0, new Color(40, 40, 40));
            r.setSeriesPaint(1, new Color(31, 119, 180));
            r.setSeriesPaint(2, new Color(214, 39, 40));
            for (int s = 0; s < 3; s++) {
                r.setSeriesStroke(s, new BasicStroke(s == 0 ? 1.6f : 1.1f));
            }
            plot.setRenderer(r);
            plot.setBackgroundPaint(Color.WHITE);
            plot.setDomainGridlinePaint(new Color(220, 220, 220));
            plot.setRangeGridlinePaint(new Color(220, 220, 220));
            Path file = dir.resolve("forecast_" + safe(name) + ".png");
            AtomicFiles.write(file, o -> ChartUtils.writeChartAsPNG(o, chart, WIDTH, HEIGHT));
            files.add(file);
        }
        return files;
    }

    private static JFreeChart timeChart(Forecasts f, SeriesTable table, StandardScaler scaler, int c, int out,
            int windows, String title) {
        TimeSeries truth = new TimeSeries("truth");
        TimeSeries first = new TimeSeries("forecast, step 1");
        TimeSeries last = new TimeSeries("forecast, step " + out);
        for (int w = 0; w < windows; w++) {
            long t1 = table.timestamp(f.windows().targetRow(w, 0));
            truth.addOrUpdate(new FixedMillisecond(t1), scaler.inverse(f.truth(w, 0, c), c));
            first.addOrUpdate(new FixedMillisecond(t1), scaler.inverse(f.predicted(w, 0, c), c));
            long tLast = table.timestamp(f.windows().targetRow(w, out - 1));
            last.addOrUpdate(new FixedMillisecond(tLast), scaler.inverse(f.predicted(w, out - 1, c), c));
        }
        TimeSeriesCollection data = new TimeSeriesCollection();
        data.addSeries(truth);
        data.addSeries(first);
        data.addSeries(last);
        return ChartFactory.createTimeSeriesChart(title + ": " + table.columns().get(c), "time (UTC)",
                table.columns().get(c), data, true, false, false);
    }

    private static JFreeChart indexChart(Forecasts f, StandardScaler scaler, int c, int out, int windows, String title,
            String name) {
        XYSeries truth = new XYSeries("truth");
        XYSeries first = new XYSeries("forecast, step 1");
        XYSeries last = new XYSeries("forecast, step " + out);
        for (int w = 0; w < windows; w++) {
            truth.add(f.windows().targetRow(w, 0), scaler.inverse(f.truth(w, 0, c), c));
            first.add(f.windows().targetRow(w, 0), scaler.inverse(f.predicted(w, 0, c), c));
            last.add(f.windows().targetRow(w, out - 1), scaler.inverse(f.predicted(w, out - 1, c), c));
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(truth);
        data.addSeries(first);
        data.addSeries(last);
        return ChartFactory.createXYLineChart(title + ": " + name, "row", name, data);
    }

    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.isEmpty() ? "series" : s;
    }
}
