package org.hopcast.hopfield.separation;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.hopcast.hopfield.ops.PropertyChoice;

/**
 * Where alpha-entmax's forward value comes from: {@link EntmaxLanes} (Java, SIMD lanes, one fused pass per block
 * of rows) where it can run, libtorch's ops ({@link AlphaEntmax#solve}) elsewhere. The lanes run for float32
 * arrays on the CPU with one alpha for all rows (STanHop's layers learn one scalar each), when the JVM resolved
 * {@code jdk.incubator.vector} (the launcher and the build add it), on x86-64 with vectors of at least 8 floats
 * and fused multiply-adds in hardware (where they were measured; elsewhere libtorch's version is the known
 * quantity, and without SIMD instructions the lanes would be far slower than it), and when a start-up check finds
 * them agreeing with libtorch's version. {@code -Dhopcast.alpha-entmax=libtorch} chooses libtorch's version
 * everywhere (ADR 0018).
 */
public final class EntmaxKernel {
    public static final String PROPERTY = "hopcast.alpha-entmax";
    /**
     * The lanes' vector width: the CPU's own ({@code preferred}), or {@code 256} or {@code 512} bits whatever the
     * CPU, for tests and diagnosis (a width the CPU lacks runs as the Vector API's Java code, correct but slow).
     */
    public static final String WIDTH_PROPERTY = "hopcast.alpha-entmax.vector-bits";
    /** The JDK module the lanes run on; a JVM resolves it with {@code --add-modules}. */
    private static final String MODULE = "jdk.incubator.vector";
    /** Below this many rows one thread does it: handing work over costs more than it saves. */
    private static final int ROWS_PER_THREAD = 2048;
    /** As many as libtorch's intra-op threads: the lanes run between libtorch's ops, never beside them. */
    private static final int THREADS = threads();
    /** Threads made when first needed and ended after a minute idle, so a process without entmax keeps none. */
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hopcast-alpha-entmax");
        t.setDaemon(true);
        return t;
    });

    /** Where alpha-entmax's forward value is computed. */
    public enum Source {
        LANES("lanes"), LIBTORCH("libtorch");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The vector widths {@link #WIDTH_PROPERTY} may name. */
    private enum Width {
        PREFERRED("preferred", 0), BITS_256("256", 256), BITS_512("512", 512);

        private final String label;
        private final int bits;

        Width(String label, int bits) {
            this.label = label;
            this.bits = bits;
        }
    }

    private static volatile Source source = PropertyChoice.read(PROPERTY, Source.LANES, Source::label);
    private static final Width WIDTH = PropertyChoice.read(WIDTH_PROPERTY, Width.PREFERRED, w -> w.label);
    /** The lanes' width in bits, 0 for the CPU's preferred one. */
    static final int VECTOR_BITS = WIDTH.bits;
    private static Boolean agrees;

    /** The forward value of rows of {@code scores} and, when gradients are recorded, the surrogate's weights. */
    record Forward(NDArray p, NDArray s, NDArray sumS, NDArray t) {
    }

    private EntmaxKernel() {
    }

    /** Chooses where alpha-entmax's forward value comes from, process-wide. */
    public static void use(Source chosen) {
        source = chosen;
    }

    /** Where it comes from now (the lanes are used only where {@link #lanesAgree} too). */
    public static Source source() {
        return source;
    }

    private static int threads() {
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            int torch = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "").trim());
            return torch > 0 ? Math.min(torch, cores) : cores;
        } catch (NumberFormatException e) {
            return cores;
        }
    }

    /** Where float32 alpha-entmax on the CPU is computed in this process: "lanes" or "libtorch". */
    public static String inUse() {
        return (source == Source.LANES && lanesAgree() ? Source.LANES : Source.LIBTORCH).label();
    }

    /** Whether the lanes compute entmax of {@code scores} at the (clipped) {@code alpha} here. */
    static boolean applies(NDArray scores, NDArray alpha) {
        Shape shape = scores.getShape();
        return source == Source.LANES && scores.getDataType() == DataType.FLOAT32 && alpha.size() == 1
                && Device.cpu().equals(scores.getDevice()) && shape.dimension() >= 1 && scores.size() > 0
                && scores.size() <= Integer.MAX_VALUE && lanesAgree();
    }

    /** Whether the lanes run in this JVM and give libtorch's values there, checked once. */
    public static synchronized boolean lanesAgree() {
        if (agrees == null) {
            agrees = lanesRun() && check();
        }
        return agrees;
    }

    /** The incubating module the lanes run on, when this JVM resolved it; else empty. */
    public static java.util.Optional<String> vectorModule() {
        return ModuleLayer.boot().findModule(MODULE).map(found -> MODULE);
    }

    private static boolean lanesRun() {
        String arch = System.getProperty("os.arch", "");
        try {
            return vectorModule().isPresent() && ("amd64".equals(arch) || "x86_64".equals(arch))
                    && EntmaxLanes.LANES >= 8 && (WIDTH != Width.PREFERRED || EntmaxLanes.compiledToSimd(vmUsesFma()));
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Whether HotSpot emits fused multiply-add instructions ({@code -XX:+UseFMA}, on where the CPU has them). */
    static boolean vmUsesFma() {
        try {
            return Boolean.parseBoolean(java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).getVMOption("UseFMA")
                    .getValue());
        } catch (RuntimeException | LinkageError e) {
            return false; // not HotSpot, or no such option: nothing known about its fused multiply-adds
        }
    }

    /** Rows of both lengths the paper uses, three alphas, against libtorch's search; 1e-5 as the tests ask. */
    private static boolean check() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            java.util.Random random = new java.util.Random(20_240_501);
            for (int n : new int[] {7, 14}) {
                float[] z = new float[37 * n];
                for (int i = 0; i < z.length; i++) {
                    z[i] = (float) (3 * random.nextGaussian());
                }
                NDArray scores = m.create(z, new Shape(37, n));
                for (float alpha : new float[] {1.05f, 1.5f, 1.9f}) {
                    NDArray lanes = forward(scores, alpha, false, false).p();
                    NDArray torch = AlphaEntmax.searchWithLibtorch(scores, m.create(alpha));
                    if (!(lanes.sub(torch).abs().max().getFloat() <= 1e-5f)) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * entmax of {@code scores} (float32, CPU) over the last axis at {@code alpha} in (1, 2); with
     * {@code gradients} also s, its row sums and (with {@code alphaVaries}) t, see {@link EntmaxLanes#forward}.
     */
    static Forward forward(NDArray scores, float alpha, boolean gradients, boolean alphaVaries) {
        return forward(scores, alpha, gradients, alphaVaries, THREADS);
    }

    /** The same on up to {@code threads} threads (the caller's among them). */
    static Forward forward(NDArray scores, float alpha, boolean gradients, boolean alphaVaries, int threads) {
        Shape shape = scores.getShape();
        int n = (int) shape.get(shape.dimension() - 1);
        int rows = (int) (scores.size() / n);
        NDManager m = scores.getManager();
        FloatBuffer z = scores.toByteBuffer(true).asFloatBuffer();
        NDArray p = m.create(shape, DataType.FLOAT32);
        NDArray s = gradients ? m.create(shape, DataType.FLOAT32) : null;
        NDArray sumS = gradients ? m.create(shape.slice(0, shape.dimension() - 1).add(1), DataType.FLOAT32) : null;
        NDArray t = gradients && alphaVaries ? m.create(shape, DataType.FLOAT32) : null;
        FloatBuffer pOut = p.toByteBuffer(true).asFloatBuffer();
        FloatBuffer sOut = s == null ? null : s.toByteBuffer(true).asFloatBuffer();
        FloatBuffer sumOut = sumS == null ? null : sumS.toByteBuffer(true).asFloatBuffer();
        FloatBuffer tOut = t == null ? null : t.toByteBuffer(true).asFloatBuffer();
        int parts = Math.max(1, Math.min(threads, rows / ROWS_PER_THREAD));
        // whole blocks of lanes per part, so that no block straddles two threads
        int per = (rows / parts + EntmaxLanes.LANES - 1) / EntmaxLanes.LANES * EntmaxLanes.LANES;
        List<Future<Long>> others = new ArrayList<>();
        for (int part = 1; part < parts; part++) {
            int from = Math.min(rows, part * per);
            int to = part == parts - 1 ? rows : Math.min(rows, from + per);
            others.add(HELPERS.submit(() -> new EntmaxLanes(n).forward(z, from, to, alpha, pOut, sOut, sumOut, tOut)));
        }
        long evaluations = 0;
        try {
            evaluations += new EntmaxLanes(n).forward(z, 0, Math.min(rows, per), alpha, pOut, sOut, sumOut, tOut);
        } finally {
            // the helpers write into these tensors: none may outlive this call, whatever happened here
            evaluations += joinAll(others);
        }
        AlphaEntmax.SEARCHES.incrementAndGet();
        AlphaEntmax.NEWTON_STEPS.addAndGet(Math.round(evaluations * (double) EntmaxLanes.LANES / rows));
        return new Forward(p, s, sumS, t);
    }

    /** Waits for every part, without giving up on an interrupt (they take milliseconds); their evaluations. */
    private static long joinAll(List<Future<Long>> parts) {
        long evaluations = 0;
        boolean interrupted = false;
        RuntimeException failure = null;
        for (Future<Long> f : parts) {
            while (true) {
                try {
                    evaluations += f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure = new IllegalStateException("alpha-entmax failed: " + e.getCause(), e.getCause());
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        return evaluations;
    }
}
