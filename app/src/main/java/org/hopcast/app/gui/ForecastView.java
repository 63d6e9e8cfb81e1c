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

import org.hopcast.forecasting.charts.ForecastCharts;
import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.IntervalReport;
import org.hopcast.forecasting.eval.IntervalScores;
import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.eval.PredictionIntervals;
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
    final RadioButton showBacktest = new RadioButton("Backtest: the forecast made at an origin");
    final Slider origin = new Slider(0, 1, 0);
    final Label originLabel = new Label();
    final javafx.scene.control.Spinner<Integer> backtestStep = new javafx.scene.control.Spinner<>(1, 10_000, 1);
    final Button backtest = new Button("Backtest the test split");
    final Label backtestSummary = new Label();
    final javafx.scene.control.CheckBox memory = new javafx.scene.control.CheckBox("Memory: Plug-and-Play over the"
            + " training windows");
    final Label memorySummary = new Label();
    /** The test windows' forecasts with the memory, once evaluated (drawn beside the model's while it is on). */
    org.hopcast.forecasting.eval.Forecasts memoryForecasts;
    private String memoryName;
    private org.hopcast.forecasting.service.RunService.Backtested backtested;
    final ChartViewer splitViewer = Charts.viewer("Train a model or open a run (File > Open run) to see forecasts.");
    final ChartViewer detailViewer = Charts.viewer("");
    final TableView<Row> metrics = new TableView<>();
    final Label summary = new Label();
    final Button export = new Button("Export CSV and charts...");
    final Button retrain = new Button("Retrain on all data");
    /** For a model with future covariates: the file of their values over the forecast period. */
    final Button futureFile = new Button("Future covariates...");
    final Label finalModel = new Label();
    private final BorderPane pane = new BorderPane();
    private GuiController.OpenedRun run;

    /** The run shown (null: none yet). */
    GuiController.OpenedRun shownRun() {
        return run;
    }

    ForecastView(GuiController controller) {
        this.controller = controller;
        ToggleGroup g = new ToggleGroup();
        showWindow.setToggleGroup(g);
        showFuture.setToggleGroup(g);
        showBacktest.setToggleGroup(g);
        showBacktest.setDisable(true);
        origin.setBlockIncrement(1);
        origin.setMajorTickUnit(1);
        origin.setSnapToTicks(true);
        origin.setPrefWidth(220);
        origin.setDisable(true);
        origin.valueProperty().addListener((o, a, b) -> redrawDetail());
        originLabel.setWrapText(true);
        originLabel.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        backtestSummary.setWrapText(true);
        backtestSummary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        backtestStep.setEditable(true);
        backtestStep.setPrefWidth(90);
        backtest.setDisable(true);
        backtest.setTooltip(new javafx.scene.control.Tooltip("Forecast from every N-th origin of the test split with this"
                + " run's model, beside the baselines, with Diebold-Mariano tests (hopcast backtest for date ranges,"
                + " refits and the files)."));
        backtest.setOnAction(e -> startBacktest());
        memorySummary.setWrapText(true);
        memorySummary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        memory.setDisable(true);
        memory.setTooltip(new javafx.scene.control.Tooltip("The frozen model forecasts from its input mixed with the"
                + " training windows nearest to it (STanHop-Net's train-less memory plug-in); the mix is chosen on"
                + " validation. Compares the test windows with and without it (evaluate --memory for other banks and"
                + " Tune-and-Play)."));
        memory.setOnAction(e -> toggleMemory());
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
        retrain.setOnAction(e -> retrainOnAllData());
        futureFile.setDisable(true);
        futureFile.setTooltip(new javafx.scene.control.Tooltip("A model that takes covariates known ahead forecasts"
                + " beyond the end of the file only with their values over the forecast period: a CSV of the time"
                + " column and those columns (for one series of many, with its id columns too)."));
        futureFile.setOnAction(e -> {
            javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
            chooser.setTitle("The future covariates over the forecast period");
            java.io.File f = chooser.showOpenDialog(pane.getScene() == null ? null : pane.getScene().getWindow());
            if (f != null) {
                controller.futureWith(f.toPath());
            }
        });
        retrain.setDisable(true);
        retrain.setTooltip(new javafx.scene.control.Tooltip("Train this run's configuration on every row (train,"
                + " validation and test) for the epochs it needed, as the model to deploy; its quality statement stays"
                + " this run's test metrics and intervals."));
        finalModel.setWrapText(true);
        finalModel.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        summary.setWrapText(true);
        metrics.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        modelColumns();
        metrics.setPrefWidth(420);
        metrics.setPrefHeight(250);
        summary.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox side = new VBox(8, new Label("Series"), series, new Label("Steps ahead (top chart)"), horizon,
                new Label("Lower chart"), showWindow, window, windowLabel, showFuture, futureFile,
                new javafx.scene.layout.HBox(6, backtest, new Label("every"), backtestStep, new Label("rows")), showBacktest,
                origin, originLabel, backtestSummary, memory, memorySummary, export, retrain, finalModel,
                wrapped("Test metrics of the model (MSE and MAE on z-scored values, then in original units), the share"
                        + " of test truths inside its conformal intervals and their mean width (original units; z-scored"
                        + " for all series), and the baselines' MSE on the same windows (scroll right)"), metrics,
                summary);
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

    /**
     * One line of the metrics table: a series (or all of them) with the model's metrics and each baseline's.
     */
    record Row(String series, Metrics.SeriesMetrics model, List<Metrics.SeriesMetrics> baselines,
            List<Interval> intervals) {
        double mse() {
            return model.mse();
        }
    }

    /** A row's empirical coverage and mean interval width (original units; z-scored for all series). */
    record Interval(double coverage, double width) {
    }

    private interface Text {
        String of(Row r);
    }

    private void modelColumns() {
        metrics.getColumns().setAll(List.of(column("series", Row::series), column("MSE", r -> fmt(r.model().mse())),
                column("MAE", r -> fmt(r.model().mae())), column("MSE orig", r -> fmt(r.model().mseOriginal())),
                column("MAE orig", r -> fmt(r.model().maeOriginal()))));
    }

    private static TableColumn<Row, String> column(String title, Text text) {
        TableColumn<Row, String> c = new TableColumn<>(title);
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

    /**
     * The table's rows: all series, then each series; the model's metrics, its intervals' coverage and width (when
     * the run has them), beside each baseline's metrics.
     */
    static List<Row> rows(Metrics m, Baselines b, IntervalReport intervals) {
        List<IntervalScores.Level> levels = intervals == null ? List.of() : intervals.shown().levels();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("all series", m.overall(), b.results().stream().map(x -> x.test().overall()).toList(),
                levels.stream().map(l -> new Interval(l.coverage(), l.meanWidth())).toList()));
        for (int c = 0; c < m.perSeries().size(); c++) {
            int k = c;
            rows.add(new Row(m.perSeries().get(c).series(), m.perSeries().get(c),
                    b.results().stream().map(x -> x.test().perSeries().get(k)).toList(),
                    levels.stream().map(l -> new Interval(l.perSeries().get(k).coverage(),
                            l.perSeries().get(k).meanWidthOriginal())).toList()));
        }
        return rows;
    }

    /**
     * What the Hopfield layers added, for a model with a linear path: the linear part's test MSE alone beside the
     * model's (the window chart draws both forecasts).
     */
    static String linearPartSummary(GuiController.OpenedRun r) {
        if (r.linearPartMetrics() == null) {
            return "";
        }
        double linear = r.linearPartMetrics().mse();
        return String.format(" Its linear part alone has test MSE %.4f; the Hopfield layers' correction makes it %.4f"
                + " (%+.1f%%).", linear, r.metrics().mse(), 100 * (r.metrics().mse() / linear - 1));
    }

    /** One sentence per coverage: how often the truth fell inside, against persistence's fan. */
    static String intervalSummary(IntervalReport r) {
        if (r == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" Intervals (" + r.method() + " conformal):");
        for (IntervalScores.Level l : r.shown().levels()) {
            IntervalScores.Level p = r.persistence().get(r.method()).level(l.nominal());
            sb.append(String.format(" %s%% bands hold %s of the test truths (interval score %.3f; persistence's fan %s,"
                    + " %.3f);", PredictionIntervals.percent(l.nominal()), pct(l.coverage()), l.winkler(),
                    pct(p.coverage()), p.winkler()));
        }
        r.notes().forEach(n -> sb.append(' ').append(n).append('.'));
        return sb.toString();
    }

    private static String pct(double v) {
        return String.format("%.1f%%", 100 * v);
    }

    void show(GuiController.OpenedRun r) {
        this.run = r;
        backtested = null;
        showBacktest.setDisable(true);
        origin.setDisable(true);
        originLabel.setText("");
        backtestSummary.setText("");
        backtest.setDisable(false);
        memory.setSelected(false);
        memory.setDisable(false);
        memorySummary.setText("");
        memoryForecasts = null; // the last run's
        if (showBacktest.isSelected()) {
            showWindow.setSelected(true);
        }
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
        metrics.getItems().setAll(rows(r.metrics(), r.baselines(), r.intervals()));
        modelColumns();
        List<Double> nominal = r.intervals() == null ? List.of() : r.intervals().coverages();
        for (int i = 0; i < nominal.size(); i++) {
            int k = i;
            String p = PredictionIntervals.percent(nominal.get(i));
            metrics.getColumns().add(column(p + "% covered", row -> pct(row.intervals().get(k).coverage())));
            metrics.getColumns().add(column(p + "% width", row -> fmt(row.intervals().get(k).width())));
        }
        List<Baselines.Result> bs = r.baselines().results();
        for (int i = 0; i < bs.size(); i++) {
            int k = i;
            metrics.getColumns().add(column(bs.get(i).name() + " MSE", row -> fmt(row.baselines().get(k).mse())));
            metrics.getColumns().add(column(bs.get(i).name() + " orig", row -> fmt(row.baselines().get(k).mseOriginal())));
        }
        summary.setText(String.format("%s: %d test windows; %,d parameters, %s.%s%s", r.dir(), r.testWindows(),
                r.parameters(), r.spec().model().separation(),
                r.verdict() == null ? " The model beats every baseline (" + bs.stream().map(Baselines.Result::name)
                        .collect(java.util.stream.Collectors.joining(", ")) + ") on validation and test."
                        : " " + r.verdict(),
                r.futureError() == null ? "" : " No forecast beyond the end: " + r.futureError())
                + linearPartSummary(r) + intervalSummary(r.intervals()));
        summary.setStyle(r.verdict() == null ? "" : "-fx-text-fill: #b00020;");
        export.setDisable(false);
        // a final model of many series forecasts them all, which this view (one series) does not show
        retrain.setDisable(r.series() != null);
        futureFile.setDisable(r.spec().data().futureCovariates() == null || r.spec().data().futureCovariates().isEmpty());
        finalModel.setText(r.series() == null ? "" : "Series " + r.series() + " of a run over " + r.seriesIds().size()
                + ": choose another in the status bar; its intervals and memories are its own. The final model of"
                + " all the series is trained from the command line (train --final --from " + r.dir() + ").");
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
        if (showBacktest.isSelected() && backtested != null) {
            int i = (int) Math.round(origin.getValue());
            org.hopcast.forecasting.eval.Backtest.Origin o = backtested.report().origins().get(i);
            JFreeChart chart = ForecastCharts.windowChart(backtested.forecasts(), null, backtested.table(),
                    backtested.scaler(), c, i);
            chart.setTitle("Forecast made at " + o.time() + ": " + run.data().table().columns().get(c));
            detailViewer.setChart(Charts.compact(chart));
            StringBuilder sb = new StringBuilder(String.format("origin %d of %d, %s: MSE", i + 1,
                    backtested.report().originCount(), o.time()));
            o.scores().forEach((name, s) -> sb.append(String.format(java.util.Locale.ROOT, " %s %.4f,", name, s.mse())));
            o.coverage().forEach((p, v) -> sb.append(String.format(java.util.Locale.ROOT, " %s%% band holds %s,", p,
                    pct(v))));
            originLabel.setText(sb.substring(0, sb.length() - 1));
        } else if (showFuture.isSelected() && run.future() != null) {
            detailViewer.setChart(Charts.compact(ForecastCharts.futureChart(run.data().table(), c,
                    run.spec().model().inLen(), run.future().values(), run.future().stepMillis(),
                    run.future().bands())));
        } else {
            org.hopcast.forecasting.eval.Forecasts withMemory = memory.isSelected() ? memoryForecasts : null;
            detailViewer.setChart(Charts.compact(ForecastCharts.windowChart(run.test(), run.linearPart(), withMemory,
                    memoryName, run.data().table(), run.data().scaler(), c, w)));
        }
    }

    /** Asks for a backtest of the shown run at the chosen step. */
    void startBacktest() {
        if (run == null) {
            return;
        }
        Integer step = backtestStep.getValue();
        backtest.setDisable(true);
        backtestSummary.setText("Backtesting...");
        controller.backtest(step == null ? 1 : step);
    }

    /** A backtest of the shown run: the slider runs over its origins, the summary says what it found. */
    void showBacktest(org.hopcast.forecasting.service.RunService.Backtested b) {
        backtest.setDisable(false);
        if (run == null) {
            return;
        }
        backtested = b;
        org.hopcast.forecasting.eval.Backtest r = b.report();
        origin.setMax(Math.max(0, r.originCount() - 1));
        origin.setValue(0);
        origin.setDisable(r.originCount() <= 1);
        showBacktest.setDisable(false);
        StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT, "Backtest, %d origins from %s to %s"
                + " (every %d rows), MSE over all of them:", r.originCount(), r.from(), r.to(), r.step()));
        for (String f : r.forecasters()) {
            sb.append(String.format(java.util.Locale.ROOT, " %s %.4f,", f, r.overall().get(f).mse()));
        }
        sb.setLength(sb.length() - 1);
        sb.append('.');
        for (org.hopcast.forecasting.eval.Backtest.Comparison cmp : r.comparisons()) {
            sb.append(' ').append(cmp.reading(r.overall()));
        }
        backtestSummary.setText(sb.toString());
        showBacktest.setSelected(true);
        redrawDetail();
    }

    /** Memory on: evaluates the shown run with it; off: the model alone again. */
    void toggleMemory() {
        if (!memory.isSelected()) {
            memorySummary.setText("");
            redrawDetail();
            return;
        }
        if (run == null) {
            memory.setSelected(false);
            return;
        }
        memory.setDisable(true);
        memorySummary.setText("Choosing the memory's mix on validation...");
        controller.memory("pnp", "train");
    }

    /** The shown run with its memory: what it changed, over all test windows and the sudden ones. */
    void showMemory(org.hopcast.forecasting.service.MemoryEvaluation m, org.hopcast.forecasting.eval.Forecasts with) {
        memory.setDisable(run == null);
        boolean sameWindows = run != null && with != null && with.windows().size() == run.test().windows().size();
        memoryForecasts = sameWindows ? with : null;
        memoryName = "with the memory (" + m.bank() + " bank; " + m.settingText() + ")";
        if (memory.isSelected()) {
            memorySummary.setText(m.reading());
            redrawDetail();
        }
    }

    void memoryFailed(String message) {
        memory.setDisable(run == null);
        memory.setSelected(false);
        memorySummary.setText("Memory failed: " + message);
    }

    void backtestFailed(String message) {
        backtest.setDisable(run == null);
        backtestSummary.setText("Backtest failed: " + message);
    }

    /** Starts the final model's training for the shown run (the Train tab shows its progress). */
    void retrainOnAllData() {
        if (run == null) {
            return;
        }
        try {
            controller.retrainOnAllData(run.dir());
            retrain.setDisable(true);
            finalModel.setText("Training the final model on all rows (progress in the Train tab)...");
        } catch (IllegalStateException e) {
            finalModel.setText(e.getMessage());
        }
    }

    /** The forecast beyond the end of the file made with the future covariates of {@code file}. */
    void showFuture(org.hopcast.forecasting.eval.FutureForecast future, java.nio.file.Path file) {
        if (run == null) {
            return;
        }
        run = run.withFuture(future);
        finalModel.setText("Beyond the end of the file: forecast with the future covariates of " + file + ".");
        showFuture.setDisable(false);
        showFuture.setSelected(true);
        redrawDetail();
    }

    /** The final model trained from the shown run: its forecast replaces the one beyond the end of the file. */
    void showFinalModel(java.nio.file.Path dir, org.hopcast.forecasting.eval.FutureForecast future) {
        if (run == null) {
            return;
        }
        run = run.withFuture(future);
        retrain.setDisable(false);
        finalModel.setText("Beyond the end of the file: the final model in " + dir + ", trained on every row; its"
                + " quality statement is this run's test metrics and intervals.");
        showFuture.setDisable(false);
        showFuture.setSelected(true);
        redrawDetail();
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
