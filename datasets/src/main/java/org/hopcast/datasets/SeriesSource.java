package org.hopcast.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a series CSV comes from: a file on disk, a resource bundled with Hopcast, or bytes held in memory (a request
 * body).
 */
public final class SeriesSource {
    private final String name;
    private final Path path;
    private final String resource;
    private final byte[] bytes;

    private SeriesSource(String name, Path path, String resource, byte[] bytes) {
        this.name = name;
        this.path = path;
        this.resource = resource;
        this.bytes = bytes;
    }

    private SeriesSource(String name, Path path, String resource) {
        this(name, path, resource, null);
    }

    /** CSV text held in memory, shown to users under {@code name} (read as a file would be). */
    public static SeriesSource bytes(String name, byte[] content) {
        return new SeriesSource(name, null, null, content.clone());
    }

    /** A file; problems such as a missing file are reported when it is read. */
    public static SeriesSource file(Path path) {
        return new SeriesSource(path.toString(), path, null);
    }

    /** A resource on this module's class path, shown to users under {@code name}. */
    static SeriesSource resource(String name, String resourcePath) {
        return new SeriesSource(name, null, resourcePath);
    }

    /** The name used in messages: the path as given, or the built-in dataset's label. */
    public String name() {
        return name;
    }

    /** The file name alone (used to recognise benchmark files), without a {@code .gz} suffix. */
    public String fileName() {
        String n = path != null ? path.getFileName().toString()
                : resource != null ? resource.substring(resource.lastIndexOf('/') + 1) : name;
        return n.endsWith(".gz") ? n.substring(0, n.length() - 3) : n;
    }

    /** The file on disk, or empty for a bundled resource. */
    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    public boolean isBuiltIn() {
        return resource != null;
    }

    /** Opens the raw bytes (possibly gzip-compressed; the reader detects that). */
    public InputStream open() {
        if (bytes != null) {
            return new java.io.ByteArrayInputStream(bytes);
        }
        if (path != null) {
            if (!Files.exists(path)) {
                throw DataException.of(name, "file not found",
                        "Check the path, or name a known benchmark set as the dataset.");
            }
            if (Files.isDirectory(path)) {
                throw DataException.of(name, "is a directory, not a CSV file", "Pass the CSV file itself.");
            }
            if (!Files.isReadable(path)) {
                throw DataException.of(name, "file cannot be read (permission denied)",
                        "Check the file's permissions.");
            }
            try {
                return Files.newInputStream(path);
            } catch (IOException e) {
                throw DataException.io(name, "cannot open the file: " + IoErrors.reason(e), e);
            }
        }
        InputStream in = SeriesSource.class.getResourceAsStream(resource);
        if (in == null) {
            throw DataException.of(name, "the built-in data is missing from this installation ("
                    + resource + ")", "Rebuild Hopcast, or give an input file.");
        }
        return in;
    }

    @Override
    public String toString() {
        return name;
    }
}
