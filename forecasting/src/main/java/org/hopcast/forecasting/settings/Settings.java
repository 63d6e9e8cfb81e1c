package org.hopcast.forecasting.settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.hopcast.datasets.FillMethod;
import org.hopcast.forecasting.model.BlockNorms;
import org.hopcast.forecasting.model.InstanceNorm;
import org.hopcast.forecasting.model.LinearPath;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.settings.Setting.Group;
import org.hopcast.forecasting.settings.Setting.Kind;
import org.hopcast.hopfield.separation.Separation;

/**
 * The settings schema: every setting of a run, declared once (docs/decisions/0011-one-settings-schema.md). The
 * command line makes its options from it, config files and grid files are checked against it,
 * {@link RunSettings} resolves runs with it, and the desktop app builds its Model tab from it.
 */
public final class Settings {
    private Settings() {
    }

    /** The preset used when none is named: small enough to train in minutes on a CPU. */
    public static final String DEFAULT_PRESET = "quick";

    public static final Setting PRESET = new Setting("preset", Group.PRESET, Kind.TEXT, "Preset", "NAME",
            "Starting configuration (default " + DEFAULT_PRESET + "; see 'hopcast model presets').", List.of(), null,
            RunSpec::preset, false);

    public static final Setting INPUT = data("input", Kind.TEXT, "FILE", "A CSV file (.csv or .csv.gz) of series.",
            s -> s.data().input());
    public static final Setting DATASET = data("dataset", Kind.TEXT, "NAME", "A known benchmark set: ETTh1, ETTh2,"
            + " ETTm1, ETTm2, WTH, ECL, ILI, Traffic, Exchange. With neither input nor dataset, the built-in ETTh1"
            + " is used.", s -> s.data().dataset());
    public static final Setting DATA_DIR = data("data-dir", Kind.LIST, "DIR", "A folder to look for dataset files"
            + " in (repeatable; also $HOPCAST_DATA_DIR and ~/.hopcast/datasets).", s -> s.data().dataDirs());
    public static final Setting SPLIT = data("split", Kind.TEXT, "PROTOCOL", "ett-hour, ett-minute, wth, ecl,"
            + " ratio, ratio:TRAIN,VAL,TEST or rows:TRAIN,VAL,TEST. Default: the dataset's own protocol; ratio"
            + " (0.7/0.1/0.2) for other files.", s -> s.data().split());
    public static final Setting TIME_COLUMN = data("time-column", Kind.TEXT, "NAME", "The time column, or 'none'."
            + " Default: a column named date/time/timestamp/datetime, else the first column.",
            s -> s.data().timeColumn());
    public static final Setting COLUMNS = data("columns", Kind.LIST, "A,B,...", "The series to use, in this order."
            + " Default: every column but the time column.", s -> s.data().columns());
    public static final Setting FILL = new Setting("fill", Group.DATA, Kind.CHOICE, "Fill method", "METHOD",
            "Empty/NaN/Inf cells: none (refuse the file, default), forward or linear.",
            java.util.Arrays.stream(FillMethod.values()).map(FillMethod::label).toList(), null,
            s -> s.data().fill(), false);
    public static final Setting DELIMITER = data("delimiter", Kind.TEXT, "CHAR", "Field delimiter. Default: detected"
            + " (comma, semicolon or tab).", s -> s.data().delimiter());
    public static final Setting TIME_FORMAT = data("time-format", Kind.TEXT, "PATTERN", "How the time column is"
            + " written, when it is not recognised: a date-time pattern (dd/MM/yyyy, dd.MM.yyyy HH:mm, yyyy-MM), or"
            + " epoch-seconds / epoch-millis. Default: recognised.", s -> s.data().timeFormat());

    public static final Setting GAPS = new Setting("gaps", Group.DATA, Kind.CHOICE, "Gaps", "POLICY",
            "Missing and repeated timestamps: keep (default: gaps counted, windows run across them, a repeated"
            + " timestamp refused) or fill (a row at every step of the file's calendar, missing ones inserted and"
            + " filled, linear unless fill is set; a repeated one, as when clocks go back, averaged) or mark (as fill,"
            + " and a column gap_filled, 1 on the rows filled in, given to the model as a past covariate).",
            java.util.Arrays.stream(org.hopcast.datasets.GapPolicy.values()).map(g -> g.label()).toList(), null,
            s -> s.data().gaps(), false);

    public static final Setting TARGETS = roles("targets", "Targets", "A,B,...", "The columns to forecast."
            + " Default: every column read that is not a covariate.", s -> s.data().targets());
    public static final Setting PAST_COVARIATES = roles("past-covariates", "Past covariates", "A,B,...", "Columns"
            + " observed up to the forecast's start only (a price, a sensor): model inputs, never forecast or scored.",
            s -> s.data().pastCovariates());
    public static final Setting FUTURE_COVARIATES = roles("future-covariates", "Future covariates", "A,B,...",
            "Columns known ahead (a promotion plan, a holiday, a weather forecast): model inputs over the input window"
            + " and over the forecast period, which forecast takes from a future file.",
            s -> s.data().futureCovariates());
    public static final Setting CALENDAR_FEATURES = roles("calendar-features", "Calendar features", "off|on|F,...",
            "Features of the timestamps given to the model as future covariates: off (default), on (chosen by the"
            + " file's calendar: hour and weekday for sub-daily steps, weekday and day of year for days, weekday for"
            + " business days, week for weeks, month, quarter) or a list of hour, weekday, monthday, yearday, week,"
            + " month, quarter.", s -> s.data().calendarFeatures());

    public static final Setting ID_COLUMN = data("id-column", Kind.LIST, "A[,B]", "For a file of many series in long"
            + " format: the column (or columns, together) that names a row's series (store, sku). One model is trained"
            + " across them, each series split and scaled on its own; metrics per series and overall.",
            s -> s.data().idColumn());

    public static final Setting IN_LEN = model("in-len", Kind.INTEGER, "Input length", "N", "Input window length.",
            "inLen", s -> s.model().inLen(), true);
    public static final Setting OUT_LEN = model("out-len", Kind.INTEGER, "Horizon", "N", "Forecast horizon.",
            "outLen", s -> s.model().outLen(), true);
    public static final Setting SEG_LEN = model("seg-len", Kind.INTEGER, "Segment length", "N",
            "Segment (patch) length.", "segLen", s -> s.model().segLen(), true);
    public static final Setting WIN_SIZE = model("win-size", Kind.INTEGER, "Coarse-grain window", "N",
            "Coarse-graining window.", "winSize", s -> s.model().winSize(), true);
    public static final Setting D_MODEL = model("d-model", Kind.INTEGER, "d_model", "N", "Model width (d_model).",
            "modelDim", s -> s.model().modelDim(), true);
    public static final Setting D_FF = model("d-ff", Kind.INTEGER, "d_ff", "N", "MLP width of the STanHop blocks.",
            "ffDim", s -> s.model().ffDim(), true);
    public static final Setting HEADS = model("heads", Kind.INTEGER, "Heads", "N", "Attention heads (n_heads).",
            "heads", s -> s.model().heads(), true);
    public static final Setting E_LAYERS = model("e-layers", Kind.INTEGER, "Encoder scales", "N",
            "Encoder scales (the decoder has one more layer).", "encoderLayers", s -> s.model().encoderLayers(), true);
    public static final Setting FACTOR = model("factor", Kind.INTEGER, "Pooling memories", "N",
            "Learned memory patterns per HopfieldPooling.", "factor", s -> s.model().factor(), true);
    public static final Setting DROPOUT = model("dropout", Kind.NUMBER, "Dropout", "P", "Dropout rate.", "dropout",
            s -> s.model().dropout(), true);
    public static final Setting SEPARATION = new Setting("separation", Group.MODEL, Kind.CHOICE,
            "Separation function", "NAME", "Separation function of every Hopfield layer: alpha-entmax (STanHop-Net),"
            + " softmax_1 (OutEffHop), softmax, sparsemax, entmax15, clipped-softmax, clipped-softmax_1, gated-NAME.",
            Separation.names(), "separation", s -> s.model().separation().name(), false);
    public static final Setting MIX = model("mix", Kind.BOOLEAN, "Head mix", "BOOL",
            "The reference's head mix reshape (true/false).", "mix", s -> s.model().mix(), false);
    public static final Setting BLOCK_NORMS = new Setting("block-norms", Group.MODEL, Kind.CHOICE, "Block norms",
            "LAYOUT", "stanhop (4 LayerNorms per block) or outeffhop (1).",
            java.util.Arrays.stream(BlockNorms.values()).map(BlockNorms::label).toList(), "blockNorms",
            s -> s.model().blockNorms().label(), false);
    public static final Setting INSTANCE_NORM = new Setting("instance-norm", Group.MODEL, Kind.CHOICE,
            "Instance norm", "MODE", "Normalize each input window on its own and map the forecast back: none (the"
            + " paper), revin (its own mean and std, learnable affine), revin-last (the same centred on the last"
            + " value) or last-value (subtract the last value). The preset decides by default.",
            java.util.Arrays.stream(InstanceNorm.values()).map(InstanceNorm::label).toList(), "instanceNorm",
            s -> s.model().instanceNorm().label(), false);

    public static final Setting LINEAR_PATH = new Setting("linear-path", Group.MODEL, Kind.CHOICE, "Linear path",
            "MODE", "A linear map of the input window under the Hopfield network: none (the papers), fixed (the linear"
            + " baseline's closed-form fit, or persistence where that is better on validation; only the network"
            + " trains on top of it) or trained (that start trains with the network). With it the untrained model is"
            + " that baseline, validated as epoch 0. The preset decides by default.",
            java.util.Arrays.stream(LinearPath.values()).map(LinearPath::label).toList(), "linearPath",
            s -> s.model().linearPath().label(), true);

    public static final Setting CHANNEL_INDEPENDENT = model("channel-independent", Kind.BOOLEAN,
            "Channel independent", "BOOL", "The network sees each series on its own, one network shared by all"
            + " (PatchTST's channel independence), instead of all series together with its cross-series stage"
            + " (the paper). The preset decides by default; quick by the data: on where the training period has"
            + " fewer than " + String.format(Locale.ROOT, "%,d", Presets.QUICK_CROSS_SERIES_MIN_WINDOWS) + " windows"
            + " (summed over the series) and there are no covariates.", "channelIndependent",
            s -> s.model().channelIndependent(), true);

    public static final Setting BATCH_SIZE = training("batch-size", Kind.INTEGER, "Batch size", "N", "Batch size.",
            "batchSize", s -> s.training().batchSize(), true);
    public static final Setting LR = training("lr", Kind.NUMBER, "Learning rate", "RATE", "Initial learning rate.",
            "learningRate", s -> s.training().learningRate(), true);
    public static final Setting EPOCHS = training("epochs", Kind.INTEGER, "Epochs", "N", "Maximum epochs.", "epochs",
            s -> s.training().epochs(), true);
    public static final Setting PATIENCE = training("patience", Kind.INTEGER, "Patience", "N",
            "Early-stopping patience in epochs.", "patience", s -> s.training().patience(), false);
    public static final Setting LRADJ = new Setting("lradj", Group.TRAINING, Kind.CHOICE, "Schedule", "TYPE",
            "Learning-rate schedule: type1, type2 or fixed.", List.of("type1", "type2", "fixed"), "schedule",
            s -> s.training().schedule(), false);
    public static final Setting CLIP = training("clip", Kind.NUMBER, "Gradient clip", "NORM",
            "Global gradient-norm limit (0: off).", "clipNorm", s -> s.training().clipNorm(), false);
    public static final Setting SEED = training("seed", Kind.LONG, "Seed", "N", "Random seed.", "seed",
            s -> s.training().seed(), true);
    public static final Setting MAX_STEPS = training("max-steps", Kind.LONG, "Step budget", "N",
            "Stop after N optimizer steps (0: no limit).", "maxSteps", s -> s.training().maxSteps(), false);
    public static final Setting MAX_MINUTES = training("max-minutes", Kind.NUMBER, "Time budget (minutes, 0: none)",
            "M", "Time budget in minutes for the whole command: training stops early enough for validation and the"
            + " final test to fit (0, the default: no limit).", "maxMinutes", s -> s.training().maxMinutes(), true);
    public static final Setting DEVICE = new Setting("device", Group.TRAINING, Kind.CHOICE, "Device", "D",
            "auto (a CUDA GPU when DJL finds one, else the CPU), cpu or gpu.", List.of("auto", "cpu", "gpu"),
            "device", s -> s.training().device(), false);

    public static final Setting TRACK_OUTLIERS = training("track-outliers", Kind.BOOLEAN, "Track outliers", "BOOL",
            "Measure the outlier statistics (average kurtosis, max infinity norm; decoder set and all modules) on"
            + " fixed validation windows at every epoch's end, into history.json. Does not change the model.",
            "trackOutliers", s -> s.training().trackOutliers(), true);
    public static final Setting TRACK_OUTLIERS_EVERY = training("track-outliers-every", Kind.INTEGER,
            "Track outliers every (steps)", "N", "With outlier tracking, also measure every N optimizer steps"
            + " (0, the default: at epoch ends only).", "trackOutliersEvery", s -> s.training().trackOutliersEvery(),
            false);

    public static final Setting COVERAGE = training("coverage", Kind.LIST, "Interval coverages", "P[,P...]",
            "Nominal coverages of the prediction intervals, as fractions or percents (default 0.8,0.95), calibrated"
            + " on the validation split after training.", "coverages", s -> s.training().coverages(), true);

    /** Every setting, in the order help texts and forms list them. */
    public static final List<Setting> ALL = List.of(PRESET, INPUT, DATASET, DATA_DIR, SPLIT, TIME_COLUMN, COLUMNS,
            FILL, DELIMITER, TIME_FORMAT, GAPS, TARGETS, PAST_COVARIATES, FUTURE_COVARIATES, CALENDAR_FEATURES, ID_COLUMN,
            IN_LEN,
            OUT_LEN, SEG_LEN, WIN_SIZE, D_MODEL, D_FF, HEADS, E_LAYERS, FACTOR,
            DROPOUT, SEPARATION, MIX, BLOCK_NORMS, INSTANCE_NORM, LINEAR_PATH, CHANNEL_INDEPENDENT, BATCH_SIZE, LR, EPOCHS,
            PATIENCE, LRADJ, CLIP, SEED, MAX_STEPS, MAX_MINUTES, DEVICE, TRACK_OUTLIERS, TRACK_OUTLIERS_EVERY,
            COVERAGE);

    private static final Map<String, Setting> BY_KEY;

    static {
        Map<String, Setting> m = new LinkedHashMap<>();
        ALL.forEach(s -> m.put(s.key(), s));
        BY_KEY = java.util.Collections.unmodifiableMap(m);
    }

    /** The one-line explanation of a separation function (a {@link #SEPARATION} choice), for menus. */
    public static String separationHelp(String name) {
        return Separation.parse(name).description();
    }

    /** STanHop-Net's own separation function, chosen when nothing else is. */
    public static String separationDefault() {
        return Separation.DEFAULT.name();
    }

    /** Every key, in {@link #ALL}'s order. */
    public static List<String> keys() {
        return List.copyOf(BY_KEY.keySet());
    }

    /** The setting a key names; {@code d_model} and {@code D-Model} name {@code d-model} too. */
    public static java.util.Optional<Setting> find(String key) {
        return java.util.Optional.ofNullable(BY_KEY.get(normalize(key)));
    }

    /** The setting a key names, or a problem that lists the known keys. */
    public static Setting get(String key) {
        return find(key).orElseThrow(() -> new SettingException("unknown setting '" + key + "'; known: "
                + String.join(", ", keys()), List.of()));
    }

    /** The settings of one group, in order. */
    public static List<Setting> of(Group group) {
        return ALL.stream().filter(s -> s.group() == group).toList();
    }

    /** The setting that sets a record component of the model or training configuration. */
    static java.util.Optional<Setting> forComponent(String component) {
        return ALL.stream().filter(s -> component.equals(s.component())).findFirst();
    }

    static String normalize(String key) {
        return key.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Setting data(String key, Kind kind, String paramLabel, String help, Function<RunSpec, Object> read) {
        return new Setting(key, Group.DATA, kind, key, paramLabel, help, List.of(), null, read, false);
    }

    /** A column-role setting: a list, in the desktop app's form too (what a user of their own data sets first). */
    private static Setting roles(String key, String label, String paramLabel, String help,
            Function<RunSpec, Object> read) {
        return new Setting(key, Group.DATA, Kind.LIST, label, paramLabel, help, List.of(), null, read, true);
    }

    private static Setting model(String key, Kind kind, String label, String paramLabel, String help,
            String component, Function<RunSpec, Object> read, boolean inApp) {
        return new Setting(key, Group.MODEL, kind, label, paramLabel, help, List.of(), component, read, inApp);
    }

    private static Setting training(String key, Kind kind, String label, String paramLabel, String help,
            String component, Function<RunSpec, Object> read, boolean inApp) {
        return new Setting(key, Group.TRAINING, kind, label, paramLabel, help, List.of(), component, read, inApp);
    }
}
