package org.hopcast.forecasting.run.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes files so that a reader (or a run killed at any moment) sees either the old complete file or the new
 * complete one: write a temporary file beside the target ({@code .NAME.<random>.tmp}), force it to disk, rename
 * it over the target, then force the directory so the rename itself survives a power cut.
 *
 * <h2>Fault injection, for tests</h2>
 * The system property {@code hopcast.fault} (or the environment variable {@code HOPCAST_FAULT}) names one write
 * to interfere with: {@code NAME#N@PHASE}, the N-th write (1-based, counted in this process) of a file called
 * NAME, where PHASE is {@code tmp} (the temporary file is complete, the rename has not happened), {@code renamed}
 * (just after the rename) or {@code fail} (the write fails as on a full disk). At {@code tmp} and {@code renamed}
 * the process prints {@code hopcast-fault: reached SPEC} to stderr and waits, so that a test can kill it with
 * SIGKILL at exactly that point instead of guessing with a timer.
 */
public final class AtomicFiles {
    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static final String TMP_SUFFIX = ".tmp";
    private static final Fault FAULT = Fault.parse(System.getProperty("hopcast.fault", System.getenv("HOPCAST_FAULT")));

    private AtomicFiles() {
    }

    public static void write(Path target, Body body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        int count = FAULT == null ? 0 : FAULT.count(name);
        Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + TMP_SUFFIX);
        try {
            // CREATE_NEW with the process's umask (createTempFile would make every run file private to its owner)
            try (OutputStream raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
                if (FAULT != null && FAULT.at(name, count, "fail")) {
                    throw new IOException("No space left on device (injected by hopcast.fault=" + FAULT + ")");
                }
                body.write(out);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (FAULT != null && FAULT.at(name, count, "tmp")) {
                FAULT.halt();
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(dir);
            if (FAULT != null && FAULT.at(name, count, "renamed")) {
                FAULT.halt();
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code file} is a temporary file of this class (a write that never finished). */
    public static boolean isTemporary(Path file) {
        String n = file.getFileName().toString();
        return n.startsWith(".") && n.endsWith(TMP_SUFFIX) && n.indexOf('.', 1) > 0;
    }

    /**
     * Deletes the temporary files that interrupted writes left in {@code dir} and its sub-folders (one level).
     * Only safe while no other process writes there: the caller holds the run's lock. Returns how many it deleted.
     */
    public static int removeStaleTemporaries(Path dir) {
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    try (DirectoryStream<Path> inner = Files.newDirectoryStream(p)) {
                        for (Path q : inner) {
                            removed += deleteIfTemporary(q);
                        }
                    }
                } else {
                    removed += deleteIfTemporary(p);
                }
            }
        } catch (IOException e) {
            // a folder we cannot list holds nothing we could clean: not worth failing a run for
        }
        return removed;
    }

    private static int deleteIfTemporary(Path p) {
        try {
            return isTemporary(p) && Files.isRegularFile(p) && Files.deleteIfExists(p) ? 1 : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every platform can open a directory; the rename is still atomic, only its durability is weaker
        }
    }

    /** One injected fault: {@code NAME#N@PHASE}. */
    private record Fault(String name, int n, String phase, Map<String, AtomicInteger> counts) {
        static Fault parse(String spec) {
            if (spec == null || spec.isBlank()) {
                return null;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(.+)#(\\d+)@(tmp|renamed|fail)")
                    .matcher(spec.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("hopcast.fault must be NAME#N@tmp|renamed|fail, got " + spec);
            }
            return new Fault(m.group(1), Integer.parseInt(m.group(2)), m.group(3), new ConcurrentHashMap<>());
        }

        int count(String file) {
            return counts.computeIfAbsent(file, k -> new AtomicInteger()).incrementAndGet();
        }

        boolean at(String file, int count, String when) {
            return name.equals(file) && n == count && phase.equals(when);
        }

        void halt() {
            PrintStream err = System.err;
            err.println("hopcast-fault: reached " + this);
            err.flush();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // keep waiting: only a kill ends this process
                }
            }
        }

        @Override
        public String toString() {
            return name + "#" + n + "@" + phase;
        }
    }
}
