package org.hopcast.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's choice of native allocator (ADR 0009), with apt-get replaced by a script that records its
 * calls: jemalloc fetched from a Debian package without root when the system has none, kept for later
 * launches, and a clear fallback, remembered, when no package can be had. {@code HOPCAST_PRINT_ALLOCATOR=1}
 * makes the launcher print its choice and stop before building anything.
 */
class LauncherAllocatorTest {
    private static final Path LAUNCHER = Path.of("..", "hopcast").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Outcome(int code, String out, String err) {
    }

    private Outcome launch(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString());
        pb.environment().put("HOME", dir.resolve("home").toString());
        pb.environment().put("HOPCAST_PRINT_ALLOCATOR", "1");
        pb.environment().put("HOPCAST_SYSTEM_JEMALLOC", dir.resolve("no-system-jemalloc.so").toString());
        pb.environment().remove("HOPCAST_ALLOCATOR");
        pb.environment().remove("HOPCAST_NATIVE_DIR");
        pb.environment().putAll(env);
        pb.redirectOutput(dir.resolve("out.txt").toFile());
        pb.redirectError(dir.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
        return new Outcome(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    /** A fake apt-get: logs its arguments; "download" succeeds only when {@code succeedWhen} is in them. */
    private Path fakeAptGet(String succeedWhen, Path library) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("apt-get");
        String deb = "stage=$(mktemp -d); mkdir -p $stage/usr/lib/x86_64-linux-gnu $stage/DEBIAN; "
                + "cp '" + library + "' $stage/usr/lib/x86_64-linux-gnu/libjemalloc.so.2; "
                + "printf 'Package: libjemalloc2\\nVersion: 9.9\\nArchitecture: amd64\\nMaintainer: t\\nDescription: t\\n'"
                + " > $stage/DEBIAN/control; dpkg-deb -b $stage libjemalloc2_9.9_amd64.deb >/dev/null";
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$*\" >> '" + dir.resolve("apt-calls.txt") + "'\n"
                + "case \"$*\" in *update*) exit 0 ;; esac\n"
                + "case \"$*\" in *" + succeedWhen + "*) " + deb + "; exit 0 ;; esac\n"
                + "echo 'E: Unable to locate package libjemalloc2' >&2; exit 100\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private static Path harmlessLibrary() {
        // any library that preloads cleanly stands in for jemalloc: the C maths library
        for (String p : List.of("/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6",
                "/usr/lib64/libm.so.6", "/lib64/libm.so.6")) {
            if (Files.isRegularFile(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    private int aptCalls() throws IOException {
        Path log = dir.resolve("apt-calls.txt");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Test
    void fetchesDebiansPackageOnceWithPrivateListsWhenTheMachineHasNone() throws Exception {
        Path lib = harmlessLibrary();
        assumeTrue(lib != null && onPath("dpkg-deb"), "needs dpkg-deb and an x86_64 libm");
        // the plain download fails (no package lists); the one with private lists succeeds
        Path bin = fakeAptGet("Dir::State::Lists", lib);
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        Outcome first = launch(env);
        Path kept = dir.resolve("home/.hopcast/native/libjemalloc.so.2");
        assertEquals(0, first.code(), first.err());
        assertEquals("allocator: " + kept, first.out().strip(), first.err());
        assertTrue(first.err().contains("no root needed") && first.err().contains("libjemalloc2_9.9_amd64.deb"),
                first.err());
        assertEquals(Files.size(lib), Files.size(kept));
        String calls = Files.readString(dir.resolve("apt-calls.txt"));
        assertTrue(calls.contains("update") && calls.contains("download libjemalloc2"), calls);
        try (var left = Files.list(kept.getParent())) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("fetch.")), "a work folder was left");
        }

        int before = aptCalls();
        Outcome second = launch(env);
        assertEquals("allocator: " + kept, second.out().strip());
        assertEquals(before, aptCalls(), "the kept library is reused without asking apt again");
        assertFalse(second.err().contains("fetching"), second.err());
    }

    @Test
    void withoutAPackageItFallsBackToTheSystemAllocatorSaysSoAndDoesNotRetryAtEveryLaunch() throws Exception {
        assumeTrue(onPath("dpkg-deb"), "needs dpkg-deb");
        Path bin = fakeAptGet("never-succeeds", Path.of("/nonexistent"));
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        Outcome first = launch(env);
        assertEquals(0, first.code(), first.err());
        assertEquals("allocator: system", first.out().strip());
        assertTrue(first.err().contains("jemalloc is not available here"), first.err());
        assertTrue(Files.readString(dir.resolve("home/.hopcast/native/jemalloc.unavailable")).contains("libjemalloc2"));
        int before = aptCalls();
        Outcome second = launch(env);
        assertEquals("allocator: system", second.out().strip());
        assertEquals(before, aptCalls(), "a failure is remembered");
    }

    @Test
    void anExplicitChoiceIsHonouredAndABadOneIsRefused() throws Exception {
        assertEquals("allocator: system", launch(Map.of("HOPCAST_ALLOCATOR", "system")).out().strip());
        Path lib = harmlessLibrary();
        if (lib != null) {
            assertEquals("allocator: " + lib, launch(Map.of("HOPCAST_ALLOCATOR", lib.toString())).out().strip());
        }
        Outcome missing = launch(Map.of("HOPCAST_ALLOCATOR", dir.resolve("missing.so").toString()));
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("cannot be preloaded"), missing.err());
        Outcome bogus = launch(Map.of("HOPCAST_ALLOCATOR", "tcmalloc-please"));
        assertEquals(1, bogus.code());
        assertTrue(bogus.err().contains("must be jemalloc, system or the absolute path"), bogus.err());
    }
}
