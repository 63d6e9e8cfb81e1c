package org.hopcast.app.gui;

import java.awt.BasicStroke;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.forecasting.charts.ForecastCharts;
import org.hopcast.forecasting.inspect.LayerInspection;
import org.hopcast.forecasting.outliers.OutlierStudy;
import org.hopcast.forecasting.quant.QuantizationStudy;
import org.hopcast.forecasting.run.BuildInfo;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.settings.Settings;
import org.hopcast.forecasting.study.VariantStudy;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.forecasting.train.TrainingProgress;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The main window: a menu (open data, open a run, recent runs, load a compare study), six tabs (Data, Model,
 * Train, Forecast, Outliers, Inspect) and a status bar with the engine and device. Views only: every action
 * goes to {@link GuiController}; what it reports comes back through its listener on the UI thread.
 */
public final class MainView implements GuiController.Listener {
    /** Points drawn per series on the data chart (the file may hold far more rows). */
    static final int MAX_POINTS = 1500;

    /** The tabs, in order (also the screenshot names). */
    static final List<String> TABS = List.of("Data", "Model", "Train", "Forecast", "Outliers", "Inspect");

    private final GuiController controller;
    private final BorderPane root = new BorderPane();
    final TabPane tabs = new TabPane();
    final ModelView model;
    final ForecastView forecast;
    final OutliersView outliers;
    final InspectView inspect;
    final Label dataMessage = new Label("Open a CSV file (or drop one here), or use the built-in ETTh1.");
    final XYSeriesCollection seriesData = new XYSeriesCollection();
    private final JFreeChart dataChart;
    private final VBox checklist = new VBox(4);
    final Button start = new Button("Start training (Ctrl+T)");
    final Button cancel = new Button("Cancel (Esc)");
    final Button resume = new Button("Resume (Ctrl+R)");
    final ProgressBar progress = new ProgressBar(0);
    final Label eta = new Label();
    final Label trainMessage = new Label("Load data, choose a model, then start.");
    final Label modelSummary = new Label();
    final XYSeries trainLoss = new XYSeries("train loss (smoothed)");
    final XYSeries valLoss = new XYSeries("validation MSE");
    final Label status = new Label("Hopcast " + BuildInfo.hopcastVersion() + " | DJL " + BuildInfo.djlVersion()
            + " | loading the engine...");
    final Label runLabel = new Label("no run open");
    private final Menu recentMenu = new Menu("Recent runs");
    /** Messages shown in dialogs (kept for tests and the status line). */
    final List<String> dialogs = new ArrayList<>();
    /** Show errors in dialogs (off in headless tests, where nobody can close them). */
    boolean useDialogs = true;
    /** The running training's progress (the same model as the command line's bar). */
    private TrainingProgress progressModel = new TrainingProgress();
    /** The status line's parts: the engine (once loaded) and the device of the last training. */
    private String engine;
    private String trainingDevice;

    public MainView(GuiController controller) {
        this.controller = controller;
        controller.addListener(this);
        model = new ModelView(controller);
        forecast = new ForecastView(controller);
        outliers = new OutliersView(controller);
        inspect = new InspectView(controller);
        dataChart = ChartFactory.createXYLineChart(null, "time", "value", seriesData);
        ((XYLineAndShapeRenderer) dataChart.getXYPlot().getRenderer()).setDefaultShapesVisible(false);
        ForecastCharts.whiten(dataChart);
        tabs.getTabs().addAll(new Tab("Data", dataTab()), new Tab("Model", model.node()), new Tab("Train", trainTab()),
                new Tab("Forecast", forecast.node()), new Tab("Outliers", outliers.node()),
                new Tab("Inspect", inspect.node()));
        tabs.getTabs().forEach(t -> t.setClosable(false));
        model.onValidityChange(this::updateButtons);
        root.setTop(menu());
        root.setCenter(tabs);
        HBox bar = new HBox(16, status, runLabel);
        bar.setPadding(new Insets(3, 8, 3, 8));
        root.setBottom(bar);
        recentRunsChanged(controller.recentRuns());
        updateButtons();
        controller.describeEngine();
    }

    public Scene scene() {
        Scene scene = new Scene(root, 1280, 800);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseFile);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), this::chooseRun);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), start::fire);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), resume::fire);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN),
                outliers.compute::fire);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), cancel::fire);
        for (int i = 0; i < TABS.size(); i++) {
            int tab = i;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)),
                    KeyCombination.SHORTCUT_DOWN), () -> tabs.getSelectionModel().select(tab));
        }
        return scene;
    }

    Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private MenuBar menu() {
        MenuItem openCsv = new MenuItem("Open CSV...");
        openCsv.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        openCsv.setOnAction(e -> chooseFile());
        MenuItem builtIn = new MenuItem("Built-in ETTh1");
        builtIn.setOnAction(e -> controller.loadData(null));
        MenuItem openRun = new MenuItem("Open run...");
        openRun.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        openRun.setOnAction(e -> chooseRun());
        MenuItem study = new MenuItem("Load compare study...");
        study.setOnAction(e -> outliers.loadStudy.fire());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> Platform.exit());
        Menu file = new Menu("File", null, openCsv, builtIn, new SeparatorMenuItem(), openRun, recentMenu, study,
                new SeparatorMenuItem(), quit);
        MenuItem keys = new MenuItem("Keyboard shortcuts");
        keys.setOnAction(e -> info("Keyboard shortcuts", "Ctrl+O open CSV, Ctrl+Shift+O open run, Ctrl+T start"
                + " training, Esc cancel, Ctrl+R resume, Ctrl+K outliers and W8A8, Ctrl+1..6 switch tabs, Ctrl+Q quit."
                + " Charts: drag to zoom, right-click to export PNG/SVG."));
        return new MenuBar(file, new Menu("Help", null, keys));
    }

    private BorderPane dataTab() {
        Button open = new Button("Open CSV... (Ctrl+O)");
        open.setOnAction(e -> chooseFile());
        Button builtIn = new Button("Built-in ETTh1");
        builtIn.setOnAction(e -> controller.loadData(null));
        dataMessage.setWrapText(true);
        open.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        builtIn.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox top = new HBox(8, open, builtIn, dataMessage);
        top.setPadding(new Insets(8));
        HBox.setHgrow(dataMessage, Priority.ALWAYS);
        BorderPane pane = new BorderPane(new ChartViewer(dataChart));
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
                dropped(e.getDragboard().getFiles().get(0).toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        return pane;
    }

    /** A dropped file is data; a dropped run directory is opened. */
    void dropped(Path p) {
        if (RunDirectory.isRun(p)) {
            openRun(p);
        } else {
            controller.loadData(p);
        }
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a series CSV");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv", "*.csv.gz", "*.tsv"));
        java.io.File f = chooser.showOpenDialog(window());
        if (f != null) {
            controller.loadData(f.toPath());
        }
    }

    private void chooseRun() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a run directory (it holds config.json)");
        if (Files.isDirectory(Path.of("runs"))) {
            chooser.setInitialDirectory(Path.of("runs").toFile());
        }
        java.io.File dir = chooser.showDialog(window());
        if (dir != null) {
            openRun(dir.toPath());
        }
    }

    /** Opens a run directory in the Forecast, Outliers and Inspect tabs. */
    void openRun(Path dir) {
        runLabel.setText("opening " + dir + "...");
        controller.openRun(dir);
    }

    private BorderPane trainTab() {
        cancel.setDisable(true);
        start.setOnAction(e -> startTraining());
        cancel.setOnAction(e -> controller.cancelTraining());
        resume.setOnAction(e -> resumeTraining());
        progress.setPrefWidth(260);
        modelSummary.setWrapText(true);
        HBox controls = new HBox(8, start, cancel, resume, progress, eta);
        controls.setPadding(new Insets(8));
        trainMessage.setWrapText(true);
        VBox top = new VBox(4, controls, modelSummary, trainMessage);
        top.setPadding(new Insets(0, 8, 8, 8));
        XYSeriesCollection losses = new XYSeriesCollection();
        losses.addSeries(trainLoss);
        losses.addSeries(valLoss);
        JFreeChart chart = ChartFactory.createXYLineChart(null, "step", "MSE (z-scored)", losses);
        ForecastCharts.whiten(chart);
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        r.setSeriesShapesVisible(1, true);
        r.setSeriesStroke(0, new BasicStroke(1.2f));
        BorderPane pane = new BorderPane(new ChartViewer(chart));
        pane.setTop(top);
        return pane;
    }

    private void updateButtons() {
        boolean training = controller.isTraining();
        start.setDisable(training || !model.isValid());
        cancel.setDisable(!training);
        Path run = controller.currentRun();
        resume.setDisable(training || run == null || !RunDirectory.hasCheckpoint(run));
        Map<String, Object> s = model.settings();
        modelSummary.setText(model.isValid() ? "Model: " + s.get("separation") + ", preset " + s.get("preset")
                + ", d_model " + s.get("d-model") + ", " + s.get("epochs") + " epochs, time budget "
                + s.get("max-minutes") + " min, device " + s.get("device") + " (change on the Model tab)."
                : "The Model tab has a problem: " + model.problem.getText());
    }

    void startTraining() {
        if (controller.data() == null) {
            trainMessage.setText("Load data first (Data tab).");
            return;
        }
        if (!model.isValid()) {
            trainMessage.setText("Fix the settings on the Model tab: " + model.problem.getText());
            return;
        }
        Path dir = RunDirectory.defaultPath("gui-" + model.selectedSeparation());
        startTraining(model.settings(), dir);
    }

    /** Starts a training with these settings (the GUI's button and tests both come here). */
    void startTraining(Map<String, Object> settings, Path dir) {
        try {
            controller.startTraining(settings, dir);
        } catch (IllegalArgumentException | IllegalStateException e) {
            trainMessage.setText(e.getMessage());
        }
    }

    void resumeTraining() {
        Path run = controller.currentRun();
        Object minutes = model.settings().get("max-minutes");
        Double budget = null;
        try {
            budget = minutes == null ? null : Double.valueOf(minutes.toString());
        } catch (NumberFormatException e) {
            // keep the run's own budget
        }
        try {
            controller.resumeTraining(run, budget);
        } catch (IllegalArgumentException | IllegalStateException e) {
            trainMessage.setText(e.getMessage());
        }
    }

    @Override
    public void trainingStarted(Path runDir, boolean resumed) {
        trainLoss.clear();
        valLoss.clear();
        progressModel = new TrainingProgress();
        eta.setText("");
        updateButtons();
        trainMessage.setText((resumed ? "Resuming " : "Training into ") + runDir + " ...");
        runLabel.setText("training " + runDir);
    }

    @Override
    public void trainingPlanned(TrainingListener.Plan p) {
        progressModel.start(p);
        trainingDevice = p.device().replace("()", "");
        showStatus();
    }

    private void showStatus() {
        if (engine != null) {
            status.setText(engine + (trainingDevice == null ? "" : " | training on " + trainingDevice));
        }
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
        model.validate();
    }

    @Override
    public void dataFailed(String message) {
        dataMessage.setStyle("-fx-text-fill: #b00020;");
        dataMessage.setText(message);
    }

    @Override
    public void trainingStep(TrainingListener.Step s) {
        progressModel.step(s, System.nanoTime());
        trainLoss.add(s.globalStep(), progressModel.smoothedLoss());
        trainMessage.setText(String.format("epoch %d, step %d/%d, loss %.4f, lr %.2e", s.epoch(), s.stepInEpoch(),
                s.stepsPerEpoch(), s.loss(), s.learningRate()));
        progress.setProgress(progressModel.planFraction());
        if (progressModel.plannedEpochs() == 0) {
            return;
        }
        Object budget = model.settings().get(Settings.MAX_MINUTES.key());
        eta.setText(String.format("about %s left (all epochs%s)", TrainingProgress.duration(
                progressModel.planSecondsLeft()), budget != null && !"0".equals(budget)
                        ? "; the time budget may stop it sooner" : ""));
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
    public void trainingFinished(RunService.TrainOutcome r, String error) {
        progress.setProgress(0);
        eta.setText("");
        if (error != null) {
            trainMessage.setText(error);
            runLabel.setText("training failed");
            error("Training failed", error);
        } else if (r.test() == null) {
            trainMessage.setText("Stopped (" + r.stop().description() + ") before a model could be tested. "
                    + "Resume continues it.");
            runLabel.setText("run " + r.runDir());
        } else {
            trainMessage.setText(String.format("Stopped: %s. Test MSE %.4f, MAE %.4f of the best epoch (%d);"
                    + " persistence %.4f. %sRun: %s", r.note() != null ? r.note() : r.stop().description(),
                    r.test().mse(), r.test().mae(), r.bestEpoch(), r.persistenceMse(),
                    r.verdict() == null ? "It beats every baseline. " : r.verdict() + " ", r.runDir()));
            runLabel.setText("opening " + r.runDir() + "...");
        }
        updateButtons();
    }

    @Override
    public void runOpened(GuiController.OpenedRun run) {
        runLabel.setText("run " + run.dir() + " (" + run.spec().model().separation() + ")");
        if (!controller.isTraining() && !run.history().isEmpty() && trainLoss.getItemCount() == 0) {
            for (EpochRecord e : run.history()) {
                trainLoss.add(e.epoch(), e.trainLoss());
                valLoss.add(e.epoch(), e.valMse());
            }
            trainMessage.setText("Opened " + run.dir() + ": " + run.history().size() + " epochs in its history"
                    + " (per-epoch train loss and validation MSE shown).");
        }
        forecast.show(run);
        outliers.runOpened();
        inspect.show(run);
        updateButtons();
    }

    @Override
    public void outliersReady(OutlierStudy.Result o, QuantizationStudy.Result q) {
        outliers.show(o, q);
    }

    @Override
    public void inspectionReady(LayerInspection i) {
        inspect.showInspection(i);
    }

    @Override
    public void studyLoaded(VariantStudy.Loaded s) {
        outliers.showStudy(s);
    }

    @Override
    public void exported(List<Path> files) {
        info("Exported", "Wrote " + files.size() + " files: " + files);
    }

    @Override
    public void engineReady(String description) {
        engine = description;
        showStatus();
    }

    @Override
    public void failed(String what, String message) {
        switch (what) {
            case "outliers" -> outliers.failed(message);
            case "inspect" -> inspect.failed(message);
            case "open run" -> runLabel.setText("no run open");
            default -> { }
        }
        if (!what.equals("inspect")) {
            error(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " failed", message);
        }
    }

    @Override
    public void recentRunsChanged(List<Path> runs) {
        recentMenu.getItems().clear();
        for (Path p : runs) {
            MenuItem item = new MenuItem(p.toString());
            item.setOnAction(e -> openRun(p));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(runs.isEmpty());
    }

    private void error(String title, String message) {
        dialog(Alert.AlertType.ERROR, title, message);
    }

    private void info(String title, String message) {
        dialog(Alert.AlertType.INFORMATION, title, message);
    }

    private void dialog(Alert.AlertType type, String title, String message) {
        dialogs.add(title + ": " + message);
        if (useDialogs) {
            Alert a = new Alert(type, message);
            a.setHeaderText(title);
            a.initOwner(window());
            a.show();
        }
    }
}
