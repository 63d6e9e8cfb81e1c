package org.hopcast.forecasting.run;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/**
 * Single-file checkpoints, written atomically: a magic line, a JSON header (what the file holds and for
 * which model), the model's parameters, and optional extra arrays (the optimizer's moments). A file that is
 * truncated, foreign or made for another model is refused with a message naming it.
 */
public final class Checkpoints {
    private static final String MAGIC = "HOPCAST-CHECKPOINT";
    private static final int FORMAT = 1;

    /** What a checkpoint's header says. */
    public record Header(String kind, String modelSignature, String stateJson) {
    }

    private Checkpoints() {
    }

    public static void save(Path file, Header header, Block model, NDList extra) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(raw);
            out.writeUTF(MAGIC);
            out.writeInt(FORMAT);
            writeString(out, Json.GSON.toJson(header));
            model.saveParameters(out);
            byte[] extraBytes = extra == null || extra.isEmpty() ? new byte[0] : extra.encode();
            out.writeLong(extraBytes.length);
            out.write(extraBytes);
            out.writeUTF(MAGIC); // trailer: a truncated file is caught before it is used
            out.flush();
        });
    }

    /** Reads the header only. */
    public static Header header(Path file) {
        try (DataInputStream in = open(file)) {
            return readHeader(file, in);
        } catch (IOException e) {
            throw damaged(file, e);
        }
    }

    /**
     * Loads parameters into {@code model} (which must have the signature the file was written for) and
     * returns the extra arrays, created in {@code manager}.
     */
    public static NDList load(Path file, Block model, String expectedSignature, NDManager manager) {
        try (DataInputStream in = open(file)) {
            Header header = readHeader(file, in);
            if (expectedSignature != null && !expectedSignature.equals(header.modelSignature())) {
                throw new RunException(file + " was saved for another model (" + header.modelSignature() + ", this is "
                        + expectedSignature + ")");
            }
            model.loadParameters(manager, in);
            long n = in.readLong();
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new RunException(file + " is damaged (bad optimizer-state length); retrain or restore it");
            }
            byte[] extra = new byte[(int) n];
            in.readFully(extra);
            if (!MAGIC.equals(in.readUTF())) {
                throw new RunException(file + " is damaged (no trailer); retrain or restore it");
            }
            return n == 0 ? new NDList() : NDList.decode(manager, extra);
        } catch (EOFException e) {
            throw new RunException(file + " is truncated (the write was interrupted or the file was cut); use an"
                    + " earlier checkpoint or retrain", e);
        } catch (IOException | MalformedModelException | IllegalArgumentException | IllegalStateException e) {
            throw damaged(file, e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new RunException(file + " is missing");
        }
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    }

    private static Header readHeader(Path file, DataInputStream in) throws IOException {
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
        if (format != FORMAT) {
            throw new RunException(file + " has checkpoint format " + format + "; this Hopcast reads " + FORMAT);
        }
        return Json.GSON.fromJson(readString(in), Header.class);
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

    private static RunException damaged(Path file, Exception e) {
        if (e instanceof RunException r) {
            return r;
        }
        return new RunException(file + " is damaged or not a Hopcast checkpoint (" + e.getMessage()
                + "); use an earlier checkpoint or retrain", e);
    }
}
