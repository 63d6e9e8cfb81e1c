package org.hopcast.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentRunsTest {
    @TempDir
    Path tmp;

    private Path run(String name) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{}");
        return dir.toAbsolutePath().normalize();
    }

    @Test
    void mostRecentFirstWithoutDuplicatesAndAtMostTen() throws Exception {
        RecentRuns r = new RecentRuns(tmp.resolve("home/recent-runs.txt"));
        Path a = run("a");
        Path b = run("b");
        r.add(a);
        r.add(b);
        r.add(a);
        assertEquals(List.of(a, b), r.list());
        for (int i = 0; i < 12; i++) {
            r.add(run("r" + i));
        }
        assertEquals(RecentRuns.MAX, r.list().size());
        assertEquals(tmp.resolve("r11").toAbsolutePath().normalize(), r.list().get(0));
        assertEquals(List.copyOf(r.list()), new RecentRuns(tmp.resolve("home/recent-runs.txt")).list(), "it persists");
    }

    @Test
    void runsThatAreGoneAndGarbageLinesAreDropped() throws Exception {
        Path file = tmp.resolve("recent-runs.txt");
        Path a = run("a");
        Files.writeString(file, tmp.resolve("gone") + "\n\n\u0000not a path\n" + a + "\n");
        assertEquals(List.of(a), new RecentRuns(file).list());
    }

    @Test
    void anUnwritableListDoesNotFailTheAction() throws Exception {
        Path blocker = tmp.resolve("file");
        Files.writeString(blocker, "x");
        RecentRuns r = new RecentRuns(blocker.resolve("sub/recent-runs.txt"));
        r.add(run("a"));
        assertEquals(List.of(), r.list());
    }
}
