package org.hopcast.app.gui;

import java.awt.BasicStroke;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.forecasting.BatchRunner;
import org.hopcast.forecasting.BuildInfo;
import org.hopcast.forecasting.Presets;
import org.hopcast.forecasting.RunSettings;
import org.hopcast.forecasting.train.EpochRecord;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.hopfield.Separation;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The main window: a Data tab (open a CSV or the built-in ETTh1, every series on one chart with a checklist
 * and the split borders, validation problems as a readable message) and a Train tab (separation function and
 * preset, start and cancel, a progress bar, live training and validation loss), over a status bar with the
 * engine and device. Views only: every action goes to {@link GuiController}.
 */
public final class MainView implements GuiController.Listener {
    /** Points drawn per series on the data chart (the file may hold far more rows). */
    static final int MAX_POINTS = 1500;

    private final GuiController controller;
    private final BorderPane root = new BorderPane();
    final Label dataMessage = new Label("Open a CSV file, or use the built-in ETTh1.");
    final XYSeriesCollection seriesData = new XYSeriesCollection();
    private final JFreeChart dataChart;
    private final VBox checklist = new VBox(4);
    final ComboBox<String> separation = new ComboBox<>();
    final ComboBox<String> preset = new ComboBox<>();
    final TextField minutes = new TextField("1");
    final Button start = new Button("Start training");
    final Button cancel = new Button("Cancel");
    final ProgressBar progress = new ProgressBar(0);
    final Label trainMessage = new Label("Load data, choose a model, then start.");
    final Label separationHelp = new Label();
    final XYSeries trainLoss = new XYSeries("train loss (smoothed)");
    final XYSeries valLoss = new XYSeries("validation MSE");
    private double smoothed = Double.NaN;

    public MainView(GuiController controller) {
        this.controller = controller;
        controller.addListener(this);
        dataChart = ChartFactory.createXYLineChart(null, "time", "value", seriesData);
        dataChart.getXYPlot().setDomainAxis(new org.jfree.chart.axis.DateAxis("time (UTC)"));
        ((XYLineAndShapeRenderer) dataChart.getXYPlot().getRenderer()).setDefaultShapesVisible(false);
        whiten(dataChart);
        TabPane tabs = new TabPane(new Tab("Data", dataTab()), new Tab("Train", trainTab()));
        tabs.getTabs().forEach(t -> t.setClosable(false));
        root.setCenter(tabs);
        Label status = new Label("Hopcast " + BuildInfo.hopcastVersion() + " | DJL " + BuildInfo.djlVersion()
                + " | threads " + System.getProperty("ai.djl.pytorch.num_threads", "default"));
        status.setPadding(new Insets(3, 8, 3, 8));
        root.setBottom(status);
    }

    public Scene scene() {
        Scene scene = new Scene(root, 1200, 760);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseFile);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), start::fire);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), cancel::fire);
        return scene;
    }

    private BorderPane dataTab() {
        Button open = new Button("Open CSV... (Ctrl+O)");
        open.setOnAction(e -> chooseFile());
        Button builtIn = new Button("Built-in ETTh1");
        builtIn.setOnAction(e -> controller.loadData(null));
        dataMessage.setWrapText(true);
        HBox top = new HBox(8, open, builtIn, dataMessage);
        top.setPadding(new Insets(8));
        HBox.setHgrow(dataMessage, Priority.ALWAYS);
        BorderPane pane = new BorderPane(new ChartViewer(dataChart));
        pane.setTop(top);
        ScrollPane side = new ScrollPane(checklist);
        checklist.setPadding(new Insets(8));
        side.setPrefWidth(180);
        pane.setRight(side);
        return pane;
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a series CSV");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv", "*.csv.gz", "*.tsv"));
        Window w = root.getScene() == null ? null : root.getScene().getWindow();
        java.io.File f = chooser.showOpenDialog(w);
        if (f != null) {
            controller.loadData(f.toPath());
        }
    }

    private BorderPane trainTab() {
        separation.getItems().addAll(Separation.names());
        separation.setValue(Separation.DEFAULT.name());
        separation.valueProperty().addListener((o, a, b) -> separationHelp.setText(Separation.parse(b).description()));
        separationHelp.setText(Separation.DEFAULT.description());
        separationHelp.setWrapText(true);
        preset.getItems().addAll(Presets.names());
        preset.setValue(RunSettings.DEFAULT_PRESET);
        minutes.setPrefColumnCount(4);
        cancel.setDisable(true);
        start.setOnAction(e -> startTraining());
        cancel.setOnAction(e -> controller.cancelTraining());
        progress.setPrefWidth(260);
        HBox controls = new HBox(8, new Label("Separation"), separation, new Label("Preset"), preset,
                new Label("Minutes"), minutes, start, cancel, progress);
        controls.setPadding(new Insets(8));
        VBox top = new VBox(4, controls, separationHelp, trainMessage);
        top.setPadding(new Insets(0, 8, 8, 8));
        XYSeriesCollection losses = new XYSeriesCollection();
        losses.addSeries(trainLoss);
        losses.addSeries(valLoss);
        JFreeChart chart = ChartFactory.createXYLineChart(null, "step", "MSE (z-scored)", losses);
        whiten(chart);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        r.setSeriesShapesVisible(1, true);
        r.setSeriesStroke(0, new BasicStroke(1.2f));
        BorderPane pane = new BorderPane(new ChartViewer(chart));
        pane.setTop(top);
        return pane;
    }

    private static void whiten(JFreeChart chart) {
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setDomainGridlinePaint(new java.awt.Color(220, 220, 220));
        plot.setRangeGridlinePaint(new java.awt.Color(220, 220, 220));
    }

    void startTraining() {
        if (controller.data() == null) {
            trainMessage.setText("Load data first (Data tab).");
            return;
        }
        double m;
        try {
            m = Double.parseDouble(minutes.getText().trim());
            if (!(m > 0)) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            trainMessage.setText("Minutes must be a positive number.");
            return;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("preset", preset.getValue());
        s.put("separation", separation.getValue());
        s.put("max-minutes", m);
        Path dir = Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-gui-"
                + separation.getValue());
        startTraining(s, dir);
    }

    /** Starts a training with these settings (the GUI's button and tests both come here). */
    void startTraining(Map<String, Object> settings, Path dir) {
        trainLoss.clear();
        valLoss.clear();
        smoothed = Double.NaN;
        try {
            controller.startTraining(settings, dir);
        } catch (IllegalArgumentException | IllegalStateException e) {
            trainMessage.setText(e.getMessage());
            return;
        }
        start.setDisable(true);
        cancel.setDisable(false);
        trainMessage.setText("Training into " + dir + " ...");
    }

    @Override
    public void dataLoaded(PreparedSeries data) {
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
        dataMessage.setText(t.source().name() + ": " + t.rows() + " rows, " + t.columnCount() + " series; split "
                + data.layout().protocol().name() + " " + data.layout().sizes().train() + "/"
                + data.layout().sizes().val() + "/" + data.layout().sizes().test()
                + (t.fillReport().filledCells() > 0 ? "; " + t.fillReport().filledCells() + " cells repaired" : ""));
    }

    @Override
    public void dataFailed(String message) {
        dataMessage.setStyle("-fx-text-fill: #b00020;");
        dataMessage.setText(message);
    }

    @Override
    public void trainingStep(TrainingListener.Step s) {
        smoothed = Double.isNaN(smoothed) ? s.loss() : 0.9 * smoothed + 0.1 * s.loss();
        trainLoss.add(s.globalStep(), smoothed);
        progress.setProgress((double) s.stepInEpoch() / s.stepsPerEpoch());
        trainMessage.setText(String.format("epoch %d, step %d/%d, loss %.4f, lr %.2e", s.epoch(), s.stepInEpoch(),
                s.stepsPerEpoch(), s.loss(), s.learningRate()));
    }

    @Override
    public void trainingEpoch(EpochRecord e) {
        double x = trainLoss.getItemCount() == 0 ? e.epoch() : trainLoss.getMaxX();
        valLoss.add(x, e.valMse());
    }

    @Override
    public void trainingMessage(String message) {
        trainMessage.setText(message);
    }

    @Override
    public void trainingFinished(BatchRunner.TrainOutcome r, String error) {
        start.setDisable(false);
        cancel.setDisable(true);
        progress.setProgress(0);
        if (error != null) {
            trainMessage.setText(error);
        } else if (r.test() == null) {
            trainMessage.setText("Stopped (" + r.stop().description() + ") before a model could be tested.");
        } else {
            trainMessage.setText(String.format("Stopped: %s. Test MSE %.4f, MAE %.4f (persistence %.4f). Run: %s",
                    r.stop().description(), r.test().mse(), r.test().mae(), r.persistenceMse(), r.runDir()));
        }
    }
}
