package org.hopcast.hopfield.ops;

import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Frees a computation's temporaries as soon as it returns, as PyTorch's reference counting does. DJL keeps
 * every array until its manager closes, so without this a training step holds every intermediate of the
 * whole forward and backward pass at once (measured: 6.9 GB instead of 2.6 GB at the paper configuration,
 * and the fresh memory made the step 2x slower).
 *
 * <p>The inputs are attached for the duration to a fresh sub-manager of the first input's manager, so every
 * array the body creates from them lands there; the result is moved back to the first input's manager,
 * the inputs return to their own, and the rest is closed. Arrays that autograd still needs stay alive in the
 * graph: closing a handle only drops a reference.
 */
public final class Scopes {
    private Scopes() {
    }

    public static NDArray scoped(Supplier<NDArray> body, NDArray... inputs) {
        return scopedList(() -> new NDList(body.get()), inputs).head();
    }

    private static void attach(NDManager sub, NDArray[] inputs) {
        for (int i = 0; i < inputs.length; i++) {
            boolean seen = false;
            for (int j = 0; j < i; j++) {
                seen |= inputs[j] == inputs[i]; // attaching one array twice would lose its real owner
            }
            if (!seen) {
                inputs[i].tempAttach(sub);
            }
        }
    }

    public static NDList scopedList(Supplier<NDList> body, NDArray... inputs) {
        NDManager parent = inputs[0].getManager();
        try (NDManager sub = parent.newSubManager()) {
            attach(sub, inputs);
            NDList out = body.get();
            out.attach(parent);
            return out;
        }
    }
}
