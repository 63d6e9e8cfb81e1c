package org.hopcast.forecasting.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Line charts of curves with a band (mean ± standard deviation over seeds, or none), rendered headless to PNG
 * or shown in the app: outliers over training, test MSE against bits.
 */
public final class LineCharts {
    /** One curve: at each x a mean and a spread (0 draws no band). */
    public record Curve(String name, double[] x, double[] mean, double[] spread) {
        public Curve {
            if (x.length != mean.length || x.length != spread.length) {
                throw new IllegalArgumentException("a curve needs as many means and spreads as x values");
            }
        }

        /** A curve without a band. */
        public static Curve of(String name, double[] x, double[] y) {
            return new Curve(name, x, y, new double[x.length]);
        }
    }

    static {
        ChartFiles.headless();
    }

    private static final Color[] PALETTE = {new Color(70, 110, 200), new Color(230, 120, 60), new Color(90, 170, 90),
        new Color(200, 70, 90), new Color(140, 100, 190), new Color(120, 120, 120)};

    private LineCharts() {
    }

    /** The curves with their bands, points marked. NaN points are left out. */
    public static JFreeChart chart(String title, String xAxis, String yAxis, List<Curve> curves) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Curve c : curves) {
            YIntervalSeries s = new YIntervalSeries(c.name());
            for (int i = 0; i < c.x().length; i++) {
                if (Double.isFinite(c.mean()[i])) {
                    double d = Double.isFinite(c.spread()[i]) ? c.spread()[i] : 0;
                    s.add(c.x()[i], c.mean()[i], c.mean()[i] - d, c.mean()[i] + d);
                }
            }
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xAxis, yAxis, data, PlotOrientation.VERTICAL,
                curves.size() > 1, false, false);
        XYPlot plot = chart.getXYPlot();
        DeviationRenderer r = new DeviationRenderer(true, true);
        for (int i = 0; i < curves.size(); i++) {
            Color c = PALETTE[i % PALETTE.length];
            r.setSeriesPaint(i, c);
            r.setSeriesFillPaint(i, c);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        r.setAlpha(0.2f);
        plot.setRenderer(r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(210, 210, 210));
        plot.setDomainGridlinePaint(new Color(210, 210, 210));
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        boolean whole = curves.stream().flatMapToDouble(c -> java.util.Arrays.stream(c.x())).allMatch(x -> x == Math.rint(x));
        if (whole) {
            // epochs and bits: no ticks between them
            plot.getDomainAxis().setStandardTickUnits(org.jfree.chart.axis.NumberAxis.createIntegerTickUnits());
        }
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    public static void write(Path file, String title, String xAxis, String yAxis, List<Curve> curves)
            throws IOException {
        ChartFiles.png(file, chart(title, xAxis, yAxis, curves), 900, 550);
    }
}
