package org.hopcast.forecasting.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.hopcast.datasets.IoErrors;
import org.hopcast.forecasting.run.files.RunException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive right to write a run directory, held for a whole command: an operating-system lock
 * ({@link FileChannel#tryLock}) on {@code .lock} in the directory, whose text names the holder (pid, host,
 * what it does, since when). A second process gets a {@link RunException} naming the holder. The operating
 * system drops the lock when its process dies, however it dies, so the lock of a killed process is simply
 * taken over (and said so). Within one process (the desktop app trains on one thread and analyses on another)
 * a second claim on the same directory is refused too.
 */
public final class RunLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("org.hopcast.run");
    /** The lock file's name inside a run directory. */
    public static final String FILE = ".lock";
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dir} (created if needed) for {@code purpose} ("train", "evaluate"), or throws a
     * {@link RunException} naming who holds it.
     */
    public static RunLock acquire(Path dir, String purpose) {
        Path key = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RunException("cannot create the run directory " + dir + ": " + IoErrors.reason(e), e);
        }
        if (!HELD_HERE.add(key)) {
            throw new RunException(dir + " is in use by another task of this program; wait until it finishes");
        }
        Path file = dir.resolve(FILE);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                String holder = describe(read(ch));
                throw new RunException(dir + " is in use by another Hopcast process (" + holder + "); wait until it"
                        + " finishes or stop it");
            }
            String previous = read(ch);
            if (!previous.isBlank()) {
                long pid = pid(previous);
                if (pid > 0 && pid != ProcessHandle.current().pid()) {
                    LOG.info("{}: took over the lock left by a process that has ended ({})", dir, describe(previous));
                }
            }
            String me = "pid " + ProcessHandle.current().pid() + "\nhost " + host() + "\npurpose " + purpose
                    + "\nsince " + Instant.now() + "\n";
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new RunLock(key, ch, l);
        } catch (IOException e) {
            HELD_HERE.remove(key);
            close(ch);
            throw new RunException("cannot lock the run directory " + dir + " (" + file.getFileName() + "): "
                    + IoErrors.reason(e), e);
        } catch (RuntimeException e) {
            HELD_HERE.remove(key);
            close(ch);
            throw e;
        }
    }

    /** Whether this process holds the lock of {@code dir}. */
    public static boolean heldHere(Path dir) {
        return HELD_HERE.contains(dir.toAbsolutePath().normalize());
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            // the file stays: deleting it would race with a process that has just opened it
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        } finally {
            close(channel);
            HELD_HERE.remove(dir);
        }
    }

    private static void close(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    private static String read(FileChannel ch) throws IOException {
        long size = Math.min(ch.size(), 4096);
        ByteBuffer b = ByteBuffer.allocate((int) size);
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static String describe(String text) {
        String pid = field(text, "pid");
        String host = field(text, "host");
        String purpose = field(text, "purpose");
        String since = field(text, "since");
        if (pid == null) {
            return "holder unknown";
        }
        return "pid " + pid + (host == null ? "" : " on " + host) + (purpose == null ? "" : ", " + purpose)
                + (since == null ? "" : ", since " + since);
    }

    private static long pid(String text) {
        String p = field(text, "pid");
        try {
            return p == null ? -1 : Long.parseLong(p);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String field(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static String host() {
        try {
            String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
