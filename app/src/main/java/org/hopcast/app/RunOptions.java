package org.hopcast.app;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.settings.RunSettings;

import picocli.CommandLine.Option;

/**
 * Every run setting as an option; each is optional and, when given, overrides the config file, which
 * overrides the preset. The option names are {@link RunSettings#KEYS}.
 */
public final class RunOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "JSON or YAML file of settings (keys are these"
            + " option names without dashes).")
    Path config;

    @Option(names = "--preset", paramLabel = "NAME", description = "Starting configuration (default "
            + RunSettings.DEFAULT_PRESET + "; see 'hopcast model presets').")
    String preset;

    @Option(names = "--input", paramLabel = "FILE", description = "CSV file of series.")
    Path input;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Known dataset (ETTh1, ETTm1, WTH, ILI, ...)."
            + " Neither: the built-in ETTh1.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder to look for datasets in (repeatable).")
    List<String> dataDirs;

    @Option(names = "--split", paramLabel = "PROTOCOL", description = "Split protocol (default: the dataset's own).")
    String split;

    @Option(names = "--time-column", paramLabel = "NAME", description = "Time column, or 'none'.")
    String timeColumn;

    @Option(names = "--columns", paramLabel = "A,B", split = ",", description = "Series to use.")
    List<String> columns;

    @Option(names = "--fill", paramLabel = "METHOD", description = "Missing cells: none, forward, linear.")
    String fill;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "CSV delimiter (default: detected).")
    String delimiter;

    @Option(names = "--in-len", paramLabel = "N", description = "Input window length.")
    Integer inLen;

    @Option(names = "--out-len", paramLabel = "N", description = "Forecast horizon.")
    Integer outLen;

    @Option(names = "--seg-len", paramLabel = "N", description = "Segment (patch) length.")
    Integer segLen;

    @Option(names = "--win-size", paramLabel = "N", description = "Coarse-graining window.")
    Integer winSize;

    @Option(names = "--d-model", paramLabel = "N", description = "Model width.")
    Integer modelDim;

    @Option(names = "--d-ff", paramLabel = "N", description = "MLP width of the STanHop blocks.")
    Integer ffDim;

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads.")
    Integer heads;

    @Option(names = "--e-layers", paramLabel = "N", description = "Encoder scales.")
    Integer encoderLayers;

    @Option(names = "--factor", paramLabel = "N", description = "Memory patterns per HopfieldPooling.")
    Integer factor;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout rate.")
    Double dropout;

    @Option(names = "--separation", paramLabel = "NAME", description = "alpha-entmax (STanHop-Net), softmax_1"
            + " (OutEffHop), softmax, sparsemax, entmax15, clipped-softmax, clipped-softmax_1, gated-NAME.")
    String separation;

    @Option(names = "--mix", paramLabel = "BOOL", arity = "1", description = "The reference's head mix reshape.")
    Boolean mix;

    @Option(names = "--block-norms", paramLabel = "LAYOUT", description = "stanhop or outeffhop.")
    String blockNorms;

    @Option(names = "--instance-norm", paramLabel = "MODE", description = "Normalize each input window on its own"
            + " and map the forecast back: none (the paper), revin (its own mean and std, learnable affine),"
            + " revin-last (the same centred on the last value) or last-value (subtract the last value). The preset"
            + " decides by default.")
    String instanceNorm;

    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size.")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate.")
    Double lr;

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs.")
    Integer epochs;

    @Option(names = "--patience", paramLabel = "N", description = "Early-stopping patience.")
    Integer patience;

    @Option(names = "--lradj", paramLabel = "TYPE", description = "type1, type2 or fixed.")
    String lradj;

    @Option(names = "--clip", paramLabel = "NORM", description = "Gradient-norm limit (0: off).")
    Double clip;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed.")
    Long seed;

    @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N optimizer steps.")
    Long maxSteps;

    @Option(names = "--max-minutes", paramLabel = "M", description = "Time budget in minutes for the whole command:"
            + " training stops early enough for validation and the final test to fit (0, the default: no limit).")
    Double maxMinutes;

    @Option(names = "--device", paramLabel = "D", description = "auto, cpu or gpu.")
    String device;

    /** The settings given: config file values overridden by the options on the command line. */
    public Map<String, Object> values() {
        Map<String, Object> v = config == null ? new LinkedHashMap<>() : ConfigFile.read(config);
        put(v, "preset", preset);
        put(v, "input", input == null ? null : input.toString());
        put(v, "dataset", dataset);
        put(v, "data-dir", dataDirs);
        put(v, "split", split);
        put(v, "time-column", timeColumn);
        put(v, "columns", columns);
        put(v, "fill", fill);
        put(v, "delimiter", delimiter);
        put(v, "in-len", inLen);
        put(v, "out-len", outLen);
        put(v, "seg-len", segLen);
        put(v, "win-size", winSize);
        put(v, "d-model", modelDim);
        put(v, "d-ff", ffDim);
        put(v, "heads", heads);
        put(v, "e-layers", encoderLayers);
        put(v, "factor", factor);
        put(v, "dropout", dropout);
        put(v, "separation", separation);
        put(v, "mix", mix);
        put(v, "block-norms", blockNorms);
        put(v, "instance-norm", instanceNorm);
        put(v, "batch-size", batchSize);
        put(v, "lr", lr);
        put(v, "epochs", epochs);
        put(v, "patience", patience);
        put(v, "lradj", lradj);
        put(v, "clip", clip);
        put(v, "seed", seed);
        put(v, "max-steps", maxSteps);
        put(v, "max-minutes", maxMinutes);
        put(v, "device", device);
        if (v.containsKey("input") && v.containsKey("dataset") && (input != null || dataset != null)) {
            // the command line chose one: drop the config file's other choice
            v.remove(input != null ? "dataset" : "input");
        }
        return v;
    }

    private static void put(Map<String, Object> v, String key, Object value) {
        if (value != null) {
            v.put(key, value);
        }
    }

    /** The resolved run, or a user error naming the bad setting. */
    public RunSpec resolve() {
        try {
            return RunSettings.resolve(values());
        } catch (IllegalArgumentException e) {
            throw new HopcastCli.UserError(blame(e.getMessage()));
        }
    }

    /** The message, naming the config file when the file alone is what is wrong. */
    private String blame(String message) {
        if (config == null) {
            return message;
        }
        try {
            RunSettings.resolve(ConfigFile.read(config));
        } catch (IllegalArgumentException e) {
            if (e.getMessage().equals(message)) {
                return "config file " + config + ": " + message;
            }
        }
        return message;
    }
}
