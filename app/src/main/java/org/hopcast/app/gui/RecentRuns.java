package org.hopcast.app.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hopcast.forecasting.run.RunDirectory;

/**
 * The runs opened or trained last, most recent first, kept in a small text file (one absolute path per line)
 * so that they survive a restart. Runs whose folder is gone are dropped when the list is read. A file that
 * cannot be read or written costs only the list, never the action that was being remembered.
 */
public final class RecentRuns {
    static final int MAX = 10;

    private final Path file;

    public RecentRuns(Path file) {
        this.file = file;
    }

    /** {@code ~/.hopcast/recent-runs.txt} (the user's, not the installation's: runs are personal). */
    public static RecentRuns atDefaultLocation() {
        return new RecentRuns(Path.of(System.getProperty("user.home"), ".hopcast", "recent-runs.txt"));
    }

    public synchronized List<Path> list() {
        List<Path> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                Path p = Path.of(line.trim());
                if (RunDirectory.isRun(p) && !out.contains(p) && out.size() < MAX) {
                    out.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return out;
        }
        return out;
    }

    public synchronized void add(Path run) {
        Path abs = run.toAbsolutePath().normalize();
        List<Path> runs = list();
        runs.remove(abs);
        runs.add(0, abs);
        while (runs.size() > MAX) {
            runs.remove(runs.size() - 1);
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, runs.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // the list is a convenience: failing to save it must not fail a training or an open
        }
    }
}
