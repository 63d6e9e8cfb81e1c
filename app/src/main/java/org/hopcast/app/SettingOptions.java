package org.hopcast.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hopcast.forecasting.settings.Setting;
import org.hopcast.forecasting.settings.SettingException;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Command-line options made from the settings schema: {@code --KEY} for every {@link Setting}, with its
 * placeholder and help. Values stay texts here; the schema parses them, so an option and a config-file key can
 * never disagree on a type or a name.
 */
final class SettingOptions {
    private SettingOptions() {
    }

    /** Adds one option per setting to {@code spec}. */
    static CommandSpec add(CommandSpec spec, List<Setting> settings) {
        for (Setting s : settings) {
            boolean list = s.kind() == Setting.Kind.LIST;
            String help = s.help() + (s.kind() == Setting.Kind.CHOICE && !s.help().contains(s.choices().get(0))
                    ? " One of " + String.join(", ", s.choices()) + "." : "");
            OptionSpec.Builder b = OptionSpec.builder(option(s)).paramLabel(s.paramLabel()).description(help)
                    .type(list ? List.class : String.class).auxiliaryTypes(String.class);
            if (list) {
                b.splitRegex(",");
            }
            if (s.kind() == Setting.Kind.BOOLEAN) {
                b.arity("0..1").fallbackValue("true"); // --track-outliers alone means true
            }
            spec.addOption(b.build());
        }
        return spec;
    }

    /** The settings given on the command line, by key (absent ones left out). */
    static Map<String, Object> given(CommandSpec spec, List<Setting> settings) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Setting s : settings) {
            OptionSpec o = spec.findOption(option(s));
            Object value = o == null ? null : o.getValue();
            if (value != null) {
                v.put(s.key(), value);
            }
        }
        return v;
    }

    /**
     * A settings problem as the command line reports it: the core says what is wrong, the shell adds which
     * options to change.
     */
    static HopcastCli.UserError userError(String message, IllegalArgumentException e) {
        if (e instanceof SettingException s && !s.keys().isEmpty()) {
            return new HopcastCli.UserError(message + " (option " + String.join(", ",
                    s.keys().stream().map(k -> "--" + k).toList()) + ")");
        }
        return new HopcastCli.UserError(message);
    }

    /** Checks each value of a list option that stands for one setting per cell ({@code --separations}). */
    static void checkList(String option, Setting setting, List<String> values) {
        for (String v : values) {
            try {
                setting.parse(v);
            } catch (SettingException e) {
                throw new HopcastCli.UserError(option + ": " + e.getMessage());
            }
        }
    }

    /** The option that sets {@code s}. */
    static String option(Setting s) {
        return "--" + s.key();
    }
}
