package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each damaged run file gives exit 2 and a message that names the file (and the key), from evaluate and from
 * train --resume, never a Java exception; a refused resume leaves config.json as it was.
 */
class DamagedRunCliTest {
    @TempDir
    static Path tmp;
    static Path trained;

    @BeforeAll
    static void trainOnce() {
        trained = tmp.resolve("trained");
        String[] args = TrainCliTest.concat(new String[] {"train", "--out", trained.toString()}, TrainCliTest.TINY);
        CliTest.Outcome o = CliTest.run(args);
        assertEquals(0, o.code(), o.err());
    }

    private static Path damaged(String name, Consumer<Path> damage) throws IOException {
        Path run = tmp.resolve(name);
        Files.createDirectories(run.resolve("charts"));
        try (var files = Files.walk(trained)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, run.resolve(trained.relativize(f).toString()));
            }
        }
        damage.accept(run);
        return run;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertRefused(Path run, String... mentions) throws IOException {
        String config = Files.readString(run.resolve("config.json"));
        for (String[] cmd : new String[][] {{"evaluate", "--run", run.toString(), "--device", "cpu"},
            {"train", "--resume", run.toString(), "--epochs", "4"}}) {
            CliTest.Outcome o = CliTest.run(cmd);
            assertEquals(2, o.code(), cmd[0] + ": " + o.err());
            for (String m : mentions) {
                assertTrue(o.err().contains(m), cmd[0] + " names " + m + ": " + o.err());
            }
            assertFalse(o.err().matches("(?s).*(Exception|Input length|java\\.).*"), o.err());
            assertEquals(config, Files.readString(run.resolve("config.json")), "a refused command changes nothing");
        }
    }

    /** A damaged calibration: evaluate and forecast name the file and what is wrong, and change nothing. */
    @Test
    void damagedIntervals() throws IOException {
        String good = Files.readString(trained.resolve("intervals.json"));
        String[][] cases = {{"{}", "missing key version"}, {"]]", "not valid JSON"},
            {good.replaceFirst("\"steps\": 12", "\"steps\": 11"), "key split must hold 2 x 11 x 7"},
            {good.replaceFirst("\"version\": 1", "\"version\": 9"), "version 9 of intervals.json"}};
        Path input = BuiltInFile.copy(tmp);
        int i = 0;
        for (String[] c : cases) {
            Path run = damaged("intervals-" + i++, r -> write(r.resolve("intervals.json"), c[0].getBytes()));
            for (String[] cmd : new String[][] {{"evaluate", "--run", run.toString(), "--device", "cpu"},
                {"forecast", "--run", run.toString(), "--input", input.toString()}}) {
                CliTest.Outcome o = CliTest.run(cmd);
                assertEquals(2, o.code(), cmd[0] + ": " + o.err());
                assertTrue(o.err().contains("intervals.json") && o.err().contains(c[1]), cmd[0] + ": " + o.err());
                assertFalse(o.err().matches("(?s).*(Exception|java\\.).*"), o.err());
                assertEquals(c[0], Files.readString(run.resolve("intervals.json")), "nothing overwritten");
            }
        }
    }

    /**
     * A damaged metrics.json is named with its key, as config.json is: a final model, whose quality statement is the
     * validated run's metrics.json, is refused with exit 2 and nothing is trained.
     */
    @Test
    void damagedMetrics() throws IOException {
        String metrics = "\"metrics\": {\"windows\": 9, \"mse\": %s, \"mae\": 1, \"mse_original\": 1, \"mae_original\": 1}";
        String[][] cases = {{"{\"best_epoch\": \"two\"}", "best_epoch must be a whole number"},
            {"{\"best_epoch\": 1}", "missing key metrics"},
            {"{\"best_epoch\": 1, " + metrics.formatted("-1") + ", \"persistence_mse\": 1}", "key metrics.mse must be"},
            {"{\"best_epoch\": -3, " + metrics.formatted("1") + ", \"persistence_mse\": 1}", "key best_epoch must be"},
            {"{\"best_epoch\": 1, " + metrics.formatted("\"x\"") + ", \"persistence_mse\": 1}", "metrics.mse must be a number"},
            {"[1]", "must be an object"}, {"]]", "not valid JSON"}};
        int i = 0;
        for (String[] c : cases) {
            Path run = damaged("metrics-" + i, r -> write(r.resolve("metrics.json"), c[0].getBytes()));
            Path out = tmp.resolve("metrics-final-" + i++);
            CliTest.Outcome o = CliTest.run("train", "--final", "--from", run.toString(), "--out", out.toString());
            assertEquals(2, o.code(), o.err());
            assertTrue(o.err().contains("metrics.json") && o.err().contains(c[1]), o.err());
            assertFalse(o.err().matches("(?s).*(Exception|java\\.).*"), o.err());
            assertFalse(Files.exists(out.resolve("best.params")), "nothing was trained");
        }
    }

    @Test
    void emptyConfig() throws IOException {
        assertRefused(damaged("empty-config", r -> write(r.resolve("config.json"), "{}".getBytes())), "config.json",
                "missing key data");
    }

    @Test
    void garbageConfig() throws IOException {
        assertRefused(damaged("garbage-config", r -> write(r.resolve("config.json"), "model: big\n!!".getBytes())),
                "config.json", "not valid JSON");
    }

    @Test
    void scalerForTheWrongNumberOfSeries() throws IOException {
        Path run = damaged("scaler-size", r -> write(r.resolve("scaler.json"),
                "{\"mean\": [1, 2], \"std\": [1, 1]}".getBytes()));
        assertRefused(run, "scaler.json", "one value per series");
    }

    @Test
    void randomBytesInTheScaler() throws IOException {
        byte[] noise = new byte[200];
        new Random(1).nextBytes(noise);
        assertRefused(damaged("scaler-noise", r -> write(r.resolve("scaler.json"), noise)), "scaler.json");
    }

    @Test
    void flippedBytesInBothModelFiles() throws IOException {
        Path run = damaged("flipped", r -> {
            for (String name : new String[] {"best.params", "checkpoint.params"}) {
                try {
                    byte[] b = Files.readAllBytes(r.resolve(name));
                    for (int i = 0; i < 64; i++) {
                        b[b.length / 2 + i] ^= (byte) 0xA5;
                    }
                    Files.write(r.resolve(name), b);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        assertRefused(run, "params", "SHA-256");
    }

    @Test
    void aRunDirectoryThatDoesNotExist() {
        CliTest.Outcome o = CliTest.run("evaluate", "--run", tmp.resolve("nowhere").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("does not exist"), o.err());
        assertFalse(Files.exists(tmp.resolve("nowhere")), "looking does not create it");
    }
}
