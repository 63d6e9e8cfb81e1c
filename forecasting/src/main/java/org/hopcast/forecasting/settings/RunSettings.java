package org.hopcast.forecasting.settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hopcast.datasets.Calendar;
import org.hopcast.datasets.DataRequest;
import org.hopcast.datasets.DatasetRegistry;
import org.hopcast.datasets.SeriesCsvReader;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.SplitProtocol;
import org.hopcast.datasets.WindowFit;
import org.hopcast.datasets.WindowSpec;
import org.hopcast.forecasting.model.BlockNorms;
import org.hopcast.forecasting.model.ConfigException;
import org.hopcast.forecasting.model.InstanceNorm;
import org.hopcast.forecasting.model.LinearPath;
import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.run.Coverages;
import org.hopcast.forecasting.run.DataSpec;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.TrainingConfig;
import org.hopcast.hopfield.separation.Separation;

/**
 * Resolves a run from settings by key ({@link Settings}): a preset with any setting overridden; precedence is
 * command line, then config file, then preset. The inverse, {@link #values}, gives a run's settings by key.
 */
public final class RunSettings {
    private RunSettings() {
    }

    /**
     * Resolves a run from values by key (strings, numbers, booleans or lists as parsed from a config file, the
     * command line or a form). Unknown keys and bad values are {@link SettingException}s that name the keys.
     */
    public static RunSpec resolve(Map<String, Object> values) {
        Map<Setting, Object> given = parse(values);
        String presetName = (String) given.getOrDefault(Settings.PRESET, Settings.DEFAULT_PRESET);
        Presets.Preset preset;
        try {
            preset = Presets.get(presetName);
        } catch (IllegalArgumentException e) {
            throw new SettingException(e.getMessage(), List.of(Settings.PRESET.key()), e);
        }
        Map<Setting, Object> v = new LinkedHashMap<>();
        RunSpec base = new RunSpec(preset.name(), DataSpec.BUILT_IN, preset.model(), preset.training());
        for (Setting s : Settings.ALL) {
            v.put(s, s.parse(s.valueIn(base)));
        }
        v.putAll(given);
        DataSpec data = data(v); // the data's settings are checked first: which file is the first question
        if (data.input() != null && preset.name().equals(Settings.DEFAULT_PRESET)
                && !(given.containsKey(Settings.IN_LEN) && given.containsKey(Settings.OUT_LEN))) {
            // a user's own file with lengths left to the default preset: lengths that fit its calendar and size
            WindowSpec fitted = fitted(data, new WindowSpec(i(v, Settings.IN_LEN), i(v, Settings.OUT_LEN)),
                    given.containsKey(Settings.IN_LEN), given.containsKey(Settings.OUT_LEN));
            v.put(Settings.IN_LEN, fitted.inLen());
            v.put(Settings.OUT_LEN, fitted.outLen());
        }
        if (preset.name().equals(Settings.DEFAULT_PRESET) && !given.containsKey(Settings.CHANNEL_INDEPENDENT)) {
            // the default preset's one choice by the data's size (Presets.quickChannelIndependent, ADR 0019)
            v.put(Settings.CHANNEL_INDEPENDENT, quickChannelIndependent(data,
                    new WindowSpec(i(v, Settings.IN_LEN), i(v, Settings.OUT_LEN))));
        }
        try {
            StanHopConfig model = StanHopConfig.builder().setInLen(i(v, Settings.IN_LEN))
                    .setOutLen(i(v, Settings.OUT_LEN)).setSegLen(i(v, Settings.SEG_LEN))
                    .setWinSize(i(v, Settings.WIN_SIZE)).setModelDim(i(v, Settings.D_MODEL))
                    .setFfDim(i(v, Settings.D_FF)).setHeads(i(v, Settings.HEADS))
                    .setEncoderLayers(i(v, Settings.E_LAYERS)).setFactor(i(v, Settings.FACTOR))
                    .setDropout(d(v, Settings.DROPOUT)).setSeparation(Separation.parse(t(v, Settings.SEPARATION)))
                    .setMix((Boolean) v.get(Settings.MIX)).setBlockNorms(BlockNorms.parse(t(v, Settings.BLOCK_NORMS)))
                    .setInstanceNorm(InstanceNorm.parse(t(v, Settings.INSTANCE_NORM)))
                    .setLinearPath(LinearPath.parse(t(v, Settings.LINEAR_PATH)))
                    .setChannelIndependent((Boolean) v.get(Settings.CHANNEL_INDEPENDENT)).build();
            TrainingConfig training = TrainingConfig.builder().setBatchSize(i(v, Settings.BATCH_SIZE))
                    .setLearningRate(d(v, Settings.LR)).setEpochs(i(v, Settings.EPOCHS))
                    .setPatience(i(v, Settings.PATIENCE)).setSchedule(t(v, Settings.LRADJ))
                    .setClipNorm(d(v, Settings.CLIP)).setSeed(l(v, Settings.SEED))
                    .setMaxSteps(l(v, Settings.MAX_STEPS)).setMaxMinutes(d(v, Settings.MAX_MINUTES))
                    .setDevice(t(v, Settings.DEVICE)).setTrackOutliers((Boolean) v.get(Settings.TRACK_OUTLIERS))
                    .setTrackOutliersEvery(i(v, Settings.TRACK_OUTLIERS_EVERY))
                    .setCoverages(coverages(v.get(Settings.COVERAGE))).build();
            return new RunSpec(preset.name(), data, model, training);
        } catch (ConfigException e) {
            List<String> keys = e.components().stream()
                    .map(c -> Settings.forComponent(c).map(Setting::key).orElse(c)).toList();
            throw new SettingException(e.getMessage(), keys, e);
        }
    }

    /** What resolving needs of a file, by file, size, time and read options: a form resolves at each edit. */
    private static final Map<List<Object>, Peek> PEEKED = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(8, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<List<Object>, Peek> eldest) {
                    return size() > 8;
                }
            });

    /**
     * What resolving a run needs of its file: each series' rows (one series for a file of one), the rows lengths are
     * fitted to (a file of many: its median series', {@link WindowFit#panelRows}) and the calendar.
     */
    private record Peek(int[] rows, int fitRows, Calendar calendar) {
    }

    /** The file of {@code request} peeked at (read once per file, size, time and read options). */
    private static Peek peek(DataRequest request) throws java.io.IOException {
        org.hopcast.datasets.SeriesSource source = request.source();
        List<Object> key = new ArrayList<>();
        java.util.Optional<java.nio.file.Path> path = source.path();
        if (path.isPresent()) {
            key.addAll(List.of(path.get().toAbsolutePath(), java.nio.file.Files.size(path.get()),
                    java.nio.file.Files.getLastModifiedTime(path.get()).toMillis()));
        } else {
            key.add(source.name()); // built in: never changes
        }
        key.add(request.read()); // options: by value
        key.add(request.idColumns());
        Peek peek = PEEKED.get(key);
        if (peek == null) {
            if (request.isPanel()) {
                // many series: lengths fitted to the median series (the shorter half may be left out, said then)
                org.hopcast.datasets.PanelReader.Panel p = org.hopcast.datasets.PanelReader.read(source, request.read(),
                        request.idColumns());
                peek = new Peek(p.tables().stream().mapToInt(SeriesTable::rows).toArray(), WindowFit.panelRows(p),
                        Calendar.of(p.tables().get(0)));
            } else {
                SeriesTable t = SeriesCsvReader.read(source, request.read());
                peek = new Peek(new int[] {t.rows()}, t.rows(), Calendar.of(t));
            }
            PEEKED.put(key, peek);
        }
        return peek;
    }

    /** The split protocol of {@code request}: its own, else its dataset's (ratio for other files). */
    private static SplitProtocol protocol(DataRequest request) {
        return request.split() != null ? request.split() : DatasetRegistry.protocolFor(request.source());
    }

    /**
     * {@link WindowFit}'s lengths for the file of {@code data} from {@code defaults}; the defaults when the file
     * cannot be read here (reading it for the run reports why).
     */
    static WindowSpec fitted(DataSpec data, WindowSpec defaults, boolean inGiven, boolean outGiven) {
        DataRequest request = data.toRequest(defaults.inLen(), defaults.outLen());
        try {
            Peek peek = peek(request);
            return WindowFit.fit(peek.fitRows(), peek.calendar(), protocol(request), defaults, inGiven, outGiven);
        } catch (RuntimeException | java.io.IOException e) {
            return defaults;
        }
    }

    /**
     * Whether {@code quick} leaves out the cross-series stage for {@code data} at {@code window}
     * ({@link Presets#quickChannelIndependent}): by its training windows, summed over its series; no when it or its
     * settings cannot be read here (reading them for the run reports why).
     */
    static boolean quickChannelIndependent(DataSpec data, WindowSpec window) {
        try {
            org.hopcast.datasets.ColumnRoles roles = data.roles();
            boolean covariates = !roles.pastCovariates().isEmpty() || !roles.futureCovariates().isEmpty()
                    || org.hopcast.datasets.CalendarFeatures.parse(roles.calendarFeatures())
                            != org.hopcast.datasets.CalendarFeatures.OFF
                    || data.gaps() != null && org.hopcast.datasets.GapPolicy.parse(data.gaps())
                            == org.hopcast.datasets.GapPolicy.MARK;
            if (covariates) {
                return false;
            }
            DataRequest request = data.toRequest(window.inLen(), window.outLen());
            SplitProtocol protocol = protocol(request);
            String name = request.source().name();
            long windows = 0;
            for (int rows : peek(request).rows()) {
                try {
                    windows += org.hopcast.datasets.SplitLayout.of(name, rows, protocol, window)
                            .windows(org.hopcast.datasets.Split.TRAIN);
                } catch (org.hopcast.datasets.DataException e) {
                    // a series too short for its splits: left out of the training (a file of one: refused by the run)
                }
            }
            return Presets.quickChannelIndependent(windows, false);
        } catch (RuntimeException | java.io.IOException e) {
            return false;
        }
    }

    /** The data settings among {@code values} (the rest is ignored), for commands that only read data. */
    public static DataSpec dataSpec(Map<String, Object> values) {
        Map<Setting, Object> v = parse(values);
        return data(v);
    }

    /** Every setting of a resolved run by key (those it has: no input for the built-in data): resolve's inverse. */
    public static Map<String, Object> settingsOf(RunSpec spec) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (Setting s : Settings.ALL) {
            Object value = s.valueIn(spec);
            if (value != null) {
                v.put(s.key(), value instanceof List<?> l ? new ArrayList<>(l) : value);
            }
        }
        return v;
    }

    /** The settings of a configuration by key, as a user writes them: the inverse of {@link #resolve}. */
    public static Map<String, Object> values(StanHopConfig m, TrainingConfig t) {
        RunSpec spec = new RunSpec(null, DataSpec.BUILT_IN, m, t);
        Map<String, Object> v = new LinkedHashMap<>();
        for (Setting s : Settings.ALL) {
            if (s.group() == Setting.Group.MODEL || s.group() == Setting.Group.TRAINING) {
                v.put(s.key(), s.valueIn(spec));
            }
        }
        return v;
    }

    private static Map<Setting, Object> parse(Map<String, Object> values) {
        Map<Setting, Object> out = new LinkedHashMap<>();
        values.forEach((key, raw) -> {
            Setting s = Settings.get(key);
            Object value = s.parse(raw);
            if (value != null) {
                out.put(s, value);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static DataSpec data(Map<Setting, Object> v) {
        String input = (String) v.get(Settings.INPUT);
        String dataset = (String) v.get(Settings.DATASET);
        if (input != null && dataset != null) {
            throw new SettingException(DataRequest.ONE_SOURCE, List.of(Settings.INPUT.key(), Settings.DATASET.key()));
        }
        List<String> dirs = (List<String>) v.get(Settings.DATA_DIR);
        List<String> columns = (List<String>) v.get(Settings.COLUMNS);
        String timeFormat = (String) v.get(Settings.TIME_FORMAT);
        if (timeFormat != null && !timeFormat.isBlank()) {
            try {
                org.hopcast.datasets.TimeFormat.of(timeFormat); // a pattern that cannot be is named now, by its key
            } catch (IllegalArgumentException e) {
                throw new SettingException(e.getMessage(), List.of(Settings.TIME_FORMAT.key()), e);
            }
        }
        // a run names its files absolutely: it is evaluated, resumed and served from other folders than the one it
        // was trained in (a relative path would then name another file, or none)
        return DataSpec.builder().setInput(absolute(input)).setDataset(dataset)
                .setDataDirs(dirs == null ? null : dirs.stream().map(RunSettings::absolute).toList())
                .setSplit((String) v.get(Settings.SPLIT))
                .setTimeColumn((String) v.get(Settings.TIME_COLUMN))
                .setColumns(columns == null ? null : new ArrayList<>(columns)).setFill((String) v.get(Settings.FILL))
                .setDelimiter((String) v.get(Settings.DELIMITER)).setTimeFormat((String) v.get(Settings.TIME_FORMAT))
                .setGaps((String) v.get(Settings.GAPS)).setTargets(list(v, Settings.TARGETS))
                .setPastCovariates(list(v, Settings.PAST_COVARIATES))
                .setFutureCovariates(list(v, Settings.FUTURE_COVARIATES))
                .setCalendarFeatures(calendarFeatures(list(v, Settings.CALENDAR_FEATURES)))
                .setIdColumn(list(v, Settings.ID_COLUMN)).build();
    }

    /** {@code path} made absolute against the working folder (null stays null; a path that is no path stays). */
    private static String absolute(String path) {
        if (path == null || path.isBlank()) {
            return path;
        }
        try {
            return java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return path; // refused by the reader, naming it as given
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Map<Setting, Object> v, Setting s) {
        List<String> l = (List<String>) v.get(s);
        return l == null ? null : new ArrayList<>(l);
    }

    /** The calendar-features setting, checked now so that a wrong feature is named by its key. */
    private static List<String> calendarFeatures(List<String> given) {
        try {
            org.hopcast.datasets.CalendarFeatures.parse(given);
        } catch (org.hopcast.datasets.DataException e) {
            throw new SettingException(e.getMessage(), List.of(Settings.CALENDAR_FEATURES.key()), e);
        }
        return given;
    }

    /** The coverage setting's texts ("80%", "0.95") as fractions, or the problem naming the key. */
    private static List<Double> coverages(Object texts) {
        List<String> given = new ArrayList<>();
        ((List<?>) texts).forEach(t -> given.add(t.toString()));
        try {
            return Coverages.parse(given);
        } catch (IllegalArgumentException e) {
            throw new SettingException(Settings.COVERAGE.key() + ": " + e.getMessage(), List.of(Settings.COVERAGE.key()),
                    e);
        }
    }

    private static int i(Map<Setting, Object> v, Setting s) {
        return (Integer) v.get(s);
    }

    private static long l(Map<Setting, Object> v, Setting s) {
        return (Long) v.get(s);
    }

    private static double d(Map<Setting, Object> v, Setting s) {
        return (Double) v.get(s);
    }

    private static String t(Map<Setting, Object> v, Setting s) {
        return (String) v.get(s);
    }
}
