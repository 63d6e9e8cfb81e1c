package org.hopcast.hopfield.ops;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;

/**
 * Inverted dropout ({@code x * mask / (1 - rate)}) with the masks libtorch would draw, drawn in Java.
 *
 * <h2>Why</h2>
 * libtorch 2.7 draws a CPU dropout mask one element at a time in one thread ({@code bernoulli_}'s serial kernel,
 * two Mersenne Twister words per element through its generic distribution code): 15-18 ns per element, a sixth
 * of an {@code etth1-paper} training step on an AMD EPYC and a quarter on an Intel Xeon (docs/performance.md).
 * {@link Mt19937} draws the same words and decides the same elements in about 5 ns.
 *
 * <h2>Same numbers</h2>
 * The masks are libtorch's, bit for bit, because the stream is the same: {@link #seed(int)} seeds libtorch's
 * generator and this thread's replica together, and every dropout after it draws from the replica in call order,
 * as every dropout drew from libtorch's generator before. The output is {@code x * noise} with
 * {@code noise = mask / (1 - rate)} in the input's type, the product libtorch's dropout forms, so forward and
 * backward are unchanged to the last bit (tests train with both and compare). The first seed checks the replica
 * against libtorch's own dropout on a small mask ({@link #replicaAgrees()}); a libtorch whose Bernoulli kernel
 * draws otherwise gets libtorch's dropout everywhere. The one thing that changes: libtorch's own
 * generator is no longer advanced by dropout, so a random op that runs after dropouts without a new seed sees
 * other numbers than before; training seeds every step, and nothing random runs inside a step but dropout.
 *
 * <p>libtorch's own dropout is used on a thread that was not seeded here, off the CPU (CUDA draws with Philox in a
 * fused kernel), and for types other than float32 and float64. One difference remains by design: libtorch fills a
 * mask in the input's memory order, the replica in its logical order, so for an input that is a permuted view
 * (not contiguous) the same draws land on other elements. Every dropout input of STanHop-Net is contiguous (the
 * tests that train with both sources and compare would fail otherwise); DJL does not tell contiguity, and falling
 * back to libtorch there would desynchronise the two streams for every later mask.
 */
public final class InvertedDropout {
    /** Where masks come from. */
    public enum Masks {
        /** Drawn in Java by {@link Mt19937} on threads seeded by {@link #seed(int)} (the default). */
        JAVA,
        /** Always libtorch's own dropout (to compare, or to rule this class out when something looks wrong). */
        LIBTORCH;

        /** The name the property and the benchmarks' JSON use: java or libtorch. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The system property that chooses the source when the process starts, {@code java} (default) or
     * {@code libtorch}; with the launcher: {@code HOPCAST_JAVA_OPTS=-Dhopcast.dropout-masks=libtorch}.
     */
    public static final String PROPERTY = "hopcast.dropout-masks";

    private static final ThreadLocal<Mt19937> STREAM = new ThreadLocal<>();
    /** Reused per thread: a mask is megabytes, drawn dozens of times per step. */
    private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();
    private static final ThreadLocal<byte[]> MASK = new ThreadLocal<>();
    private static volatile Masks masks = PropertyChoice.read(PROPERTY, Masks.JAVA, Masks::label);
    private static Boolean agrees;

    private InvertedDropout() {
    }

    /** Chooses where masks come from, process-wide. */
    public static void use(Masks source) {
        masks = source;
    }

    /** Where masks come from now. */
    public static Masks masks() {
        return masks;
    }

    /**
     * Seeds libtorch's generators ({@code torch::manual_seed}, through DJL) and this thread's replica of the CPU
     * one. Code that wants dropout's masks to follow a seed seeds here, not through DJL's engine directly.
     */
    public static void seed(int seed) {
        boolean replica = replicaAgrees();
        Engine.getInstance().setRandomSeed(seed);
        if (replica) {
            STREAM.set(new Mt19937(seed));
        } else {
            STREAM.remove();
        }
    }

    /**
     * Whether the replica draws libtorch's masks in this process, checked once on a small mask (before the first
     * seed takes effect, so the check's own draws change nothing). Where it does not (a libtorch whose Bernoulli
     * kernel differs), every dropout is libtorch's own: slower, never other numbers.
     */
    public static synchronized boolean replicaAgrees() {
        if (agrees == null) {
            agrees = check();
        }
        return agrees;
    }

    private static boolean check() {
        int n = 2000; // more than one 624-word state
        int seed = 20_240_501;
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            Engine.getInstance().setRandomSeed(seed);
            float[] libtorch = Dropout.dropout(m.ones(new Shape(n)), 0.5f, true).head().toFloatArray();
            byte[] mask = new byte[n];
            new Mt19937(seed).bernoulli(mask, n, 0.5);
            for (int i = 0; i < n; i++) {
                if ((libtorch[i] != 0) != (mask[i] == 1)) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Dropout of {@code x} at {@code rate} in [0, 1), as in training. */
    public static NDArray apply(NDArray x, float rate) {
        Mt19937 stream = STREAM.get();
        // libtorch draws nothing at rate 0 or 1 or for an empty input
        if (!(rate > 0 && rate < 1) || x.size() == 0 || masks != Masks.JAVA || stream == null || !replicable(x)) {
            return Dropout.dropout(x, rate, true).head();
        }
        // libtorch: noise = empty_like(x).bernoulli_(1 - p).div_(1 - p); return x * noise (p widened to double)
        double keep = 1 - (double) rate;
        int n = (int) x.size();
        ByteBuffer buffer = buffer(n);
        byte[] mask = MASK.get();
        if (mask == null || mask.length < n) {
            mask = new byte[n];
            MASK.set(mask);
        }
        stream.bernoulli(mask, n, keep);
        buffer.put(mask, 0, n).flip();
        // the aliasing view is copied into libtorch-owned memory at once: autograd keeps the noise for backward
        try (NDArray view = x.getManager().create(buffer, x.getShape(), DataType.UINT8)) {
            NDArray noise = view.toType(x.getDataType(), true);
            // 1 / (1 - p) rounded to the input's type, as libtorch's div_ computes it; 0 and 1 times it are exact
            noise.muli(Scalars.of(noise, x.getDataType() == DataType.FLOAT32 ? 1f / (float) keep : 1 / keep));
            return x.mul(noise);
        }
    }

    private static ByteBuffer buffer(int n) {
        ByteBuffer b = BUFFER.get();
        if (b == null || b.capacity() < n) {
            b = ByteBuffer.allocateDirect(Math.max(n, 1 << 20)).order(ByteOrder.nativeOrder());
            BUFFER.set(b);
        }
        b.clear();
        return b;
    }

    private static boolean replicable(NDArray x) {
        DataType type = x.getDataType();
        return Device.cpu().equals(x.getDevice()) && (type == DataType.FLOAT32 || type == DataType.FLOAT64)
                && x.size() <= Integer.MAX_VALUE;
    }
}
