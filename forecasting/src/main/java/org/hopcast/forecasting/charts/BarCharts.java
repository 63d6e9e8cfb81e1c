package org.hopcast.forecasting.charts;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** Bar charts rendered headless to PNG. */
public final class BarCharts {
    /** One bar: a series (legend entry), a category (x label) and a value. */
    public record Bar(String series, String category, double value) {
    }

    static {
        ChartFiles.headless();
    }

    private BarCharts() {
    }

    /**
     * One bar per category, coloured by its series (e.g. "decoder set" / "other modules"), so that categories
     * that belong to one series only leave no empty slots.
     */
    public static JFreeChart colouredChart(String title, String valueAxis, List<Bar> bars) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Bar b : bars) {
            data.addValue(b.value(), valueAxis, b.category());
        }
        List<String> groups = bars.stream().map(Bar::series).distinct().toList();
        Color[] palette = {new Color(70, 110, 200), new Color(230, 120, 60), new Color(90, 170, 90)};
        JFreeChart chart = ChartFactory.createBarChart(title + "  (" + String.join(" / ", groups.stream()
                .map(g -> g + ": " + colourName(groups.indexOf(g))).toList()) + ")", null, valueAxis, data,
                PlotOrientation.VERTICAL, false, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRenderer(new org.jfree.chart.renderer.category.BarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                return palette[groups.indexOf(bars.get(column).series()) % palette.length];
            }
        });
        ((org.jfree.chart.renderer.category.BarRenderer) plot.getRenderer()).setShadowVisible(false);
        ((org.jfree.chart.renderer.category.BarRenderer) plot.getRenderer()).setBarPainter(
                new org.jfree.chart.renderer.category.StandardBarPainter());
        style(plot);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static String colourName(int i) {
        return new String[] {"blue", "orange", "green"}[i % 3];
    }

    private static void style(CategoryPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(210, 210, 210));
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
    }

    public static void write(Path file, String title, String valueAxis, List<Bar> bars) throws IOException {
        JFreeChart chart = chart(title, valueAxis, bars);
        int categories = (int) bars.stream().map(Bar::category).distinct().count();
        int width = Math.max(900, Math.min(4000, 40 + categories * 22));
        ChartFiles.png(file, chart, width, 650);
    }

    /** Grouped bars (one colour per series, with a legend when there are several): the chart {@link #write} writes. */
    public static JFreeChart chart(String title, String valueAxis, List<Bar> bars) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Bar b : bars) {
            data.addValue(b.value(), b.series(), b.category());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueAxis, data, PlotOrientation.VERTICAL,
                bars.stream().map(Bar::series).distinct().count() > 1, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        style(plot);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
