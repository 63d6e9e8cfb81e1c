package org.hopcast.app.gui;

import java.awt.BasicStroke;
import java.nio.file.Path;
import java.util.Map;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import org.hopcast.forecasting.charts.ForecastCharts;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.OutlierRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.settings.Settings;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.forecasting.train.TrainingProgress;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The Train tab: start, cancel and resume, the progress of all planned epochs with the time left (from
 * {@link TrainingProgress}, as the command line's bar), and the live train loss and validation MSE.
 */
final class TrainView {
    private final GuiController controller;
    private final ModelView model;
    private final BorderPane pane = new BorderPane();
    final Button start = new Button("Start training (Ctrl+T)");
    final Button cancel = new Button("Cancel (Esc)");
    final Button resume = new Button("Resume (Ctrl+R)");
    final ProgressBar progress = new ProgressBar(0);
    final Label eta = new Label();
    final Label trainMessage = new Label("Load data, choose a model, then start.");
    final Label modelSummary = new Label();
    final XYSeries trainLoss = new XYSeries("train loss (smoothed)");
    final XYSeries valLoss = new XYSeries("validation MSE");
    /** The decoder set's max infinity norm and average kurtosis of a run that tracks outliers, by step. */
    final XYSeries maxInfNorm = new XYSeries("decoder max inf-norm");
    final XYSeries kurtosis = new XYSeries("decoder avg kurtosis");
    /** The running training's progress (the same model as the command line's bar). */
    private TrainingProgress progressModel = new TrainingProgress();

    TrainView(GuiController controller, ModelView model) {
        this.controller = controller;
        this.model = model;
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
        XYSeriesCollection outliers = new XYSeriesCollection();
        outliers.addSeries(maxInfNorm);
        outliers.addSeries(kurtosis);
        JFreeChart outlierChart = ChartFactory.createXYLineChart("Outliers (fixed validation windows; track-outliers)",
                "step", "value", outliers);
        ForecastCharts.whiten(outlierChart);
        XYLineAndShapeRenderer ro = (XYLineAndShapeRenderer) outlierChart.getXYPlot().getRenderer();
        ro.setSeriesShapesVisible(0, true);
        ro.setSeriesShapesVisible(1, true);
        ((org.jfree.chart.axis.NumberAxis) outlierChart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        javafx.scene.control.SplitPane charts = new javafx.scene.control.SplitPane(new ChartViewer(chart),
                new ChartViewer(outlierChart));
        charts.setOrientation(javafx.geometry.Orientation.VERTICAL);
        charts.setDividerPositions(0.62);
        pane.setCenter(charts);
        pane.setTop(top);
    }

    Node node() {
        return pane;
    }

    /** Enables what can be done now; repeats the Model tab's settings (or its problem) in one line. */
    void updateButtons() {
        boolean training = controller.isTraining();
        start.setDisable(training || !model.isValid());
        cancel.setDisable(!training);
        Path run = controller.currentRun();
        resume.setDisable(training || run == null || !RunDirectory.hasCheckpoint(run));
        Map<String, Object> s = model.settings();
        modelSummary.setText(model.isValid() ? "Model: " + s.get(Settings.SEPARATION.key()) + ", preset "
                + s.get(Settings.PRESET.key()) + ", d_model " + s.get(Settings.D_MODEL.key()) + ", "
                + s.get(Settings.EPOCHS.key()) + " epochs, time budget " + s.get(Settings.MAX_MINUTES.key())
                + " min, device " + s.get(Settings.DEVICE.key()) + " (change on the Model tab)."
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
        Object minutes = model.settings().get(Settings.MAX_MINUTES.key());
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

    void trainingStarted(Path runDir, boolean resumed) {
        trainLoss.clear();
        valLoss.clear();
        maxInfNorm.clear();
        kurtosis.clear();
        progressModel = new TrainingProgress();
        eta.setText("");
        updateButtons();
        trainMessage.setText((resumed ? "Resuming " : "Training into ") + runDir + " ...");
    }

    void trainingPlanned(TrainingListener.Plan p) {
        progressModel.start(p);
    }

    void trainingStep(TrainingListener.Step s) {
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

    void trainingEpoch(EpochRecord e) {
        double x = trainLoss.getItemCount() == 0 ? e.epoch() : trainLoss.getMaxX();
        valLoss.add(x, e.valMse());
    }

    /** A tracked run's outlier record, drawn at the step it was measured. */
    void trainingOutliers(OutlierRecord o) {
        maxInfNorm.addOrUpdate(o.step(), o.decoder().maxInfNorm());
        kurtosis.addOrUpdate(o.step(), o.decoder().averageKurtosis());
    }

    void trainingMessage(String message) {
        trainMessage.setText(message);
    }

    /** Says how the training ended; returns the run line for the status bar. */
    String trainingFinished(RunService.TrainOutcome r, String error) {
        progress.setProgress(0);
        eta.setText("");
        if (error != null) {
            trainMessage.setText(error);
            updateButtons();
            return "training failed";
        }
        if (r.test() == null) {
            trainMessage.setText("Stopped (" + r.stop().description() + ") before a model could be tested. "
                    + "Resume continues it.");
            updateButtons();
            return "run " + r.runDir();
        }
        trainMessage.setText(String.format("Stopped: %s. Test MSE %.4f, MAE %.4f of the best epoch (%d);"
                + " persistence %.4f. %sRun: %s", r.note() != null ? r.note() : r.stop().description(),
                r.test().mse(), r.test().mae(), r.bestEpoch(), r.persistenceMse(),
                r.verdict() == null ? "It beats every baseline. " : r.verdict() + " ", r.runDir()));
        updateButtons();
        return "opening " + r.runDir() + "...";
    }

    /** An opened run's per-epoch history, when no training is drawing its own. */
    void showHistory(GuiController.OpenedRun run) {
        if (!controller.isTraining() && !run.history().isEmpty() && trainLoss.getItemCount() == 0) {
            for (EpochRecord e : run.history()) {
                trainLoss.add(e.epoch(), e.trainLoss());
                valLoss.add(e.epoch(), e.valMse());
                if (e.outliers() != null) {
                    // an opened run's curves are by epoch, as its losses
                    maxInfNorm.addOrUpdate(e.epoch(), e.outliers().decoder().maxInfNorm());
                    kurtosis.addOrUpdate(e.epoch(), e.outliers().decoder().averageKurtosis());
                }
            }
            trainMessage.setText("Opened " + run.dir() + ": " + run.history().size() + " epochs in its history"
                    + " (per-epoch train loss and validation MSE shown).");
        }
        updateButtons();
    }
}
