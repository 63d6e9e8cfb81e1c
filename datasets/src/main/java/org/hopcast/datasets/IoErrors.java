package org.hopcast.datasets;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;

/**
 * The reason of an I/O error in words. Java's file exceptions often carry only the path ("/runs/r1/config.json"),
 * which says where but not why; a user needs "permission denied" or "no space left on device".
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** Java's path-only file exceptions and the reason each stands for. */
    private static final Map<Class<? extends IOException>, String> REASONS = Map.of(
            AccessDeniedException.class, "permission denied",
            NoSuchFileException.class, "no such file or directory",
            NotDirectoryException.class, "not a directory",
            FileAlreadyExistsException.class, "it already exists",
            DirectoryNotEmptyException.class, "the directory is not empty",
            FileSystemLoopException.class, "a loop of symbolic links");

    public static String reason(IOException e) {
        for (Map.Entry<Class<? extends IOException>, String> r : REASONS.entrySet()) {
            if (r.getKey().isInstance(e)) {
                return r.getValue() + other(e);
            }
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            return r.isEmpty() ? "an I/O error" : Character.toLowerCase(r.charAt(0)) + r.substring(1) + other(e);
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return "an I/O error";
        }
        return m;
    }

    /** The paths of a two-path error (a rename); the caller names the file of a one-path error. */
    private static String other(IOException e) {
        if (e instanceof FileSystemException f && f.getOtherFile() != null) {
            return " (renaming " + f.getFile() + " to " + f.getOtherFile() + ")";
        }
        return "";
    }
}
