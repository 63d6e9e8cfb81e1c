package org.hopcast.app.gui;

import java.awt.Color;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;

/** Small helpers shared by the views' charts (presentation only). */
final class Charts {
    private Charts() {
    }

    /** A viewer with an empty placeholder until its first chart arrives (zoom, pan and export from its menu). */
    static ChartViewer viewer(String placeholder) {
        return new ChartViewer(placeholder(placeholder));
    }

    static JFreeChart placeholder(String text) {
        XYPlot plot = new XYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setNoDataMessage(text);
        JFreeChart chart = new JFreeChart(plot);
        chart.removeLegend();
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Titles sized for a chart that shares the window with others. */
    static JFreeChart compact(JFreeChart chart) {
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13));
        }
        return chart;
    }

    /** Category charts get tooltips in the app (bar names are too many to print under 100 modules). */
    static JFreeChart withTooltips(JFreeChart chart) {
        if (chart.getPlot() instanceof org.jfree.chart.plot.CategoryPlot plot) {
            plot.getRenderer().setDefaultToolTipGenerator(
                    new org.jfree.chart.labels.StandardCategoryToolTipGenerator("{1}: {2}",
                            java.text.NumberFormat.getNumberInstance()));
        }
        return compact(chart);
    }

    /** A side panel that scrolls instead of cutting its content when the window is small. */
    static javafx.scene.control.ScrollPane scrolling(javafx.scene.layout.Region content) {
        javafx.scene.control.ScrollPane pane = new javafx.scene.control.ScrollPane(content);
        pane.setFitToWidth(true);
        pane.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        pane.setPrefWidth(content.getPrefWidth() + 16);
        pane.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return pane;
    }
}
