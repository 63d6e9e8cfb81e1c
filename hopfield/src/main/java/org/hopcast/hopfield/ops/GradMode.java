package org.hopcast.hopfield.ops;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether the engine is recording a graph for autograd (inside a GradientCollector). Functions whose
 * gradient needs extra work (the entmax surrogates) skip it when nothing will be differentiated.
 *
 * <p>DJL's API has no such query, and {@code NDArray.hasGradient()} is false for every computed array, so
 * this asks the PyTorch engine reflectively; with any other engine it answers true, which is always safe.
 */
public final class GradMode {
    private static final MethodHandle IS_GRAD_MODE = find();
    private static final MethodHandle SET_GRAD_MODE = findSetter();

    private GradMode() {
    }

    private static MethodHandle find() {
        try {
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            return MethodHandles.publicLookup().findStatic(jni, "isGradMode", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    private static MethodHandle findSetter() {
        try {
            Class<?> jni = Class.forName("ai.djl.pytorch.jni.JniUtils");
            return MethodHandles.publicLookup().findStatic(jni, "setGradMode",
                    MethodType.methodType(void.class, boolean.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /**
     * Runs {@code body} with recording off on this thread, then restores what was there. Inference needs no
     * graph, and libtorch starts every new thread with recording on: a forecast on a fresh thread (the desktop
     * app's analysis thread) built a graph it never used and took twice as long.
     */
    public static <T> T off(java.util.function.Supplier<T> body) {
        if (SET_GRAD_MODE == null) {
            return body.get();
        }
        boolean was = isRecording();
        set(false);
        try {
            return body.get();
        } finally {
            if (was) {
                set(true);
            }
        }
    }

    private static void set(boolean on) {
        try {
            SET_GRAD_MODE.invokeExact(on);
        } catch (Throwable t) {
            // the engine refused: computing with recording on is slower, never wrong
        }
    }

    /** True while gradients are being recorded (or when that cannot be told). */
    public static boolean isRecording() {
        if (IS_GRAD_MODE == null) {
            return true;
        }
        try {
            return (boolean) IS_GRAD_MODE.invokeExact();
        } catch (Throwable t) {
            return true;
        }
    }
}
