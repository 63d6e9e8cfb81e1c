package org.hopcast.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.hopcast.datasets.DatasetRegistry;

/** The built-in ETTh1 file as tests feed it to the commands: whole, or its header and first rows. */
public final class BuiltInFile {
    private BuiltInFile() {
    }

    /** The whole file, copied into {@code dir} once (etth1.csv). */
    public static Path copy(Path dir) throws IOException {
        Path p = dir.resolve("etth1.csv");
        if (!Files.exists(p)) {
            try (var in = DatasetRegistry.builtIn().open()) {
                Files.copy(in, p);
            }
        }
        return p;
    }

    /** The header and the first {@code rows} rows, in {@code dir} (etth1-ROWS.csv). */
    public static Path head(Path dir, int rows) throws IOException {
        Path p = dir.resolve("etth1-" + rows + ".csv");
        List<String> lines = Files.readAllLines(copy(dir));
        Files.write(p, lines.subList(0, rows + 1));
        return p;
    }
}
