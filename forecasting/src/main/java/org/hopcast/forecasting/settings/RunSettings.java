package org.hopcast.forecasting.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hopcast.forecasting.model.BlockNorms;
import org.hopcast.forecasting.model.InstanceNorm;
import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.run.DataSpec;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.TrainingConfig;

/**
 * The settings of a run by name: the one vocabulary shared by command-line options ({@code --in-len}),
 * config files ({@code in-len: 168}) and the GUI. A run is a preset with any of these overridden; precedence
 * is command line, then config file, then preset.
 */
public final class RunSettings {
    /** The preset used when none is named: small enough to train in minutes on a CPU. */
    public static final String DEFAULT_PRESET = "quick";

    /** Every key, with what it sets. */
    public static final Map<String, String> KEYS;

    static {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("preset", "named starting configuration (" + DEFAULT_PRESET + " by default)");
        k.put("input", "CSV file of series");
        k.put("dataset", "known benchmark dataset");
        k.put("data-dir", "folders to look for datasets in (list)");
        k.put("split", "split protocol");
        k.put("time-column", "time column name or none");
        k.put("columns", "series to use (list)");
        k.put("fill", "missing values: none, forward or linear");
        k.put("delimiter", "CSV delimiter");
        k.put("in-len", "input window length");
        k.put("out-len", "forecast horizon");
        k.put("seg-len", "patch (segment) length");
        k.put("win-size", "coarse-graining window");
        k.put("d-model", "model width");
        k.put("d-ff", "MLP width of the STanHop blocks");
        k.put("heads", "attention heads");
        k.put("e-layers", "encoder scales (the decoder has one more layer)");
        k.put("factor", "learned memory patterns per HopfieldPooling");
        k.put("dropout", "dropout rate");
        k.put("separation", "separation function of every Hopfield layer");
        k.put("mix", "the reference's head mix reshape (true/false)");
        k.put("block-norms", "stanhop (4 LayerNorms per block) or outeffhop (1)");
        k.put("instance-norm", "per-window normalization: none (the paper), revin, revin-last or last-value");
        k.put("batch-size", "batch size");
        k.put("lr", "initial learning rate");
        k.put("epochs", "maximum epochs");
        k.put("patience", "early-stopping patience in epochs");
        k.put("lradj", "learning-rate schedule: type1, type2 or fixed");
        k.put("clip", "global gradient-norm limit (0: off)");
        k.put("seed", "random seed");
        k.put("max-steps", "stop after this many optimizer steps (0: no limit)");
        k.put("max-minutes", "stop after this much training time (0: no limit)");
        k.put("device", "auto, cpu or gpu");
        KEYS = java.util.Collections.unmodifiableMap(k);
    }

    private RunSettings() {
    }

    /**
     * Resolves a run from values by key (strings, numbers, booleans or lists as parsed from a config file or
     * the command line). Unknown keys and bad values are errors that name the key.
     */
    public static RunSpec resolve(Map<String, Object> values) {
        for (String key : values.keySet()) {
            if (!KEYS.containsKey(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known: " + String.join(", ",
                        KEYS.keySet()));
            }
        }
        Presets.Preset preset = Presets.get(string(values, "preset", DEFAULT_PRESET));
        StanHopConfig m = preset.model();
        TrainingConfig t = preset.training();
        StanHopConfig model;
        TrainingConfig training;
        try {
            model = new StanHopConfig(integer(values, "in-len", m.inLen()), integer(values, "out-len", m.outLen()),
                    integer(values, "seg-len", m.segLen()), integer(values, "win-size", m.winSize()),
                    integer(values, "d-model", m.modelDim()), integer(values, "d-ff", m.ffDim()),
                    integer(values, "heads", m.heads()), integer(values, "e-layers", m.encoderLayers()),
                    integer(values, "factor", m.factor()), number(values, "dropout", m.dropout()),
                    string(values, "separation", m.separation()), bool(values, "mix", m.mix()),
                    values.containsKey("block-norms") ? BlockNorms.parse(string(values, "block-norms", null))
                            : m.blockNorms(),
                    values.containsKey("instance-norm") ? InstanceNorm.parse(string(values, "instance-norm", null))
                            : m.instanceNorm());
            training = new TrainingConfig(integer(values, "batch-size", t.batchSize()), number(values, "lr",
                    t.learningRate()), integer(values, "epochs", t.epochs()), integer(values, "patience", t.patience()),
                    string(values, "lradj", t.schedule()), number(values, "clip", t.clipNorm()),
                    (long) number(values, "seed", t.seed()), (long) number(values, "max-steps", t.maxSteps()),
                    number(values, "max-minutes", t.maxMinutes()), string(values, "device", t.device()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        DataSpec data = new DataSpec(string(values, "input", null), string(values, "dataset", null),
                list(values, "data-dir"), string(values, "split", null), string(values, "time-column", null),
                list(values, "columns"), string(values, "fill", null), string(values, "delimiter", null));
        if (data.input() != null && data.dataset() != null) {
            throw new IllegalArgumentException("give either input or dataset, not both");
        }
        return new RunSpec(preset.name(), data, model, training);
    }

    /**
     * The model and training settings of a configuration by key: the inverse of {@link #resolve} for them, so
     * that whatever shows or edits settings (the desktop app) reads the same keys resolve reads.
     */
    public static Map<String, Object> values(StanHopConfig m, TrainingConfig t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("in-len", m.inLen());
        v.put("out-len", m.outLen());
        v.put("seg-len", m.segLen());
        v.put("win-size", m.winSize());
        v.put("d-model", m.modelDim());
        v.put("d-ff", m.ffDim());
        v.put("heads", m.heads());
        v.put("e-layers", m.encoderLayers());
        v.put("factor", m.factor());
        v.put("dropout", m.dropout());
        v.put("separation", m.separation());
        v.put("mix", m.mix());
        v.put("block-norms", m.blockNorms().name().toLowerCase(Locale.ROOT));
        v.put("instance-norm", m.instanceNorm().label());
        v.put("batch-size", t.batchSize());
        v.put("lr", t.learningRate());
        v.put("epochs", t.epochs());
        v.put("patience", t.patience());
        v.put("lradj", t.schedule());
        v.put("clip", t.clipNorm());
        v.put("seed", t.seed());
        v.put("max-steps", t.maxSteps());
        v.put("max-minutes", t.maxMinutes());
        v.put("device", t.device());
        return v;
    }

    private static String string(Map<String, Object> v, String key, String fallback) {
        Object o = v.get(key);
        return o == null ? fallback : o.toString().trim();
    }

    private static int integer(Map<String, Object> v, String key, int fallback) {
        double d = number(v, key, fallback);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be a whole number, got " + v.get(key));
        }
        return (int) d;
    }

    private static double number(Map<String, Object> v, String key, double fallback) {
        Object o = v.get(key);
        if (o == null) {
            return fallback;
        }
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(o.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + o + "'");
        }
    }

    private static boolean bool(Map<String, Object> v, String key, boolean fallback) {
        Object o = v.get(key);
        if (o == null) {
            return fallback;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        String s = o.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("yes") || s.equals("on")) {
            return true;
        }
        if (s.equals("false") || s.equals("no") || s.equals("off")) {
            return false;
        }
        throw new IllegalArgumentException(key + " must be true or false, got '" + o + "'");
    }

    private static List<String> list(Map<String, Object> v, String key) {
        Object o = v.get(key);
        if (o == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(e -> out.add(e.toString().trim()));
        } else {
            Arrays.stream(o.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }
}
