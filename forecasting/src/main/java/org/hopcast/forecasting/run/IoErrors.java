package org.hopcast.forecasting.run;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.ReadOnlyFileSystemException;

/**
 * The reason of an I/O error in words. Java's file exceptions often carry only the path ("/runs/r1/config.json"),
 * which says where but not why; a user needs "permission denied" or "no space left on device".
 */
public final class IoErrors {
    private IoErrors() {
    }

    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied" + other(e);
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory" + other(e);
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory" + other(e);
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists" + other(e);
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the directory is not empty" + other(e);
        }
        if (e instanceof FileSystemLoopException) {
            return "a loop of symbolic links" + other(e);
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

    /** The reason for an unchecked file-system problem (a read-only file system, say). */
    public static String reason(RuntimeException e) {
        if (e instanceof ReadOnlyFileSystemException) {
            return "read-only file system";
        }
        return e.getMessage() == null ? "an I/O error" : e.getMessage();
    }

    /** The paths of a two-path error (a rename); the caller names the file of a one-path error. */
    private static String other(IOException e) {
        if (e instanceof FileSystemException f && f.getOtherFile() != null) {
            return " (renaming " + f.getFile() + " to " + f.getOtherFile() + ")";
        }
        return "";
    }
}
