package org.hopcast.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.settings.RunSettings;
import org.hopcast.forecasting.settings.Setting;
import org.hopcast.forecasting.settings.SettingException;
import org.hopcast.forecasting.settings.Settings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Every run setting as an option, made from the schema ({@link Settings}); each is optional and, when given,
 * overrides the config file, which overrides the preset.
 */
@Command(modelTransformer = RunOptions.FromSchema.class)
public final class RunOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--config", paramLabel = "FILE", description = "JSON or YAML file of settings (keys are these"
            + " option names without dashes).")
    Path config;

    /** Adds {@code --KEY} for every setting of the schema. */
    static final class FromSchema implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return SettingOptions.add(spec, Settings.ALL);
        }
    }

    /** The settings given on the command line alone, by key. */
    Map<String, Object> given() {
        return SettingOptions.given(command, Settings.ALL);
    }

    /** One setting as given on the command line, parsed by the schema (null when not given). */
    Object given(Setting setting) {
        try {
            return setting.parse(given().get(setting.key()));
        } catch (SettingException e) {
            throw SettingOptions.userError(e.getMessage(), e);
        }
    }

    /** The settings given: config file values overridden by the options on the command line. */
    public Map<String, Object> values() {
        Map<String, Object> v = config == null ? new LinkedHashMap<>() : ConfigFile.read(config);
        Map<String, Object> cli = given();
        v.putAll(cli);
        String in = Settings.INPUT.key();
        String ds = Settings.DATASET.key();
        if (v.containsKey(in) && v.containsKey(ds) && (cli.containsKey(in) || cli.containsKey(ds))) {
            // the command line chose one: drop the config file's other choice
            v.remove(cli.containsKey(in) ? ds : in);
        }
        return v;
    }

    /** The resolved run, or a user error naming the bad setting. */
    public RunSpec resolve() {
        try {
            return RunSettings.resolve(values());
        } catch (IllegalArgumentException e) {
            throw SettingOptions.userError(blame(e.getMessage()), e);
        }
    }

    /** The message, naming the config file when the file alone is what is wrong. */
    private String blame(String message) {
        if (config == null) {
            return message;
        }
        try {
            RunSettings.resolve(ConfigFile.read(config));
        } catch (SettingException e) {
            if (e.getMessage().equals(message)) {
                return "config file " + config + ": " + message;
            }
        }
        return message;
    }
}
