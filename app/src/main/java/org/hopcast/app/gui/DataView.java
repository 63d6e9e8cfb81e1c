package org.hopcast.app.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.forecasting.charts.ForecastCharts;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The Data tab: open a CSV (or drop one, or a run directory), or use the built-in ETTh1; every series drawn with
 * the split borders, each switchable.
 */
final class DataView {
    /** Points drawn per series on the data chart (the file may hold far more rows). */
    static final int MAX_POINTS = 1500;

    final Label dataMessage = new Label("Open a CSV file (or drop one here), or use the built-in ETTh1.");
    final XYSeriesCollection seriesData = new XYSeriesCollection();
    private final JFreeChart dataChart;
    private final VBox checklist = new VBox(4);
    private final BorderPane pane = new BorderPane();

    DataView(GuiController controller, Runnable chooseFile, Consumer<Path> dropped) {
        dataChart = ChartFactory.createXYLineChart(null, "time", "value", seriesData);
        ((XYLineAndShapeRenderer) dataChart.getXYPlot().getRenderer()).setDefaultShapesVisible(false);
        ForecastCharts.whiten(dataChart);
        Button open = new Button("Open CSV... (Ctrl+O)");
        open.setOnAction(e -> chooseFile.run());
        Button builtIn = new Button("Built-in ETTh1");
        builtIn.setOnAction(e -> controller.loadData(null));
        dataMessage.setWrapText(true);
        open.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        builtIn.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox top = new HBox(8, open, builtIn, dataMessage);
        top.setPadding(new Insets(8));
        HBox.setHgrow(dataMessage, Priority.ALWAYS);
        pane.setCenter(new ChartViewer(dataChart));
        pane.setTop(top);
        ScrollPane side = new ScrollPane(checklist);
        checklist.setPadding(new Insets(8));
        side.setPrefWidth(180);
        pane.setRight(side);
        pane.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        pane.setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
            if (ok) {
                dropped.accept(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    Node node() {
        return pane;
    }

    /** Draws a loaded file: every series (thinned to MAX_POINTS), the split borders, one checkbox per series. */
    void dataLoaded(PreparedSeries data) {
        SeriesTable t = data.table();
        seriesData.removeAllSeries();
        checklist.getChildren().clear();
        int stride = Math.max(1, (t.rows() + MAX_POINTS - 1) / MAX_POINTS);
        List<XYSeries> all = new ArrayList<>();
        for (int c = 0; c < t.columnCount(); c++) {
            XYSeries s = new XYSeries(t.columns().get(c), false, true);
            for (int r = 0; r < t.rows(); r += stride) {
                s.add(t.hasTimestamps() ? t.timestamp(r) : r, t.value(r, c), false);
            }
            all.add(s);
        }
        all.forEach(seriesData::addSeries);
        XYPlot plot = dataChart.getXYPlot();
        if (t.hasTimestamps()) {
            org.jfree.chart.axis.DateAxis axis = new org.jfree.chart.axis.DateAxis("time (UTC)");
            axis.setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
            plot.setDomainAxis(axis);
        } else {
            plot.setDomainAxis(new org.jfree.chart.axis.NumberAxis("row"));
        }
        plot.clearDomainMarkers();
        for (Split s : new Split[] {Split.VAL, Split.TEST}) {
            int border = data.layout().begin(s) + data.layout().window().inLen();
            if (border < t.rows()) {
                ValueMarker marker = new ValueMarker(t.hasTimestamps() ? t.timestamp(border) : border);
                marker.setLabel(s.label() + " starts");
                plot.addDomainMarker(marker);
            }
        }
        for (int c = 0; c < t.columnCount(); c++) {
            int series = c;
            CheckBox box = new CheckBox(t.columns().get(c));
            box.setSelected(true);
            box.selectedProperty().addListener((o, a, b) -> plot.getRenderer().setSeriesVisible(series, b));
            checklist.getChildren().add(box);
        }
        dataMessage.setStyle("");
        String range = t.hasTimestamps() ? "; " + org.hopcast.datasets.Timestamps.format(t.timestamp(0)) + " to "
                + org.hopcast.datasets.Timestamps.format(t.timestamp(t.rows() - 1)) : "";
        dataMessage.setText(t.source().name() + ": " + t.rows() + " rows, " + t.columnCount() + " series" + range
                + "; split " + data.layout().protocol().name() + " " + data.layout().sizes().train() + "/"
                + data.layout().sizes().val() + "/" + data.layout().sizes().test()
                + (t.fillReport().filledCells() > 0 ? "; " + t.fillReport().filledCells() + " cells repaired" : ""));
    }

    void dataFailed(String message) {
        dataMessage.setStyle("-fx-text-fill: #b00020;");
        dataMessage.setText(message);
    }
}
