package org.hopcast.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.forecasting.inspect.LayerInspection;
import org.hopcast.forecasting.outliers.OutlierStudy;
import org.hopcast.forecasting.quant.QuantizationStudy;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.OutlierRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.machine.BuildInfo;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.study.CompareStudy;
import org.hopcast.forecasting.train.TrainingListener;

/**
 * The main window: a menu (open data, open a run, recent runs, load a compare study), six tabs (Data, Model,
 * Train, Forecast, Outliers, Inspect) and a status bar with the engine and device. Views only: every action
 * goes to {@link GuiController}; what it reports comes back through its listener on the UI thread.
 */
public final class MainView implements GuiController.Listener {
    /** The tabs, in order (also the screenshot names). */
    static final List<String> TABS = List.of("Data", "Model", "Train", "Forecast", "Outliers", "Inspect");

    private final GuiController controller;
    private final BorderPane root = new BorderPane();
    final TabPane tabs = new TabPane();
    final ModelView model;
    final ForecastView forecast;
    final OutliersView outliers;
    final InspectView inspect;
    final DataView data;
    final TrainView train;
    final Label status = new Label("Hopcast " + BuildInfo.describe() + " | DJL " + BuildInfo.djlVersion()
            + " | loading the engine...");
    final Label runLabel = new Label("no run open");
    /** Where the sample files are written (beside runs/, as the README's example does). */
    static final Path SAMPLE_DIR = Path.of("examples");
    /** The series shown of a run over many (hidden for a run over one): choosing another opens it. */
    final ChoiceBox<String> series = new ChoiceBox<>();
    private final Label seriesLabel = new Label("Series");
    /** The run whose series {@link #series} lists; null while it is being filled (no reopening then). */
    private Path seriesRun;
    private final Menu recentMenu = new Menu("Recent runs");
    /** Messages shown in dialogs (kept for tests and the status line). */
    final List<String> dialogs = new ArrayList<>();
    /** Show errors in dialogs (off in headless tests, where nobody can close them). */
    boolean useDialogs = true;
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
        data = new DataView(controller, this::chooseFile, this::dropped);
        train = new TrainView(controller, model);
        tabs.getTabs().addAll(new Tab("Data", data.node()), new Tab("Model", model.node()), new Tab("Train", train.node()),
                new Tab("Forecast", forecast.node()), new Tab("Outliers", outliers.node()),
                new Tab("Inspect", inspect.node()));
        tabs.getTabs().forEach(t -> t.setClosable(false));
        model.onValidityChange(train::updateButtons);
        root.setTop(menu());
        root.setCenter(tabs);
        seriesLabel.setLabelFor(series);
        showSeries(null);
        series.getSelectionModel().selectedItemProperty().addListener((o, was, id) -> {
            if (seriesRun != null && id != null && !id.equals(was)) {
                runLabel.setText("opening series " + id + " of " + seriesRun + "...");
                controller.openRun(seriesRun, id);
            }
        });
        HBox bar = new HBox(16, status, runLabel, seriesLabel, series);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        root.setBottom(bar);
        recentRunsChanged(controller.recentRuns());
        train.updateButtons();
        controller.describeEngine();
    }

    public Scene scene() {
        Scene scene = new Scene(root, 1280, 800);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), this::chooseFile);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
                KeyCombination.SHIFT_DOWN), this::chooseRun);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN), train.start::fire);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN), train.resume::fire);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.K, KeyCombination.SHORTCUT_DOWN),
                outliers.compute::fire);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), train.cancel::fire);
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
        MenuItem retail = new MenuItem("Retail example (promotions known ahead)");
        retail.setOnAction(e -> controller.loadRetailSample(SAMPLE_DIR));
        MenuItem openRun = new MenuItem("Open run...");
        openRun.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        openRun.setOnAction(e -> chooseRun());
        MenuItem study = new MenuItem("Load compare study...");
        study.setOnAction(e -> outliers.loadStudy.fire());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> Platform.exit());
        Menu file = new Menu("File", null, openCsv, builtIn, retail, new SeparatorMenuItem(), openRun, recentMenu, study,
                new SeparatorMenuItem(), quit);
        MenuItem keys = new MenuItem("Keyboard shortcuts");
        keys.setOnAction(e -> info("Keyboard shortcuts", "Ctrl+O open CSV, Ctrl+Shift+O open run, Ctrl+T start"
                + " training, Esc cancel, Ctrl+R resume, Ctrl+K outliers and W8A8, Ctrl+1..6 switch tabs, Ctrl+Q quit."
                + " Charts: drag to zoom, right-click to export PNG/SVG."));
        return new MenuBar(file, new Menu("Help", null, keys));
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

    @Override
    public void trainingPlanned(TrainingListener.Plan p) {
        train.trainingPlanned(p);
        trainingDevice = p.device().replace("()", "");
        showStatus();
    }

    private void showStatus() {
        if (engine != null) {
            status.setText(engine + (trainingDevice == null ? "" : " | training on " + trainingDevice));
        }
    }

    @Override
    public void dataLoaded(PreparedSeries loaded) {
        data.dataLoaded(loaded);
        model.fitLengths();
        model.validate();
    }

    @Override
    public void dataFailed(String message) {
        data.dataFailed(message);
    }

    @Override
    public void trainingStarted(Path runDir, boolean resumed) {
        train.trainingStarted(runDir, resumed);
        runLabel.setText("training " + runDir);
    }

    @Override
    public void trainingStep(TrainingListener.Step s) {
        train.trainingStep(s);
    }

    @Override
    public void trainingOutliers(OutlierRecord o) {
        train.trainingOutliers(o);
    }

    @Override
    public void trainingEpoch(EpochRecord e) {
        train.trainingEpoch(e);
    }

    @Override
    public void trainingMessage(String message) {
        train.trainingMessage(message);
    }

    @Override
    public void trainingFinished(RunService.TrainOutcome r, String error) {
        runLabel.setText(train.trainingFinished(r, error));
        if (error != null) {
            error("Training failed", error);
        }
    }

    @Override
    public void runOpened(GuiController.OpenedRun run) {
        runLabel.setText("run " + run.dir() + " (" + run.spec().model().separation() + ")" + (run.series() == null ? ""
                : ", series " + run.series() + " of " + run.seriesIds().size()));
        showSeries(run);
        train.showHistory(run);
        forecast.show(run);
        outliers.runOpened();
        inspect.show(run);
    }

    /** Lists the series of a run over many, the shown one selected; hides the picker for a run over one. */
    private void showSeries(GuiController.OpenedRun run) {
        boolean many = run != null && run.series() != null;
        seriesRun = null; // filling the list is not a choice
        series.getItems().setAll(many ? run.seriesIds() : List.of());
        if (many) {
            series.getSelectionModel().select(run.series());
        }
        series.setVisible(many);
        series.setManaged(many);
        seriesLabel.setVisible(many);
        seriesLabel.setManaged(many);
        seriesRun = many ? run.dir() : null;
    }

    @Override
    public void futureReady(org.hopcast.forecasting.eval.FutureForecast future, Path file) {
        forecast.showFuture(future, file);
    }

    @Override
    public void sampleWritten(List<Path> files, org.hopcast.datasets.ColumnRoles roles) {
        model.setRoles(roles);
        info("Retail example", "Wrote " + files.get(0) + " (history: sales, promotions and prices of three products) and "
                + files.get(1) + " (the promotions planned after it). The Model tab's column roles are set for it: the"
                + " sales are forecast, the prices are past covariates, the promotions future covariates.");
    }

    @Override
    public void finalModelReady(Path dir, org.hopcast.forecasting.eval.FutureForecast future) {
        forecast.showFinalModel(dir, future);
        runLabel.setText("final model " + dir);
    }

    @Override
    public void outliersReady(OutlierStudy.Result o, QuantizationStudy.Result q) {
        outliers.show(o, q);
        inspect.outliersReady(o);
    }

    @Override
    public void backtestReady(org.hopcast.forecasting.service.RunService.Backtested b) {
        forecast.showBacktest(b);
    }

    @Override
    public void memoryReady(org.hopcast.forecasting.service.MemoryEvaluation m,
            org.hopcast.forecasting.eval.Forecasts withMemory) {
        forecast.showMemory(m, withMemory);
    }

    @Override
    public void retrievalReady(org.hopcast.forecasting.memory.Retrieval r,
            org.hopcast.forecasting.service.MemoryEvaluation.Used used) {
        inspect.showRetrieval(r, used);
    }

    @Override
    public void inspectionReady(LayerInspection i) {
        inspect.showInspection(i);
    }

    @Override
    public void studyLoaded(CompareStudy.Loaded s) {
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
            case "retrieval" -> inspect.retrievalFailed(message);
            case "backtest" -> forecast.backtestFailed(message);
            case "memory" -> forecast.memoryFailed(message);
            case "future" -> forecast.finalModel.setText("No forecast beyond the end: " + message);
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
