package org.hopcast.app.gui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

import org.hopcast.forecasting.model.InstanceNorm;
import org.hopcast.forecasting.settings.Presets;
import org.hopcast.forecasting.settings.RunSettings;
import org.hopcast.hopfield.Separation;

/**
 * The Model tab: a separation function from the full list (each with its one-line explanation), a preset,
 * and the main settings, checked as you type by the same {@link RunSettings} the command line uses. A field
 * named by the problem is outlined in red and Start stays disabled until the settings are valid.
 */
final class ModelView {
    /** Editable settings: RunSettings key, label. Their defaults come from the chosen preset. */
    static final List<String[]> FIELDS = List.of(
            new String[] {"in-len", "Input length"}, new String[] {"out-len", "Horizon"},
            new String[] {"seg-len", "Segment length"}, new String[] {"win-size", "Coarse-grain window"},
            new String[] {"d-model", "d_model"}, new String[] {"d-ff", "d_ff"}, new String[] {"heads", "Heads"},
            new String[] {"e-layers", "Encoder scales"}, new String[] {"factor", "Pooling memories"},
            new String[] {"dropout", "Dropout"}, new String[] {"epochs", "Epochs"},
            new String[] {"batch-size", "Batch size"}, new String[] {"lr", "Learning rate"},
            new String[] {"seed", "Seed"}, new String[] {"max-minutes", "Time budget (minutes, 0: none)"});

    private static final String BAD = "-fx-border-color: #b00020; -fx-border-width: 1.5;";

    private final GuiController controller;
    final ComboBox<String> preset = new ComboBox<>();
    final ListView<String> separation = new ListView<>();
    final ComboBox<String> device = new ComboBox<>();
    final ComboBox<String> instanceNorm = new ComboBox<>();
    final Map<String, TextField> fields = new LinkedHashMap<>();
    final Label problem = new Label();
    final Label presetHelp = new Label();
    private final BorderPane pane = new BorderPane();
    private Runnable onValidity = () -> { };
    private boolean valid = true;

    ModelView(GuiController controller) {
        this.controller = controller;
        separation.getItems().addAll(Separation.names());
        separation.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(String name, boolean empty) {
                super.updateItem(name, empty);
                String text = empty || name == null ? null : name + "  -  " + Separation.parse(name).description();
                setText(text);
                setTooltip(text == null ? null : new Tooltip(text));
            }
        });
        separation.getSelectionModel().select(Separation.DEFAULT.name());
        separation.setPrefHeight(330);
        preset.getItems().addAll(Presets.names());
        preset.setValue(RunSettings.DEFAULT_PRESET);
        device.getItems().addAll("auto", "cpu", "gpu");
        device.setValue("auto");
        device.setTooltip(new Tooltip("auto uses a CUDA GPU when DJL finds one, else the CPU"));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(5);
        grid.addRow(0, new Label("Preset"), preset);
        int row = 1;
        for (String[] f : FIELDS) {
            TextField t = new TextField();
            t.setPrefColumnCount(8);
            t.setTooltip(new Tooltip(f[0] + ": " + RunSettings.KEYS.get(f[0])));
            t.textProperty().addListener((o, a, b) -> validate());
            fields.put(f[0], t);
            grid.addRow(row++, new Label(f[1]), t);
        }
        for (InstanceNorm n : InstanceNorm.values()) {
            instanceNorm.getItems().add(n.label());
        }
        instanceNorm.setTooltip(new Tooltip("instance-norm: " + RunSettings.KEYS.get("instance-norm")
                + ". revin and last-value follow a level that drifts between training and test."));
        grid.addRow(row++, new Label("Instance norm"), instanceNorm);
        grid.addRow(row, new Label("Device"), device);
        preset.valueProperty().addListener((o, a, b) -> applyPreset(b));
        separation.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> validate());
        device.valueProperty().addListener((o, a, b) -> validate());
        instanceNorm.valueProperty().addListener((o, a, b) -> validate());
        problem.setWrapText(true);
        presetHelp.setWrapText(true);
        Label sepTitle = new Label("Separation function of every Hopfield layer");
        sepTitle.setStyle("-fx-font-weight: bold;");
        Label setTitle = new Label("Settings");
        setTitle.setStyle("-fx-font-weight: bold;");
        VBox left = new VBox(6, setTitle, grid);
        left.setPadding(new Insets(10));
        VBox right = new VBox(6, sepTitle, separation, presetHelp, problem);
        right.setPadding(new Insets(10));
        left.setPrefWidth(400);
        pane.setLeft(Charts.scrolling(left));
        pane.setCenter(right);
        applyPreset(preset.getValue());
    }

    Node node() {
        return pane;
    }

    void onValidityChange(Runnable r) {
        onValidity = r;
    }

    boolean isValid() {
        return valid;
    }

    String selectedSeparation() {
        return separation.getSelectionModel().getSelectedItem();
    }

    /** Fills the fields (and the separation) from a preset: the one source of every default. */
    void applyPreset(String name) {
        Presets.Preset p = Presets.get(name);
        Map<String, Object> v = RunSettings.values(p.model(), p.training());
        fields.forEach((k, field) -> field.setText(plain(v.get(k))));
        separation.getSelectionModel().select((String) v.get("separation"));
        device.setValue((String) v.get("device"));
        instanceNorm.setValue((String) v.get("instance-norm"));
        presetHelp.setText(p.name() + ": " + p.description());
        validate();
    }

    private static String plain(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e9) {
            return Long.toString(d.longValue());
        }
        return v.toString();
    }

    /** The settings as RunSettings keys (what a training started now would use). */
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("preset", preset.getValue());
        fields.forEach((k, t) -> s.put(k, t.getText().trim()));
        s.put("separation", selectedSeparation());
        s.put("device", device.getValue());
        s.put("instance-norm", instanceNorm.getValue());
        return s;
    }

    /** Checks the settings now; marks the field a problem names. */
    void validate() {
        String message = controller.check(settings());
        fields.forEach((k, t) -> t.setStyle(""));
        valid = message == null;
        if (valid) {
            problem.setStyle("-fx-text-fill: #1b5e20;");
            problem.setText("Settings are valid.");
        } else {
            problem.setStyle("-fx-text-fill: #b00020;");
            problem.setText(message);
            String lower = message.toLowerCase(java.util.Locale.ROOT);
            fields.forEach((k, t) -> {
                if (lower.contains(k) || lower.contains(k.replace('-', '_')) || lower.contains(k.replace('-', ' '))
                        || (k.equals("lr") && lower.contains("learning rate"))
                        || (k.equals("d-model") && lower.contains("n_heads"))
                        || (k.equals("heads") && lower.contains("n_heads"))) {
                    t.setStyle(BAD);
                }
            });
        }
        onValidity.run();
    }
}
