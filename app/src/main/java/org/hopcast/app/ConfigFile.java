package org.hopcast.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hopcast.forecasting.settings.Setting;
import org.hopcast.forecasting.settings.Settings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A run's settings from a JSON or YAML file (YAML reads JSON too): a flat map whose keys are the long
 * option names without dashes, e.g. {@code {"preset": "etth1-paper", "epochs": 2}} or {@code epochs: 2}.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    /** A grid file (sweep, bench grid) as a grid, or a user error naming the file and what is wrong in it. */
    static org.hopcast.forecasting.study.Grid grid(Path file) {
        try {
            return org.hopcast.forecasting.study.Grid.of(load(file, "grid file"));
        } catch (org.hopcast.forecasting.settings.SettingException e) {
            throw SettingOptions.userError("grid file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A config file's settings by schema key; unknown keys are errors that list the known ones. */
    static Map<String, Object> read(Path file) {
        Map<String, Object> out = new LinkedHashMap<>();
        load(file, "config file").forEach((key, value) -> {
            Setting setting = Settings.find(key).orElseThrow(() -> new HopcastCli.UserError(
                    "config file " + file + ": unknown setting '" + key + "'; known: "
                            + String.join(", ", Settings.keys())));
            out.put(setting.key(), value);
        });
        return out;
    }

    /**
     * The file's one object of key: value pairs, as written (a grid file's keys are checked by the grid);
     * {@code what} names the file in messages ("config file").
     */
    static Map<String, Object> load(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new HopcastCli.UserError(what + " " + file + " not found");
        }
        Object doc;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw new HopcastCli.UserError("cannot read " + what + " " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new HopcastCli.UserError(what + " " + file + " is not valid JSON or YAML: "
                    + e.getMessage().replace('\n', ' '));
        }
        if (doc == null) {
            return new LinkedHashMap<>();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new HopcastCli.UserError(what + " " + file + " must hold one object of settings (key: value)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k).trim(), v));
        return out;
    }
}
