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

    static Map<String, Object> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new HopcastCli.UserError("config file " + file + " not found");
        }
        Object doc;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw new HopcastCli.UserError("cannot read config file " + file + ": " + e.getMessage());
        } catch (YAMLException e) {
            throw new HopcastCli.UserError("config file " + file + " is not valid JSON or YAML: "
                    + e.getMessage().replace('\n', ' '));
        }
        if (doc == null) {
            return new LinkedHashMap<>();
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new HopcastCli.UserError("config file " + file + " must hold one object of settings (key: value)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Setting setting = Settings.find(String.valueOf(e.getKey())).orElseThrow(() -> new HopcastCli.UserError(
                    "config file " + file + ": unknown setting '" + e.getKey() + "'; known: "
                            + String.join(", ", Settings.keys())));
            out.put(setting.key(), e.getValue());
        }
        return out;
    }
}
