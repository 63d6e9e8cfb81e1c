package org.hopcast.app.gui;

import java.util.List;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

import org.hopcast.forecasting.charts.BarCharts;
import org.hopcast.forecasting.outliers.OutlierStudy;
import org.hopcast.forecasting.quant.QuantizationStudy;
import org.hopcast.forecasting.study.CompareStudy;
import org.hopcast.forecasting.study.StudyCurves;
import org.jfree.chart.fx.ChartViewer;

/**
 * The Outliers tab: for the opened run, per-module kurtosis and max infinity-norm bars (decoder-set modules
 * in their own colour), FP vs W8A8 test error, and, when a {@code compare} study is loaded, its variants side
 * by side. Every number comes from the same study code as {@code hopcast evaluate --outliers --quantize}.
 */
final class OutliersView {
    private final GuiController controller;
    final Button compute = new Button("Compute outliers and W8A8 (Ctrl+K)");
    final Button loadStudy = new Button("Load compare study...");
    final Label summary = new Label("Train a model or open a run, then compute its outlier statistics.");
    final Label studySummary = new Label();
    final ChartViewer kurtosis = Charts.viewer("per-module kurtosis appears here");
    final ChartViewer infNorm = Charts.viewer("per-module infinity norm appears here");
    final ChartViewer quantization = Charts.viewer("FP vs W8A8 appears here");
    final ChartViewer studyOutliers = Charts.viewer("Load a compare study to see its variants side by side");
    final ChartViewer studyMse = Charts.viewer("");
    private final BorderPane pane = new BorderPane();

    OutliersView(GuiController controller) {
        this.controller = controller;
        compute.setOnAction(e -> start());
        loadStudy.setOnAction(e -> chooseStudy());
        summary.setWrapText(true);
        studySummary.setWrapText(true);
        compute.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        loadStudy.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox top = new HBox(8, compute, loadStudy, summary);
        HBox.setHgrow(summary, Priority.ALWAYS);
        top.setPadding(new Insets(8));
        GridPane grid = new GridPane();
        grid.add(kurtosis, 0, 0);
        grid.add(infNorm, 1, 0);
        grid.add(quantization, 0, 1);
        HBox study = new HBox(studyOutliers, studyMse);
        HBox.setHgrow(studyOutliers, Priority.ALWAYS);
        HBox.setHgrow(studyMse, Priority.ALWAYS);
        grid.add(new VBox(study, studySummary), 1, 1);
        for (ChartViewer v : List.of(kurtosis, infNorm, quantization, studyOutliers, studyMse)) {
            v.setPrefSize(300, 200);
            v.setMinSize(100, 100);
        }
        VBox.setVgrow(study, Priority.ALWAYS);
        javafx.scene.layout.ColumnConstraints half = new javafx.scene.layout.ColumnConstraints();
        half.setPercentWidth(50);
        grid.getColumnConstraints().addAll(half, half);
        javafx.scene.layout.RowConstraints rowHalf = new javafx.scene.layout.RowConstraints();
        rowHalf.setPercentHeight(50);
        grid.getRowConstraints().addAll(rowHalf, rowHalf);
        pane.setTop(top);
        pane.setCenter(grid);
    }

    Node node() {
        return pane;
    }

    void start() {
        compute.setDisable(true);
        summary.setText("Computing outlier statistics and the W8A8 evaluation on the test split...");
        controller.computeOutliers();
    }

    void runOpened() {
        compute.setDisable(false);
        summary.setText("Run opened: compute its outlier statistics and W8A8 error.");
        kurtosis.setChart(Charts.placeholder("per-module kurtosis appears here"));
        infNorm.setChart(Charts.placeholder("per-module infinity norm appears here"));
        quantization.setChart(Charts.placeholder("FP vs W8A8 appears here"));
    }

    void show(OutlierStudy.Result o, QuantizationStudy.Result q) {
        compute.setDisable(false);
        kurtosis.setChart(Charts.withTooltips(OutlierStudy.kurtosisChart(o)));
        infNorm.setChart(Charts.withTooltips(OutlierStudy.infNormChart(o)));
        quantization.setChart(Charts.withTooltips(BarCharts.chart("Test error, FP32 vs W8A8", "z-scored error", List.of(
                new BarCharts.Bar("FP32", "MSE", q.fp().mse()), new BarCharts.Bar("W8A8", "MSE", q.quantized().mse()),
                new BarCharts.Bar("FP32", "MAE", q.fp().mae()), new BarCharts.Bar("W8A8", "MAE", q.quantized().mae())))));
        summary.setText(String.format("Decoder set: avg kurtosis %.3f, max inf-norm %.3f at %s (%d modules). "
                + "All modules: %.3f / %.3f. W8A8 test MSE %.5f vs FP %.5f (%+.2f%%), prediction drift %.2e, "
                + "%d calibration batches.", o.decoder().averageKurtosis(), o.decoder().maxInfNorm(),
                o.decoder().maxInfNormPath(), o.decoder().paths(), o.all().averageKurtosis(), o.all().maxInfNorm(),
                q.quantized().mse(), q.fp().mse(), 100 * q.degradation(), q.drift(), q.calibrationBatches()));
    }

    void failed(String message) {
        compute.setDisable(false);
        summary.setText(message);
    }

    void showStudy(CompareStudy.Loaded s) {
        List<String> variants = s.rows().stream().map(CompareStudy.Row::separation).toList();
        // a study with tracked cells shows when the outliers appear; older studies their end state
        var curves = StudyCurves.outlierCurves(variants, s.cells(), false);
        studyOutliers.setChart(Charts.withTooltips(curves.isEmpty()
                ? BarCharts.chart("Decoder outliers by variant", "value", CompareStudy.outlierBars(s.rows()))
                : StudyCurves.infNormChart(curves)));
        studyMse.setChart(Charts.withTooltips(BarCharts.chart("Test MSE by variant", "MSE",
                CompareStudy.mseBars(s.rows()))));
        StringBuilder sb = new StringBuilder("Study " + s.file() + " (preset " + s.preset() + "): ");
        for (CompareStudy.Row r : s.rows()) {
            sb.append(String.format("%s %d seed(s), max inf-norm %s, FP %s, W8A8 %s; ", r.separation(), r.seeds(),
                    r.maxInfNorm().text(3), r.fpMse().text(3), r.w8a8Mse().text(3)));
        }
        s.baselines().forEach((name, mse) -> sb.append(String.format("%s baseline %.3f; ", name, mse)));
        studySummary.setText(sb.toString());
    }

    private void chooseStudy() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose a compare study folder (it holds table.json)");
        java.io.File dir = chooser.showDialog(pane.getScene() == null ? null : pane.getScene().getWindow());
        if (dir != null) {
            controller.loadStudy(dir.toPath());
        }
    }
}
