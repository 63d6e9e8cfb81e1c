package org.hopcast.forecasting.quant;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.hopcast.forecasting.run.AtomicFiles;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
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

    private BarCharts() {
    }

    public static void write(Path file, String title, String valueAxis, List<Bar> bars) throws IOException {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Bar b : bars) {
            data.addValue(b.value(), b.series(), b.category());
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueAxis, data, PlotOrientation.VERTICAL,
                bars.stream().map(Bar::series).distinct().count() > 1, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(210, 210, 210));
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        int categories = (int) bars.stream().map(Bar::category).distinct().count();
        int width = Math.max(900, Math.min(4000, 40 + categories * 22));
        AtomicFiles.write(file, o -> ChartUtils.writeChartAsPNG(o, chart, width, 650));
    }
}
