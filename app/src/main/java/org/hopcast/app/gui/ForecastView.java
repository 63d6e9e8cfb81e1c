package org.hopcast.app.gui;

import java.util.ArrayList;
import java.util.List;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import org.hopcast.forecasting.eval.ForecastCharts;
import org.hopcast.forecasting.eval.Metrics;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/**
 * The Forecast tab: for the opened run, one series at a time, the truth over the test split against the
 * forecasts made h steps ahead (horizon selector), one test window in detail (slider over the windows) or
 * the forecast beyond the end of the file, and the test metrics per series and overall in normalized and
 * original units. Exports the forecasts as CSV and the charts as PNG.
 */
final class ForecastView {
    private final GuiController controller;
    final ComboBox<String> series = new ComboBox<>();
    final ComboBox<Integer> horizon = new ComboBox<>();
    final Slider window = new Slider(0, 1, 0);
    final Label windowLabel = new Label();
    final RadioButton showWindow = new RadioButton("Test window");
    final RadioButton showFuture = new RadioButton("Beyond the end of the file");
    final ChartViewer splitViewer = Charts.viewer("Train a model or open a run (File > Open run) to see forecasts.");
    final ChartViewer detailViewer = Charts.viewer("");
    final TableView<Metrics.SeriesMetrics> metrics = new TableView<>();
    final Label summary = new Label();
    final Button export = new Button("Export CSV and charts...");
    private final BorderPane pane = new BorderPane();
    private GuiController.OpenedRun run;

    ForecastView(GuiController controller) {
        this.controller = controller;
        ToggleGroup g = new ToggleGroup();
        showWindow.setToggleGroup(g);
        showFuture.setToggleGroup(g);
        showWindow.setSelected(true);
        window.setBlockIncrement(1);
        window.setMajorTickUnit(1);
        window.setSnapToTicks(true);
        window.setPrefWidth(220);
        series.valueProperty().addListener((o, a, b) -> redraw());
        horizon.valueProperty().addListener((o, a, b) -> redrawSplit());
        window.valueProperty().addListener((o, a, b) -> redrawDetail());
        g.selectedToggleProperty().addListener((o, a, b) -> redrawDetail());
        export.setOnAction(e -> chooseExport());
        export.setDisable(true);
        summary.setWrapText(true);
        metrics.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
        metrics.getColumns().add(column("series", m -> m.series()));
        metrics.getColumns().add(column("MSE", m -> fmt(m.mse())));
        metrics.getColumns().add(column("MAE", m -> fmt(m.mae())));
        metrics.getColumns().add(column("MSE orig", m -> fmt(m.mseOriginal())));
        metrics.getColumns().add(column("MAE orig", m -> fmt(m.maeOriginal())));
        metrics.setPrefWidth(420);
        metrics.setPrefHeight(250);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox side = new VBox(8, new Label("Series"), series, new Label("Steps ahead (top chart)"), horizon,
                new Label("Lower chart"), showWindow, window, windowLabel, showFuture, export,
                wrapped("Test metrics: MSE and MAE on z-scored values, then in original units"), metrics, summary);
        side.setPadding(new Insets(8));
        side.setPrefWidth(430);
        SplitPane charts = new SplitPane(splitViewer, detailViewer);
        charts.setOrientation(Orientation.VERTICAL);
        pane.setLeft(Charts.scrolling(side));
        pane.setCenter(charts);
    }

    private static Label wrapped(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    private interface Text {
        String of(Metrics.SeriesMetrics m);
    }

    private static TableColumn<Metrics.SeriesMetrics, String> column(String title, Text text) {
        TableColumn<Metrics.SeriesMetrics, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.of(cell.getValue())));
        c.setSortable(false);
        return c;
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 1000 ? String.format("%.1f", v) : String.format("%.4f", v);
    }

    Node node() {
        return pane;
    }

    void show(GuiController.OpenedRun r) {
        this.run = r;
        List<String> names = r.data().table().columns();
        series.getItems().setAll(names);
        int out = r.spec().model().outLen();
        List<Integer> steps = new ArrayList<>();
        for (int h = 1; h <= out; h++) {
            steps.add(h);
        }
        horizon.getItems().setAll(steps);
        horizon.setValue(1);
        window.setMax(Math.max(0, r.testWindows() - 1));
        window.setValue(0);
        window.setDisable(r.testWindows() <= 1);
        showFuture.setDisable(r.future() == null);
        Metrics m = r.metrics();
        List<Metrics.SeriesMetrics> rows = new ArrayList<>();
        rows.add(new Metrics.SeriesMetrics("all series", m.mse(), m.mae(), m.mseOriginal(), m.maeOriginal()));
        rows.addAll(m.perSeries());
        metrics.getItems().setAll(rows);
        summary.setText(String.format("%s: %d test windows, persistence MSE %.4f; %,d parameters, %s.%s",
                r.dir(), r.testWindows(), r.persistenceMse(), r.parameters(), r.spec().model().separation(),
                r.futureError() == null ? "" : " No forecast beyond the end: " + r.futureError()));
        export.setDisable(false);
        series.setValue(names.contains("OT") ? "OT" : names.get(names.size() - 1));
        redraw();
    }

    private int seriesIndex() {
        return run == null || series.getValue() == null ? -1 : run.data().table().columns().indexOf(series.getValue());
    }

    private void redraw() {
        redrawSplit();
        redrawDetail();
    }

    private void redrawSplit() {
        int c = seriesIndex();
        if (c < 0 || horizon.getValue() == null) {
            return;
        }
        splitViewer.setChart(Charts.compact(ForecastCharts.splitChart(run.test(), run.data().table(), run.data().scaler(), c,
                new int[] {horizon.getValue()}, "Test split")));
    }

    private void redrawDetail() {
        int c = seriesIndex();
        if (c < 0) {
            return;
        }
        int w = (int) Math.round(window.getValue());
        windowLabel.setText("window " + w + " of " + run.testWindows());
        if (showFuture.isSelected() && run.future() != null) {
            detailViewer.setChart(Charts.compact(ForecastCharts.futureChart(run.data().table(), c,
                    run.spec().model().inLen(), run.future().values(), run.future().stepMillis())));
        } else {
            detailViewer.setChart(Charts.compact(ForecastCharts.windowChart(run.test(), run.data().table(),
                    run.data().scaler(), c, w)));
        }
    }

    /** The charts on screen now (what Export saves as PNG). */
    List<JFreeChart> charts() {
        return List.of(splitViewer.getChart(), detailViewer.getChart());
    }

    private void chooseExport() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Export forecasts and charts into");
        java.io.File dir = chooser.showDialog(pane.getScene() == null ? null : pane.getScene().getWindow());
        if (dir != null) {
            export(dir.toPath());
        }
    }

    /** Writes the shown run's forecasts (CSV) and the charts on screen (PNG) into {@code dir}. */
    void export(java.nio.file.Path dir) {
        if (run != null) {
            controller.exportForecasts(run, dir, charts());
        }
    }
}
