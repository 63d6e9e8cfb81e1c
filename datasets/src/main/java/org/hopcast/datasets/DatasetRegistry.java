package org.hopcast.datasets;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark sets Hopcast knows by name, where to find their files, and the built-in default.
 *
 * <p>Files are looked up by name in the data directories, in order: those given explicitly
 * ({@code --data-dir}), the entries of the {@code HOPCAST_DATA_DIR} environment variable (separated by the
 * platform's path separator), then {@code ~/.hopcast/datasets}. ETTh1 is also bundled with Hopcast (CC BY-ND
 * 4.0, unchanged) so the main job runs on a fresh clone with no download.
 */
public final class DatasetRegistry {
    /** The environment variable that lists extra data directories. */
    public static final String DATA_DIR_ENV = "HOPCAST_DATA_DIR";

    /** The dataset used when the user names none. */
    public static final String DEFAULT_DATASET = "ETTh1";

    private static final String BUILT_IN_RESOURCE = "/org/hopcast/datasets/builtin/ETTh1.csv";

    private static final List<KnownDataset> KNOWN = List.of(
            new KnownDataset("ETTh1", "ETTh1.csv", SplitProtocol.ETT_HOUR, 7, "Electricity transformer, hourly"),
            new KnownDataset("ETTh2", "ETTh2.csv", SplitProtocol.ETT_HOUR, 7, "Electricity transformer 2, hourly"),
            new KnownDataset("ETTm1", "ETTm1.csv", SplitProtocol.ETT_MINUTE, 7, "Electricity transformer, 15 min"),
            new KnownDataset("ETTm2", "ETTm2.csv", SplitProtocol.ETT_MINUTE, 7,
                    "Electricity transformer 2, 15 min"),
            new KnownDataset("WTH", "WTH.csv", SplitProtocol.WTH, 12, "NOAA weather (12-variable Informer set), hourly"),
            new KnownDataset("ECL", "ECL.csv", SplitProtocol.ECL, 321, "Electricity consumption, hourly"),
            new KnownDataset("ILI", "national_illness.csv", SplitProtocol.RATIO, 7, "CDC influenza-like illness, weekly"),
            new KnownDataset("Traffic", "traffic.csv", SplitProtocol.RATIO, 862, "Road occupancy, hourly"),
            new KnownDataset("Exchange", "exchange_rate.csv", SplitProtocol.RATIO, 8, "Exchange rates, daily"));

    private DatasetRegistry() {
    }

    public static List<KnownDataset> known() {
        return KNOWN;
    }

    /** A known dataset by name, case-insensitive. */
    public static Optional<KnownDataset> byName(String name) {
        return KNOWN.stream().filter(k -> k.name().equalsIgnoreCase(name.trim())).findFirst();
    }

    /** A known dataset by its distribution file name (a {@code .gz} suffix ignored), case-insensitive. */
    public static Optional<KnownDataset> byFileName(String fileName) {
        String f = fileName.toLowerCase(Locale.ROOT);
        if (f.endsWith(".gz")) {
            f = f.substring(0, f.length() - 3);
        }
        String key = f;
        return KNOWN.stream().filter(k -> k.fileName().equalsIgnoreCase(key)).findFirst();
    }

    /** The split protocol for a file: the benchmark's own when the file is a known one, else {@code ratio}. */
    public static SplitProtocol protocolFor(SeriesSource source) {
        return byFileName(source.fileName()).map(KnownDataset::protocol).orElse(SplitProtocol.RATIO);
    }

    /** The bundled copy of the default dataset. */
    public static SeriesSource builtIn() {
        return SeriesSource.resource("ETTh1 (built-in)", BUILT_IN_RESOURCE);
    }

    /** The data directories searched, in order, given the explicit ones. */
    public static List<Path> dataDirectories(List<Path> explicit) {
        List<Path> dirs = new ArrayList<>(explicit);
        String env = System.getenv(DATA_DIR_ENV);
        if (env != null) {
            for (String part : env.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    dirs.add(Path.of(part.trim()));
                }
            }
        }
        dirs.add(Path.of(System.getProperty("user.home"), ".hopcast", "datasets"));
        return dirs;
    }

    /**
     * Finds a known dataset's file in the data directories, falling back to the bundled copy for the default
     * dataset; otherwise says where it looked.
     */
    public static SeriesSource locate(String name, List<Path> explicitDirs) {
        KnownDataset ds = byName(name).orElseThrow(() -> DataException.setting("dataset",
                "unknown dataset '" + name + "'", "Known: " + String.join(", ",
                        KNOWN.stream().map(KnownDataset::name).toList()) + "; or give an input file."));
        List<Path> dirs = dataDirectories(explicitDirs);
        for (Path dir : dirs) {
            for (String candidate : List.of(ds.fileName(), ds.fileName() + ".gz")) {
                Path p = dir.resolve(candidate);
                if (Files.isRegularFile(p)) {
                    return SeriesSource.file(p);
                }
            }
        }
        if (ds.name().equals(DEFAULT_DATASET)) {
            return builtIn();
        }
        throw DataException.setting("dataset", ds.name() + " (" + ds.fileName() + ") was not found in "
                + dirs.stream().map(Path::toString).toList(),
                "Put " + ds.fileName() + " in one of these folders, add its folder to data-dir, set " + DATA_DIR_ENV
                        + ", or give an input file.");
    }
}
