package org.hopcast.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hopcast.datasets.DataRequest;
import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.settings.Presets;
import org.hopcast.forecasting.settings.RunSettings;
import org.hopcast.forecasting.settings.Setting;
import org.hopcast.forecasting.settings.SettingException;
import org.hopcast.forecasting.settings.Settings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The options that choose and read a series file, and the window lengths, shared by every command that takes
 * data: the schema's data settings ({@link Settings}), so they read exactly as a run's do.
 */
@Command(modelTransformer = DataSourceOptions.FromSchema.class)
public final class DataSourceOptions {
    /** The data settings, then the window lengths (default: the default preset's). */
    static final List<Setting> SETTINGS;

    static {
        List<Setting> s = new ArrayList<>(Settings.of(Setting.Group.DATA));
        s.add(Settings.IN_LEN);
        s.add(Settings.OUT_LEN);
        SETTINGS = List.copyOf(s);
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Adds the data settings as options. */
    static final class FromSchema implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return SettingOptions.add(spec, SETTINGS);
        }
    }

    /** The request these options describe. */
    public DataRequest toRequest() {
        Map<String, Object> given = SettingOptions.given(command, SETTINGS);
        StanHopConfig defaults = Presets.get(Settings.DEFAULT_PRESET).model();
        try {
            Object in = Settings.IN_LEN.parse(given.remove(Settings.IN_LEN.key()));
            Object out = Settings.OUT_LEN.parse(given.remove(Settings.OUT_LEN.key()));
            return RunSettings.dataSpec(given).toRequest(in == null ? defaults.inLen() : (Integer) in,
                    out == null ? defaults.outLen() : (Integer) out);
        } catch (SettingException e) {
            throw SettingOptions.userError(e.getMessage(), e);
        }
    }
}
