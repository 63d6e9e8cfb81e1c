package org.hopcast.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.forecasting.inspect.LayerInspection;
import org.hopcast.forecasting.model.LayerPaths;
import org.hopcast.forecasting.outliers.OutlierStudy;
import org.hopcast.forecasting.quant.QuantizationStudy;
import org.hopcast.forecasting.service.RunService;

/**
 * {@code hopcast gui --demo-screenshots DIR}: drives the real window the way a person would (built-in ETTh1,
 * the quick preset with a short time budget, Start, then the outlier study and one layer in the inspector) and
 * saves a PNG of every tab. Runs on a background thread and touches the UI only through Platform.runLater.
 */
final class DemoScreenshots implements GuiController.Listener {
    /** The layers the Inspect screenshots show: a time association, then a pooling with its learned memories. */
    static final String LAYER = LayerPaths.encoderBlock(0).child(LayerPaths.STHM).child(LayerPaths.TIME_HOPFIELD)
            .toString();
    static final String POOLING = LayerPaths.encoderBlock(0).child(LayerPaths.STHM).child(LayerPaths.SERIES_POOLING)
            .toString();

    private final MainView view;
    private final Scene scene;
    private final GuiController controller;
    private final Path dir;
    private final double minutes;
    private final Path study;
    private final CompletableFuture<Object> studyLoaded = new CompletableFuture<>();
    private final CompletableFuture<PreparedSeries> data = new CompletableFuture<>();
    private final CompletableFuture<GuiController.OpenedRun> opened = new CompletableFuture<>();
    private final CompletableFuture<Object> outliers = new CompletableFuture<>();
    private final CompletableFuture<LayerInspection> inspected = new CompletableFuture<>();
    private final CompletableFuture<LayerInspection> pooled = new CompletableFuture<>();

    DemoScreenshots(MainView view, Scene scene, GuiController controller, Path dir, double minutes, Path study) {
        this.study = study;
        this.view = view;
        this.scene = scene;
        this.controller = controller;
        this.dir = dir;
        this.minutes = minutes;
        controller.addListener(this);
    }

    /** Runs the demo on its own thread; exits the app when done (status 0) or failed (status 1). */
    void start() {
        Thread t = new Thread(() -> {
            int status = 0;
            try {
                List<Path> shots = run();
                System.out.println("Saved " + shots.size() + " screenshots:");
                shots.forEach(p -> System.out.println("  " + p));
            } catch (Exception e) {
                System.err.println("hopcast: the screenshot demo failed: " + e.getMessage());
                status = 1;
            }
            int code = status;
            Platform.runLater(Platform::exit);
            // DJL's native threads must not keep the JVM alive once the window is gone
            Runtime.getRuntime().halt(code);
        }, "hopcast-demo-screenshots");
        t.setDaemon(true);
        t.start();
    }

    private List<Path> run() throws Exception {
        Files.createDirectories(dir);
        view.useDialogs = false;
        controller.loadData(null);
        data.get(2, TimeUnit.MINUTES);
        fx(() -> {
            view.model.preset.setValue("quick");
            view.model.fields.get("epochs").setText("3");
            view.model.fields.get("max-minutes").setText(String.format(Locale.ROOT, "%.2f", minutes));
            view.model.fields.get("d-model").setText("32");
            view.model.fields.get("d-ff").setText("64");
            return null;
        });
        List<Path> shots = new ArrayList<>();
        shots.add(shot(0, "data"));
        shots.add(shot(1, "model"));
        fx(() -> {
            view.tabs.getSelectionModel().select(2);
            view.train.startTraining();
            return null;
        });
        GuiController.OpenedRun run = opened.get((long) (minutes * 60) + 600, TimeUnit.SECONDS);
        System.out.printf(Locale.ROOT, "trained %s: test MSE %.4f%n", run.dir(), run.metrics().mse());
        shots.add(shot(2, "train"));
        shots.add(shot(3, "forecast"));
        // the fan beyond the end of the file, then back to the test window
        fx(() -> {
            view.forecast.showFuture.setSelected(true);
            return null;
        });
        shots.add(shot(3, "forecast-future"));
        fx(() -> {
            view.forecast.showWindow.setSelected(true);
            return null;
        });
        fx(() -> {
            view.outliers.start();
            return null;
        });
        outliers.get(10, TimeUnit.MINUTES);
        if (study != null) {
            controller.loadStudy(study);
            studyLoaded.get(1, TimeUnit.MINUTES);
        }
        shots.add(shot(4, "outliers"));
        fx(() -> {
            view.inspect.select(LAYER);
            return null;
        });
        LayerInspection i = inspected.get(5, TimeUnit.MINUTES);
        fx(() -> {
            int q = i.weights().length / 2;
            view.inspect.showCell(q, q);
            return null;
        });
        shots.add(shot(5, "inspect"));
        fx(() -> {
            view.inspect.select(POOLING);
            return null;
        });
        pooled.get(5, TimeUnit.MINUTES);
        shots.add(shot(5, "inspect-pooling"));
        return shots;
    }

    private Path shot(int tab, String name) throws Exception {
        fx(() -> {
            view.tabs.getSelectionModel().select(tab);
            return null;
        });
        Thread.sleep(800); // let layout and the chart canvases draw at their new size
        Path file = dir.resolve(String.format("%d-%s.png", tab + 1, name));
        WritableImage image = fx(() -> scene.snapshot(null));
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static <T> T fx(Callable<T> task) throws Exception {
        return Fx.call(task, 60);
    }

    @Override
    public void dataLoaded(PreparedSeries d) {
        data.complete(d);
    }

    @Override
    public void dataFailed(String message) {
        data.completeExceptionally(new IllegalStateException(message));
    }

    @Override
    public void trainingFinished(RunService.TrainOutcome outcome, String error) {
        if (error != null) {
            opened.completeExceptionally(new IllegalStateException("training failed: " + error));
        } else if (outcome.test() == null) {
            opened.completeExceptionally(new IllegalStateException("training stopped (" + outcome.stop().description()
                    + ") before a model could be tested; give it more minutes"));
        }
    }

    @Override
    public void studyLoaded(org.hopcast.forecasting.study.CompareStudy.Loaded s) {
        studyLoaded.complete(s);
    }

    @Override
    public void runOpened(GuiController.OpenedRun run) {
        opened.complete(run);
    }

    @Override
    public void outliersReady(OutlierStudy.Result o, QuantizationStudy.Result q) {
        outliers.complete(o);
    }

    @Override
    public void inspectionReady(LayerInspection i) {
        if (i.path().equals(LAYER)) {
            inspected.complete(i);
        } else if (i.path().equals(POOLING)) {
            pooled.complete(i);
        }
    }

    @Override
    public void failed(String what, String message) {
        IllegalStateException e = new IllegalStateException(what + ": " + message);
        opened.completeExceptionally(e);
        outliers.completeExceptionally(e);
        inspected.completeExceptionally(e);
        pooled.completeExceptionally(e);
        studyLoaded.completeExceptionally(e);
    }
}
