package org.hopcast.hopfield.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Arithmetic with a number, safe under autograd. Use these instead of DJL's {@code NDArray.mul(Number)},
 * {@code div(Number)}, {@code pow(Number)}, {@code maximum(Number)} and the like.
 *
 * <p>Why: DJL's PyTorch engine turns the number into a tensor over a Java direct buffer (libtorch's
 * {@code from_blob}, which does not own the memory), runs the op, and closes that tensor at once. libtorch's
 * autograd keeps the tensor for the backward pass (the gradient of {@code x * c} needs {@code c}), so once the
 * garbage collector frees the buffer, the backward pass reads freed memory: gradients turn NaN or silently wrong
 * at a step that depends on when the collector ran. That was the "1 run in 7 diverges" defect. The numbers here
 * are copied into memory libtorch owns, which lives as long as any graph needs it. An architecture test keeps
 * the {@code Number} overloads out of the product's code.
 */
public final class Scalars {
    private Scalars() {
    }

    /** A 0-d array holding {@code value} with {@code like}'s type, device and manager; libtorch owns its memory. */
    public static NDArray of(NDArray like, double value) {
        return of(like, value, like.getManager());
    }

    /** As {@link #of(NDArray, double)}, owned by {@code owner} (a step's scratch manager, say). */
    public static NDArray of(NDArray like, double value, NDManager owner) {
        try (NDArray wrapped = owner.create(value)) {
            NDArray owned = wrapped.toDevice(like.getDevice(), false).toType(like.getDataType(), true);
            owned.attach(owner);
            return owned;
        }
    }

    public static NDArray add(NDArray x, double value) {
        return x.add(of(x, value));
    }

    public static NDArray sub(NDArray x, double value) {
        return x.sub(of(x, value));
    }

    public static NDArray mul(NDArray x, double value) {
        return x.mul(of(x, value));
    }

    public static NDArray div(NDArray x, double value) {
        return x.div(of(x, value));
    }

    public static NDArray pow(NDArray x, double value) {
        return x.pow(of(x, value));
    }

    public static NDArray maximum(NDArray x, double value) {
        return x.maximum(of(x, value));
    }

    public static NDArray minimum(NDArray x, double value) {
        return x.minimum(of(x, value));
    }

    /** {@code x *= value} in place. */
    public static NDArray muli(NDArray x, double value) {
        return x.muli(of(x, value));
    }

    /** {@code value - x}. */
    public static NDArray rsub(NDArray x, double value) {
        return of(x, value).sub(x);
    }
}
