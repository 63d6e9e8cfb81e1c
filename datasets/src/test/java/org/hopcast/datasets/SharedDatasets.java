package org.hopcast.datasets;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the benchmark CSVs in {@code ../shared/datasets} beside the checkout, for tests that use real data. */
public final class SharedDatasets {
    private SharedDatasets() {
    }

    /** The folder, or null when this checkout has none beside it. */
    public static Path folder() {
        String env = System.getenv("HOPCAST_SHARED_DATASETS");
        if (env != null && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("datasets");
            if (Files.isRegularFile(candidate.resolve("ETTh1.csv"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        return null;
    }

    /** The file, or skips the calling test with the reason when the shared folder is absent. */
    public static Path require(String fileName) {
        Path folder = folder();
        assumeTrue(folder != null, "skipped: ../shared/datasets (the benchmark CSVs) is not beside this checkout;"
                + " set HOPCAST_SHARED_DATASETS to run this test");
        Path p = folder.resolve(fileName);
        assumeTrue(Files.isRegularFile(p), "skipped: " + p + " is absent");
        return p;
    }
}
