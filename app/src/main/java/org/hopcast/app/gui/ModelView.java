package org.hopcast.app.gui;

import java.util.LinkedHashMap;
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

import org.hopcast.forecasting.settings.Presets;
import org.hopcast.forecasting.settings.RunSettings;
import org.hopcast.forecasting.settings.Setting;
import org.hopcast.forecasting.settings.SettingException;
import org.hopcast.forecasting.settings.Settings;

/**
 * The Model tab: a separation function from the full list (each with its one-line explanation), a preset,
 * and the main settings, checked as you type by the same {@link RunSettings} the command line uses. Its fields
 * come from the settings schema ({@link Settings}: those marked for the app); a field the problem names by key
 * is outlined in red and Start stays disabled until the settings are valid.
 */
final class ModelView {

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
        separation.getItems().addAll(Settings.SEPARATION.choices());
        separation.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(String name, boolean empty) {
                super.updateItem(name, empty);
                String text = empty || name == null ? null : name + "  -  " + Settings.separationHelp(name);
                setText(text);
                setTooltip(text == null ? null : new Tooltip(text));
            }
        });
        separation.getSelectionModel().select(Settings.separationDefault());
        separation.setPrefHeight(330);
        preset.getItems().addAll(Presets.names());
        preset.setValue(Settings.DEFAULT_PRESET);
        device.getItems().addAll(Settings.DEVICE.choices());
        device.setValue(Settings.DEVICE.choices().get(0));
        device.setTooltip(new Tooltip(Settings.DEVICE.help()));
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(5);
        grid.addRow(0, new Label("Preset"), preset);
        int row = 1;
        for (Setting s : Settings.ALL) {
            if (!s.inApp()) {
                continue;
            }
            TextField t = new TextField();
            t.setPrefColumnCount(8);
            t.setTooltip(new Tooltip(s.key() + ": " + s.help()));
            t.textProperty().addListener((o, a, b) -> validate());
            fields.put(s.key(), t);
            grid.addRow(row++, new Label(s.label()), t);
        }
        instanceNorm.getItems().addAll(Settings.INSTANCE_NORM.choices());
        instanceNorm.setTooltip(new Tooltip(Settings.INSTANCE_NORM.key() + ": " + Settings.INSTANCE_NORM.help()
                + " revin and last-value follow a level that drifts between training and test."));
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
        Map<String, Object> v = new java.util.LinkedHashMap<>(RunSettings.values(p.model(), p.training()));
        v.put(Settings.TRACK_OUTLIERS.key(), true); // the Train tab draws them live; they do not change the model
        // the data settings (which columns are targets, covariates) belong to the file, not to a preset: kept
        fields.forEach((k, field) -> {
            if (Settings.get(k).group() != Setting.Group.DATA) {
                field.setText(Setting.format(v.get(k)));
            }
        });
        fittedLengths = null;
        fittedChannelIndependent = null;
        separation.getSelectionModel().select((String) v.get(Settings.SEPARATION.key()));
        device.setValue((String) v.get(Settings.DEVICE.key()));
        instanceNorm.setValue((String) v.get(Settings.INSTANCE_NORM.key()));
        presetHelp.setText(p.name() + ": " + p.description());
        if (controller.data() != null) {
            fitLengths(); // the default preset chosen again with a file loaded: fitted to it, as on loading
        }
        validate();
    }

    /** Fills the column-role fields (a sample file comes with the roles it was made for). */
    void setRoles(org.hopcast.datasets.ColumnRoles roles) {
        fields.get(Settings.TARGETS.key()).setText(roles.targets() == null ? "" : String.join(",", roles.targets()));
        fields.get(Settings.PAST_COVARIATES.key()).setText(String.join(",", roles.pastCovariates()));
        fields.get(Settings.FUTURE_COVARIATES.key()).setText(String.join(",", roles.futureCovariates()));
        fields.get(Settings.CALENDAR_FEATURES.key()).setText(String.join(",", roles.calendarFeatures()));
        validate();
    }

    /** The input length and horizon last fitted to a loaded file, or null. */
    private int[] fittedLengths;
    /** The channel independence last fitted to a loaded file, or null. */
    private String fittedChannelIndependent;

    /**
     * Shows what the default preset fits to the loaded file (as the command line fits them when none are given): the
     * window lengths (months read 36 to forecast 12, a short file shorter windows) and whether the network leaves out
     * its cross-series stage (a short training period), while the preset's values, or the last fitted ones, are still
     * in the fields; values the user typed are kept.
     */
    void fitLengths() {
        if (!Settings.DEFAULT_PRESET.equals(preset.getValue())) {
            return;
        }
        Presets.Preset p = Presets.get(preset.getValue());
        TextField in = fields.get(Settings.IN_LEN.key());
        TextField out = fields.get(Settings.OUT_LEN.key());
        boolean untouched = in.getText().trim().equals(String.valueOf(p.model().inLen()))
                && out.getText().trim().equals(String.valueOf(p.model().outLen()))
                || fittedLengths != null && in.getText().trim().equals(String.valueOf(fittedLengths[0]))
                && out.getText().trim().equals(String.valueOf(fittedLengths[1]));
        if (untouched) {
            Map<String, Object> s = settings();
            s.remove(Settings.IN_LEN.key());
            s.remove(Settings.OUT_LEN.key());
            int[] fitted = controller.fittedLengths(s);
            if (fitted != null) {
                in.setText(String.valueOf(fitted[0]));
                out.setText(String.valueOf(fitted[1]));
                fittedLengths = fitted;
            }
        }
        fitChannelIndependence(p);
    }

    /**
     * The channel-independent field fitted to the loaded file and the roles now set (a covariate needs the cross-series
     * stage) while it shows the preset's value or the last fitted one.
     */
    private void fitChannelIndependence(Presets.Preset p) {
        TextField ci = fields.get(Settings.CHANNEL_INDEPENDENT.key());
        String shown = ci.getText().trim();
        if (shown.equals(Setting.format(p.model().channelIndependent())) || shown.equals(fittedChannelIndependent)) {
            Map<String, Object> s = settings();
            s.remove(Settings.CHANNEL_INDEPENDENT.key());
            Boolean fitted = controller.fittedChannelIndependent(s);
            if (fitted != null) {
                fittedChannelIndependent = Setting.format(fitted);
                ci.setText(fittedChannelIndependent); // no change, no event: the check below runs once
            }
        }
    }

    /** The settings by schema key (what a training started now would use). */
    Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put(Settings.PRESET.key(), preset.getValue());
        fields.forEach((k, t) -> s.put(k, t.getText().trim()));
        s.put(Settings.SEPARATION.key(), selectedSeparation());
        s.put(Settings.DEVICE.key(), device.getValue());
        s.put(Settings.INSTANCE_NORM.key(), instanceNorm.getValue());
        return s;
    }

    /** Checks the settings now; marks the field a problem names. */
    void validate() {
        if (fittedChannelIndependent != null && Settings.DEFAULT_PRESET.equals(preset.getValue())) {
            fitChannelIndependence(Presets.get(preset.getValue())); // roles edited after the file was loaded
        }
        SettingException p = controller.check(settings());
        fields.forEach((k, t) -> t.setStyle(""));
        valid = p == null;
        if (valid) {
            problem.setStyle("-fx-text-fill: #1b5e20;");
            problem.setText("Settings are valid.");
        } else {
            problem.setStyle("-fx-text-fill: #b00020;");
            problem.setText(p.getMessage());
            p.keys().forEach(k -> {
                if (fields.containsKey(k)) {
                    fields.get(k).setStyle(BAD);
                }
            });
        }
        onValidity.run();
    }
}
