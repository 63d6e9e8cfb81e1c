package org.hopcast.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.Checkpoints;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.settings.Presets;
import org.hopcast.forecasting.settings.RunSettings;
import org.hopcast.forecasting.settings.Setting;
import org.hopcast.forecasting.settings.Settings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast model ...}: look at model configurations without training. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Model configurations.",
        subcommands = {ModelCommand.Summary.class, ModelCommand.PresetList.class, ModelCommand.SettingList.class,
            ModelCommand.Provenance.class})
final class ModelCommand {

    /** {@code hopcast model summary}. */
    @Command(name = "summary", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Print the trainable parameter count and a per-block table of a configuration.")
    static final class Summary implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        RunOptions run;

        @Option(names = "--series", paramLabel = "N", description = "Number of series (default: the data's, 7 for"
                + " the built-in ETTh1).")
        Integer series;

        @Option(names = "--json", description = "Print one JSON object with params and blocks.")
        boolean json;

        @Override
        public Integer call() {
            RunSpec s = run.resolve();
            int d = series != null ? series : seriesOf(s);
            if (d < 1) {
                throw new HopcastCli.UserError("--series must be at least 1");
            }
            StanHopNet net = new StanHopNet(s.model(), d);
            PrintWriter o = spec.commandLine().getOut();
            Map<String, Long> blocks = net.parameterCountsByBlock();
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("preset", s.preset());
                m.put("series", d);
                m.put("params", net.parameterCount());
                m.put("config", s.model());
                List<Map<String, Object>> rows = new ArrayList<>();
                blocks.forEach((k, v) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("block", k);
                    r.put("params", v);
                    rows.add(r);
                });
                m.put("blocks", rows);
                o.println(Json.line(m));
                return 0;
            }
            StanHopConfig c = s.model();
            o.printf("STanHop-Net (%s): %d series, in %d -> out %d, seg %d, win %d, d_model %d, d_ff %d, heads %d,"
                    + " e_layers %d, factor %d, separation %s, block norms %s, linear path %s%s%n", s.preset(), d,
                    c.inLen(), c.outLen(), c.segLen(), c.winSize(), c.modelDim(), c.ffDim(), c.heads(), c.encoderLayers(),
                    c.factor(), c.separation(), c.blockNorms().label(), c.linearPath().label(),
                    c.channelIndependent() ? ", channel-independent" : "");
            o.printf("%-28s %14s%n", "block", "parameters");
            blocks.forEach((k, v) -> o.printf("%-28s %,14d%n", k, v));
            o.printf("%-28s %,14d%n", "total (trainable)", net.parameterCount());
            return 0;
        }

        private static int seriesOf(RunSpec s) {
            if (s.data().input() == null && s.data().dataset() == null) {
                return 7;
            }
            return s.prepareData().table().columnCount();
        }
    }

    /** {@code hopcast model presets}. */
    @Command(name = "presets", mixinStandardHelpOptions = true, description = "List the named configurations.")
    static final class PresetList implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            for (Presets.Preset p : Presets.all()) {
                o.printf("%-18s %s%n", p.name(), p.description());
            }
            return 0;
        }
    }

    /** {@code hopcast model settings}: the settings schema, with a preset's values. */
    @Command(name = "settings", mixinStandardHelpOptions = true, description = "List every setting a run, a config"
            + " file or the desktop app accepts, with its type, the preset's value and what it does.")
    static final class SettingList implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--preset", paramLabel = "NAME", defaultValue = Settings.DEFAULT_PRESET,
                description = "Show this preset's values (default ${DEFAULT-VALUE}).")
        String preset;

        @Option(names = "--json", description = "Print one JSON array of {key, group, kind, value, choices, help}.")
        boolean json;

        @Override
        public Integer call() {
            RunSpec base;
            try {
                base = RunSettings.resolve(Map.of(Settings.PRESET.key(), preset));
            } catch (IllegalArgumentException e) {
                throw new HopcastCli.UserError(e.getMessage());
            }
            PrintWriter o = spec.commandLine().getOut();
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Setting s : Settings.ALL) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("key", s.key());
                r.put("group", s.group().name().toLowerCase(java.util.Locale.ROOT));
                r.put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT));
                r.put("value", s.valueIn(base));
                r.put("choices", s.choices());
                r.put("help", s.help());
                rows.add(r);
                if (!json) {
                    o.printf("--%-15s %-9s %-14s %s%n", s.key(), s.kind().name().toLowerCase(java.util.Locale.ROOT),
                            Setting.format(s.valueIn(base)), s.help());
                }
            }
            if (json) {
                o.println(Json.line(rows));
            }
            return 0;
        }
    }

    /** {@code hopcast model provenance FILE}: where a checkpoint's weights come from, wherever it was copied. */
    @Command(name = "provenance", mixinStandardHelpOptions = true, description = "Print where a best.params or"
            + " checkpoint.params comes from (data and its SHA-256, configuration, seed, device, versions), read from"
            + " the file itself after checking its checksum.")
    static final class Provenance implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Parameters(paramLabel = "FILE", description = "best.params or checkpoint.params")
        java.nio.file.Path file;

        @Override
        public Integer call() {
            Checkpoints.Header h = Checkpoints.header(file);
            PrintWriter o = spec.commandLine().getOut();
            o.printf("%s: %s for %s%n", file, h.kind(), h.modelSignature());
            if (h.provenanceJson() == null) {
                o.println("The file was written before checkpoints carried their provenance; its run directory's"
                        + " provenance.json and config.json have it.");
            } else {
                o.println(Json.GSON.toJson(Json.GSON.fromJson(h.provenanceJson(), Object.class)));
            }
            return 0;
        }
    }
}
