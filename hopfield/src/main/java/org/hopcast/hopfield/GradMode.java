package org.hopcast.hopfield;

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
