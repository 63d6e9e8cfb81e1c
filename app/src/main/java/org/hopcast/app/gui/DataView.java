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
    /** The id column(s) of a file of many series in long format (empty: one series per column). */
    final javafx.scene.control.TextField idColumns = new javafx.scene.control.TextField();
    /** For a file of many series: the series drawn (each is split and scaled on its own). */
    final javafx.scene.control.ChoiceBox<String> shownSeries = new javafx.scene.control.ChoiceBox<>();
    /** The file of many series last loaded (null: one series per column). */
    private PreparedSeries panelData;

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
        idColumns.setPromptText("id column(s)");
        idColumns.setPrefColumnCount(10);
        idColumns.setTooltip(new javafx.scene.control.Tooltip("A file of many series in long format (store, sku,"
                + " date, qty): the column or columns, comma-separated, that name a row's series; Enter reads the"
                + " file again that way. One model is then trained across the series."));
        idColumns.setOnAction(e -> controller.reloadData(java.util.Arrays.stream(idColumns.getText().split(","))
                .map(String::trim).filter(x -> !x.isEmpty()).toList()));
        shownSeries.setVisible(false);
        shownSeries.setManaged(false);
        shownSeries.getSelectionModel().selectedItemProperty().addListener((o, was, id) -> {
            if (panelData != null && id != null && !id.equals(was)) {
                draw(panelData.panel().member(id), panelData);
            }
        });
        HBox top = new HBox(8, open, builtIn, new Label("Id column"), idColumns, shownSeries, dataMessage);
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
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

    /**
     * Draws a loaded file: every series (thinned to MAX_POINTS), the split borders, one checkbox per series; a file of
     * many series is summarised and its series drawn one at a time, chosen beside the id column.
     */
    void dataLoaded(PreparedSeries data) {
        boolean many = data.panel() != null;
        panelData = null; // filling the list is not a choice
        shownSeries.getItems().setAll(many ? data.panel().ids() : List.of());
        shownSeries.setVisible(many);
        shownSeries.setManaged(many);
        idColumns.setText(many ? String.join(",", data.panel().panel().idColumns()) : "");
        if (many) {
            shownSeries.getSelectionModel().select(0);
            panelData = data;
            draw(data.panel().members().get(0), data);
        } else {
            draw(data, data);
        }
    }

    /** Draws {@code data} (one series of {@code whole} when it holds many), its message describing {@code whole}. */
    private void draw(PreparedSeries data, PreparedSeries whole) {
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
        String shown = (whole.panel() == null ? t.source().name() : "series " + shownSeries.getValue()) + ": " + t.rows()
                + " rows, " + t.columnCount() + " series" + range
                + "; split " + data.layout().protocol().name() + " " + data.layout().sizes().train() + "/"
                + data.layout().sizes().val() + "/" + data.layout().sizes().test()
                + (t.fillReport().filledCells() > 0 ? "; " + t.fillReport().filledCells() + " cells repaired" : "");
        if (whole.panel() == null) {
            dataMessage.setText(shown);
            return;
        }
        org.hopcast.datasets.PreparedPanel.Description d = whole.panel().describe();
        dataMessage.setText(String.format(java.util.Locale.ROOT, "%s: %d series by %s, %d to %d rows each (median %d)%s"
                + "%s; windows %d/%d/%d. Shown: %s", d.source(), d.series(), String.join(", ", d.idColumns()),
                d.minRows(), d.maxRows(), d.medianRows(), d.firstStart() == null ? "" : ", starting " + d.firstStart()
                        + " to " + d.lastStart(), d.skipped() == 0 ? "" : "; " + d.skipped() + " left out (too short)",
                d.windows().train(), d.windows().val(), d.windows().test(), shown));
    }

    void dataFailed(String message) {
        dataMessage.setStyle("-fx-text-fill: #b00020;");
        dataMessage.setText(message);
    }
}
