package org.hopcast.app.gui;

import java.util.Map;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

import org.hopcast.forecasting.inspect.LayerInspection;
import org.hopcast.forecasting.outliers.OutlierStudy;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.XYPlot;

/**
 * The Inspect tab: the model's Hopfield layers as a tree of their stable paths; choosing a layer, a head, a
 * test window and a row shows its association map (queries x stored patterns, labelled with series names or
 * segment start times), its learned alpha, its output histogram, kurtosis and infinity norm, and for a
 * HopfieldPooling its learned memory patterns. Clicking a cell shows its value. The pictures come from
 * {@link LayerInspection}, which {@code hopcast inspect} also uses. For the chosen test window it also shows what an
 * external memory (Plug-and-Play over a bank of past windows) retrieves: the windows with their weights and dates,
 * drawn against the query with what followed each.
 */
final class InspectView {
    private final GuiController controller;
    final TreeView<String> tree = new TreeView<>();
    final Spinner<Integer> head = new Spinner<>(0, 0, 0);
    final Spinner<Integer> window = new Spinner<>(0, 0, 0);
    final Spinner<Integer> row = new Spinner<>(0, 0, 0);
    final Label info = new Label("Train a model or open a run, then choose a Hopfield layer.");
    final Label cell = new Label("Click a cell of the map to read its value.");
    final ChartViewer heatmap = Charts.viewer("association map");
    final ChartViewer histogram = Charts.viewer("activation histogram");
    final ChartViewer memory = Charts.viewer("learned memory patterns (HopfieldPooling layers)");
    final ChartViewer heads = Charts.viewer("what each head retrieves (compute the outliers on the Outliers tab)");
    final javafx.scene.control.ComboBox<String> bank = new javafx.scene.control.ComboBox<>(
            javafx.collections.FXCollections.observableArrayList("train", "events", "stream", "shuffled"));
    final javafx.scene.control.ComboBox<String> memorySeries = new javafx.scene.control.ComboBox<>();
    final javafx.scene.control.Button retrieve = new javafx.scene.control.Button("What does this window retrieve?");
    final Label retrievalInfo = new Label("The windows of a memory bank nearest to the chosen test window, with their"
            + " weights and dates.");
    final ChartViewer retrievals = Charts.viewer("what the window retrieves from a memory bank");
    /** The last retrieval shown (its window and bank re-asked when the window changes). */
    org.hopcast.forecasting.memory.Retrieval retrieval;
    /** The open run's outlier study, once computed: its per-head statistics. */
    OutlierStudy.Result outliers;
    private final BorderPane pane = new BorderPane();
    private Map<String, Integer> layers = Map.of();
    LayerInspection shown;
    private boolean quiet;

    InspectView(GuiController controller) {
        this.controller = controller;
        tree.setShowRoot(false);
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> layerChosen());
        for (Spinner<Integer> s : java.util.List.of(head, window, row)) {
            s.setEditable(true);
            s.setPrefWidth(110);
            s.valueProperty().addListener((o, a, b) -> request());
        }
        info.setWrapText(true);
        cell.setWrapText(true);
        bank.getSelectionModel().select("train");
        retrieve.setDisable(true);
        retrieve.setOnAction(e -> requestRetrieval());
        memorySeries.valueProperty().addListener((o, a, b) -> drawRetrieval());
        window.valueProperty().addListener((o, a, b) -> {
            if (retrieval != null) {
                requestRetrieval();
            }
        });
        retrievalInfo.setWrapText(true);
        retrievalInfo.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        VBox side = new VBox(6, new Label("Hopfield layers"), tree, new Label("Head"), head,
                new Label("Test window"), window, new Label("Row (series or segment)"), row, info, cell,
                new Label("External memory: bank and series"), bank, memorySeries, retrieve, retrievalInfo);
        side.setPadding(new Insets(8));
        side.setPrefWidth(330);
        tree.setPrefHeight(330);
        heatmap.addChartMouseListener(new ChartMouseListenerFX() {
            @Override
            public void chartMouseClicked(ChartMouseEventFX e) {
                click(e.getTrigger().getX(), e.getTrigger().getY());
            }

            @Override
            public void chartMouseMoved(ChartMouseEventFX e) {
            }
        });
        SplitPane lower = new SplitPane(histogram, memory, heads, retrievals);
        SplitPane charts = new SplitPane(heatmap, lower);
        charts.setOrientation(Orientation.VERTICAL);
        charts.setDividerPositions(0.62);
        info.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        cell.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        pane.setLeft(Charts.scrolling(side));
        pane.setCenter(charts);
    }

    Node node() {
        return pane;
    }

    /** A new run: its layers as a tree (encoder / decoder, then blocks), windows from its test split. */
    void show(GuiController.OpenedRun run) {
        layers = run.layers();
        outliers = null; // the last run's
        TreeItem<String> root = new TreeItem<>("model");
        for (String path : layers.keySet()) {
            TreeItem<String> node = root;
            for (String part : path.split("\\.")) {
                TreeItem<String> next = node.getChildren().stream().filter(c -> c.getValue().equals(part)).findFirst()
                        .orElse(null);
                if (next == null) {
                    next = new TreeItem<>(part);
                    node.getChildren().add(next);
                }
                node = next;
            }
        }
        expand(root, 0);
        quiet = true;
        window.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, Math.max(0, run.testWindows() - 1), 0));
        quiet = false;
        tree.setRoot(root);
        shown = null;
        retrieval = null;
        retrievals.setChart(Charts.placeholder("choose a bank and ask what the test window retrieves"));
        memorySeries.setItems(javafx.collections.FXCollections.observableArrayList(run.data().table().columns()));
        memorySeries.getSelectionModel().select(0);
        retrieve.setDisable(false);
        info.setText(layers.size() + " Hopfield layers; choose one.");
        String first = layers.keySet().iterator().next();
        select(first);
    }

    private static void expand(TreeItem<String> item, int depth) {
        item.setExpanded(depth < 3);
        item.getChildren().forEach(c -> expand(c, depth + 1));
    }

    /** Selects a layer by its path (as a click on the tree would). */
    void select(String path) {
        TreeItem<String> node = tree.getRoot();
        for (String part : path.split("\\.")) {
            node = node.getChildren().stream().filter(c -> c.getValue().equals(part)).findFirst().orElseThrow();
            node.setExpanded(true);
        }
        tree.getSelectionModel().select(node);
    }

    private String selectedPath() {
        TreeItem<String> item = tree.getSelectionModel().getSelectedItem();
        if (item == null || !item.getChildren().isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder(item.getValue());
        for (TreeItem<String> p = item.getParent(); p != null && p != tree.getRoot(); p = p.getParent()) {
            sb.insert(0, p.getValue() + ".");
        }
        return sb.toString();
    }

    private void layerChosen() {
        String path = selectedPath();
        if (path == null || !layers.containsKey(path)) {
            return;
        }
        quiet = true;
        int heads = layers.get(path);
        head.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, heads - 1,
                Math.min(head.getValue() == null ? 0 : head.getValue(), heads - 1)));
        row.setValueFactory(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 0, 0));
        quiet = false;
        request();
    }

    private void request() {
        String path = selectedPath();
        if (quiet || path == null || !layers.containsKey(path)) {
            return;
        }
        info.setText("Running " + path + " on test window " + window.getValue() + "...");
        controller.inspect(path, head.getValue(), window.getValue(), row.getValue());
    }

    void showInspection(LayerInspection i) {
        shown = i;
        if (row.getValueFactory() instanceof SpinnerValueFactory.IntegerSpinnerValueFactory f && f.getMax() != i.rows() - 1) {
            quiet = true;
            f.setMax(i.rows() - 1);
            quiet = false;
        }
        heatmap.setChart(Charts.compact(i.heatmap()));
        showHeads(i.path());
        histogram.setChart(Charts.compact(i.histogram()));
        memory.setChart(i.memory() == null ? Charts.placeholder("not a HopfieldPooling: no learned memory patterns")
                : Charts.compact(i.memoryHeatmap()));
        info.setText(String.format("%s, head %d, test window %d, %s (%d rows per window).%n%d queries x %d stored"
                + " patterns. alpha %s. Output kurtosis %.3f, infinity norm %.3f.", i.path(), i.head(), i.window(),
                i.rowLabel(), i.rows(), i.weights().length, i.weights()[0].length,
                Double.isNaN(i.alpha()) ? "none (fixed separation)" : String.format("%.4f", i.alpha()),
                i.statistics().meanKurtosis(), i.statistics().meanInfNorm()));
        cell.setText("Click a cell of the map to read its value.");
    }

    /** The outlier study of the open run arrived (or was cleared): draws the chosen layer's heads. */
    void outliersReady(OutlierStudy.Result o) {
        outliers = o;
        String path = selectedPath();
        if (path != null) {
            showHeads(path);
        }
    }

    private void showHeads(String path) {
        heads.setChart(outliers == null || outliers.headsOf(path).isEmpty()
                ? Charts.placeholder("compute the outliers on the Outliers tab to see what each head retrieves")
                : Charts.compact(OutlierStudy.headsChart(outliers, path)));
    }

    void failed(String message) {
        info.setText(message);
    }

    private void requestRetrieval() {
        retrieve.setDisable(true);
        retrievalInfo.setText("Retrieving for test window " + window.getValue() + " from the " + bank.getValue()
                + " bank (the first time, Plug-and-Play's setting is chosen on validation)...");
        controller.retrieval(bank.getValue(), window.getValue());
    }

    /** What the chosen window retrieved: the chart of the chosen series, the setting and the heaviest windows. */
    void showRetrieval(org.hopcast.forecasting.memory.Retrieval r,
            org.hopcast.forecasting.service.MemoryEvaluation.Used used) {
        retrieval = r;
        retrieve.setDisable(false);
        drawRetrieval();
        StringBuilder sb = new StringBuilder(String.format("Test window %s retrieves %d of the %d windows of the %s"
                + " bank known by then (readout %s, lambda %s, beta %s, alpha %s; %s).", r.queryLabel(),
                r.retrieved().size(), used.usableWindows(), r.bank(), used.setting().get("readout"),
                used.setting().get("lambda"), used.setting().get("beta"), used.setting().get("alpha"), used.chosenOn()));
        if (used.note() != null) {
            sb.append(' ').append(used.note()).append('.');
        }
        for (var w : r.retrieved().subList(0, Math.min(3, r.retrieved().size()))) {
            sb.append(String.format("%n%s .. %s: weight %.3f", w.start(), w.end(), w.weight()));
        }
        retrievalInfo.setText(sb.toString());
    }

    private void drawRetrieval() {
        org.hopcast.forecasting.memory.Retrieval r = retrieval;
        int c = memorySeries.getSelectionModel().getSelectedIndex();
        if (r != null && c >= 0) {
            retrievals.setChart(Charts.compact(r.chart(c)));
        }
    }

    void retrievalFailed(String message) {
        retrieve.setDisable(false);
        retrievalInfo.setText(message);
    }

    /** Shows the value of cell (query q, stored pattern k) of the map shown. */
    void showCell(int q, int k) {
        LayerInspection i = shown;
        if (i == null || q < 0 || q >= i.weights().length || k < 0 || k >= i.weights()[0].length) {
            return;
        }
        cell.setText(String.format("query %s, stored pattern %s: weight %.5f", i.queryLabels().get(q),
                i.storedLabels().get(k), i.weights()[q][k]));
    }

    /** A click at canvas point (x, y): the cell under it, if any, shows its value. */
    void click(double x, double y) {
        ChartRenderingInfo ri = heatmap.getCanvas().getRenderingInfo();
        if (ri == null || shown == null || !(heatmap.getChart().getPlot() instanceof XYPlot plot)) {
            return;
        }
        var area = ri.getPlotInfo().getDataArea();
        Point2D p = new Point2D(x, y);
        if (!area.contains(p.getX(), p.getY())) {
            return;
        }
        double k = plot.getDomainAxis().java2DToValue(p.getX(), area, plot.getDomainAxisEdge());
        double q = plot.getRangeAxis().java2DToValue(p.getY(), area, plot.getRangeAxisEdge());
        showCell((int) Math.round(q), (int) Math.round(k));
    }
}
