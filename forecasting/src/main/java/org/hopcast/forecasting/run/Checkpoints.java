package org.hopcast.forecasting.run;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import org.hopcast.datasets.IoErrors;
import org.hopcast.forecasting.run.files.AtomicFiles;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.hopfield.ops.GradMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Single-file checkpoints, written atomically and verified on every load.
 * <pre>
 *   "HOPCAST-CHECKPOINT"  format (int, 2)
 *   header (JSON: what the file holds, for which model, the training state and history, its provenance)
 *   parameters (DJL's encoding)   extra arrays (the optimizer's moments)
 *   SHA-256 of header, parameters and extra (32 bytes)   "HOPCAST-CHECKPOINT"
 * </pre>
 * A file whose checksum does not match, that is truncated, foreign or made for another model is refused with
 * a message naming it, before anything of it reaches a model. Format 1 files (before checksums) still load,
 * with a warning.
 *
 * <p>Loading copies the values into the model's existing parameter arrays. DJL's own
 * {@code Block.loadParameters} replaces the arrays instead, and whatever held the old ones (a
 * {@code ParameterStore} caches them at the first forward pass, the optimizer keeps them) went on using the old
 * values: a training that reloaded its best checkpoint for the final test still tested the last epoch.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger("org.hopcast.run");
    private static final String MAGIC = "HOPCAST-CHECKPOINT";
    private static final int FORMAT = 2;
    private static final int DIGEST_BYTES = 32;
    /** Files already warned about (a run's checkpoint is read more than once per command). */
    private static final java.util.Set<Path> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * What a checkpoint's header says.
     *
     * @param kind "best" or "checkpoint"
     * @param modelSignature the architecture the parameters fit
     * @param stateJson the training state (a checkpoint) or {epoch, val_mse} (a best model)
     * @param historyJson the history up to this state (a checkpoint), or null
     * @param provenanceJson where the weights come from (data and its SHA-256, the full configuration, seed,
     *        device, versions), so a copied file still says it; null in files from before it was recorded
     */
    public record Header(String kind, String modelSignature, String stateJson, String historyJson,
            String provenanceJson) {
    }

    private Checkpoints() {
    }

    public static void save(Path file, Header header, Block model, NDList extra) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT);
            MessageDigest sha = sha256();
            DataOutputStream body = new DataOutputStream(new DigestOutputStream(new FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() {
                    // the file's stream stays open for the trailer
                }
            }, sha));
            writeString(body, Json.GSON.toJson(header));
            model.saveParameters(body);
            byte[] extraBytes = extra == null || extra.isEmpty() ? new byte[0] : extra.encode();
            body.writeLong(extraBytes.length);
            body.write(extraBytes);
            body.flush();
            out.write(sha.digest());
            out.writeUTF(MAGIC); // trailer: a truncated file is caught before it is used
            out.flush();
        });
    }

    /** Reads the header after checking the whole file's checksum. */
    public static Header header(Path file) {
        return verify(file);
    }

    /**
     * Loads a checkpoint's parameters into {@code model}'s existing arrays and returns the extra arrays, created in
     * {@code manager}. The file is verified first and its signature must be {@code expectedSignature} (when not
     * null); {@code blank} makes an uninitialised block of the same architecture to decode into.
     */
    public static NDList load(Path file, Block model, Supplier<? extends Block> blank, String expectedSignature,
            NDManager manager) {
        Header header = verify(file);
        if (expectedSignature != null && !expectedSignature.equals(header.modelSignature())) {
            throw new RunException(file + " was saved for another model (" + header.modelSignature() + ", this is "
                    + expectedSignature + ")");
        }
        try (DataInputStream in = open(file); NDManager scratch = manager.newSubManager()) {
            readHeader(file, in);
            Block decoded = blank.get();
            decoded.loadParameters(scratch, in);
            long n = in.readLong();
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new RunException(file + " is damaged (bad optimizer-state length); restore it or retrain");
            }
            byte[] extra = new byte[(int) n];
            in.readFully(extra);
            copyParameters(file, decoded, model);
            return n == 0 ? new NDList() : NDList.decode(manager, extra);
        } catch (EOFException e) {
            throw new RunException(file + " is truncated (the write was interrupted or the file was cut); restore it"
                    + " or retrain", e);
        } catch (IOException | MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw damaged(file, e);
        }
    }

    /** Copies every parameter of {@code from} into the same-named, same-shaped array of {@code into}, in place. */
    private static void copyParameters(Path file, Block from, Block into) {
        PairList<String, Parameter> source = from.getParameters();
        PairList<String, Parameter> target = into.getParameters();
        if (source.size() != target.size()) {
            throw new RunException(file + " holds " + source.size() + " parameters, the model has " + target.size());
        }
        for (int i = 0; i < source.size(); i++) {
            Pair<String, Parameter> s = source.get(i);
            Pair<String, Parameter> t = target.get(i);
            NDArray value = s.getValue().getArray();
            NDArray live = t.getValue().getArray();
            if (!s.getKey().equals(t.getKey()) || !value.getShape().equals(live.getShape())) {
                throw new RunException(file + " holds parameter " + s.getKey() + " " + value.getShape() + " where the"
                        + " model has " + t.getKey() + " " + live.getShape());
            }
            copyInto(live, value);
        }
    }

    /**
     * Overwrites {@code target}'s values with {@code source}'s, keeping {@code target}'s array (and whoever holds
     * it) in place. Autograd is off for the copy: a parameter is a leaf that records gradients.
     */
    public static void copyInto(NDArray target, NDArray source) {
        Shape shape = target.getShape();
        NDArray value = source.toType(target.getDataType(), false).toDevice(target.getDevice(), false);
        GradMode.off(() -> {
            if (shape.dimension() == 0) {
                target.set(value.toByteBuffer());
            } else {
                target.set(new NDIndex(String.join(",", java.util.Collections.nCopies(shape.dimension(), ":"))),
                        value);
            }
            return null;
        });
    }

    /** Checks the magic, format, trailer and (format 2) checksum of the whole file; returns its header. */
    private static Header verify(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw missingOrUnreadable(file, e);
        }
        try (DataInputStream in = open(file)) {
            int format = readMagicAndFormat(file, in);
            if (format == 1 && WARNED.add(file.toAbsolutePath().normalize())) {
                LOG.warn("{} was written by an older Hopcast, without a checksum: it loads, but damage to it cannot"
                        + " be detected", file);
            }
            if (format == 1) {
                return readHeaderBody(file, in);
            }
            long trailer = DIGEST_BYTES + 2 + MAGIC.length();
            long bodyStart = 2 + MAGIC.length() + 4;
            long bodyLength = size - bodyStart - trailer;
            if (bodyLength < 4) {
                throw truncated(file, null);
            }
            MessageDigest sha = sha256();
            DataInputStream body = new DataInputStream(new DigestInputStream(new BoundedInput(in, bodyLength), sha));
            Header header = readHeaderBody(file, body);
            byte[] buffer = new byte[1 << 16];
            while (body.read(buffer) >= 0) {
                // digest the rest of the body
            }
            byte[] stored = new byte[DIGEST_BYTES];
            in.readFully(stored);
            String end;
            try {
                end = in.readUTF();
            } catch (IOException e) {
                end = null;
            }
            if (!MAGIC.equals(end)) {
                throw truncated(file, null);
            }
            byte[] actual = sha.digest();
            if (!MessageDigest.isEqual(stored, actual)) {
                throw new RunException(file + " is damaged: its contents do not match its SHA-256 checksum (stored "
                        + HexFormat.of().formatHex(stored, 0, 6) + "..., computed "
                        + HexFormat.of().formatHex(actual, 0, 6) + "...). Restore it from a copy or retrain; it was not"
                        + " used");
            }
            return header;
        } catch (EOFException e) {
            throw truncated(file, e);
        } catch (IOException e) {
            throw damaged(file, e);
        }
    }

    private static RunException truncated(Path file, Exception cause) {
        return new RunException(file + " is truncated or damaged (its end marker is missing: the write was interrupted"
                + " or the file was cut); restore it or retrain", cause);
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new RunException(file + " is missing");
        }
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    }

    private static int readMagicAndFormat(Path file, DataInputStream in) throws IOException {
        String magic;
        try {
            magic = in.readUTF();
        } catch (IOException e) {
            throw new RunException(file + " is not a Hopcast checkpoint", e);
        }
        if (!MAGIC.equals(magic)) {
            throw new RunException(file + " is not a Hopcast checkpoint");
        }
        int format = in.readInt();
        if (format != 1 && format != FORMAT) {
            throw new RunException(file + " has checkpoint format " + format + "; this Hopcast reads 1 and " + FORMAT);
        }
        return format;
    }

    private static Header readHeader(Path file, DataInputStream in) throws IOException {
        readMagicAndFormat(file, in);
        return readHeaderBody(file, in);
    }

    private static Header readHeaderBody(Path file, DataInputStream in) throws IOException {
        String json = readString(in);
        try {
            Header h = Json.GSON.fromJson(json, Header.class);
            if (h == null || h.kind() == null || h.stateJson() == null) {
                throw new RunException(file + " has an incomplete header; restore it or retrain");
            }
            return h;
        } catch (com.google.gson.JsonParseException e) {
            throw new RunException(file + " has a damaged header; restore it or retrain", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (64 << 20)) {
            throw new IOException("bad header length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static RunException missingOrUnreadable(Path file, IOException e) {
        if (!Files.exists(file)) {
            return new RunException(file + " is missing", e);
        }
        return new RunException("cannot read " + file + ": " + IoErrors.reason(e), e);
    }

    private static RunException damaged(Path file, Exception e) {
        if (e instanceof RunException r) {
            return r;
        }
        String why = e instanceof IOException io ? IoErrors.reason(io) : Json.describe(e);
        return new RunException(file + " is damaged or not a Hopcast checkpoint (" + why + "); restore it or retrain",
                e);
    }

    /** At most {@code limit} bytes of a stream (the checksummed body, without the trailer). */
    private static final class BoundedInput extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInput(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException();
            }
            left -= n;
            return n;
        }

        @Override
        public void close() {
            // the underlying stream is closed by its owner
        }
    }
}
