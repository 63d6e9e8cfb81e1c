package org.hopcast.forecasting.train;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.hopcast.forecasting.run.Checkpoints;
import org.hopcast.hopfield.ops.Scalars;

/**
 * Adam exactly as torch.optim.Adam computes it (no weight decay, no amsgrad), so trainings match the
 * reference: {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * p -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}. DJL's own Adam adds eps to sqrt(v) before the
 * bias correction, which differs slightly early in training. The moments live in the manager given at
 * construction and are updated in place.
 */
public final class TorchAdam {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final List<NDArray> first = new ArrayList<>();
    private final List<NDArray> second = new ArrayList<>();
    private long step;
    private boolean fused = true;

    /** Moments for {@code parameters} (in order), zero-initialised in {@code manager}. */
    public TorchAdam(NDManager manager, List<NDArray> parameters) {
        for (NDArray p : parameters) {
            first.add(manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
            second.add(manager.zeros(p.getShape(), p.getDataType(), p.getDevice()));
        }
    }

    public long step() {
        return step;
    }

    /**
     * One update of every parameter from its gradient, with temporaries created in {@code scratch}
     * (closed by the caller).
     */
    public void update(List<NDArray> parameters, List<NDArray> gradients, double lr, NDManager scratch) {
        step++;
        double bc1 = 1 - Math.pow(BETA1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(BETA2, step));
        for (int i = 0; i < parameters.size(); i++) {
            if (fused) {
                try {
                    updateFused(parameters.get(i), gradients.get(i), first.get(i), second.get(i), lr, bc1, bc2Sqrt);
                    continue;
                } catch (UnsupportedOperationException e) {
                    fused = false; // an engine without the native update: use the op-by-op form from now on
                }
            }
            updateOps(parameters.get(i), gradients.get(i), first.get(i), second.get(i), lr, bc1, bc2Sqrt, scratch);
        }
    }

    /**
     * The engine's native Adam update (one call per parameter instead of a dozen), given torch's exact
     * arithmetic: {@code lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps) == (lr sqrt(bc2)/bc1) * m / (sqrt(v) + eps
     * sqrt(bc2))}, so the bias-corrected rate and a rescaled eps reproduce torch.optim.Adam.
     */
    static void updateFused(NDArray p, NDArray g, NDArray m, NDArray v, double lr, double bc1, double bc2Sqrt) {
        float corrected = (float) (lr * bc2Sqrt / bc1);
        p.getNDArrayInternal().adamUpdate(new NDList(p, g, m, v), new NDList(p), corrected, corrected, 0f, 1f, -1f,
                (float) BETA1, (float) BETA2, (float) (EPS * bc2Sqrt), false, false);
    }

    /** The same update op by op (the reference form; used where the engine has no native update). */
    static void updateOps(NDArray p, NDArray g, NDArray m, NDArray v, double lr, double bc1, double bc2Sqrt,
            NDManager scratch) {
        // numbers and new arrays live in the step's scratch, not in the moments' long-lived manager
        java.util.function.DoubleFunction<NDArray> c = x -> Scalars.of(p, x, scratch);
        m.muli(c.apply(BETA1)).addi(g.mul(c.apply(1 - BETA1)));
        v.muli(c.apply(BETA2)).addi(g.mul(g).muli(c.apply(1 - BETA2)));
        NDArray denom = v.sqrt();
        denom.attach(scratch);
        denom.divi(c.apply(bc2Sqrt)).addi(c.apply(EPS));
        NDArray delta = m.div(denom);
        delta.attach(scratch);
        p.subi(delta.muli(c.apply(lr / bc1)));
    }

    /** The state to checkpoint: [step, m..., v...]. */
    public NDList state(NDManager manager) {
        NDList out = new NDList();
        out.add(manager.create(new long[] {step}));
        out.addAll(first);
        out.addAll(second);
        return out;
    }

    /** Restores a state written by {@link #state}. */
    public void restore(NDList state) {
        int n = first.size();
        if (state.size() != 1 + 2 * n) {
            throw new IllegalArgumentException("optimizer state holds " + state.size() + " arrays, expected " + (1 + 2 * n));
        }
        for (int i = 0; i < n; i++) {
            if (!state.get(1 + i).getShape().equals(first.get(i).getShape())
                    || !state.get(1 + n + i).getShape().equals(second.get(i).getShape())) {
                throw new IllegalArgumentException("optimizer moment " + i + " has shape " + state.get(1 + i).getShape()
                        + ", the parameter " + first.get(i).getShape());
            }
        }
        step = state.get(0).toLongArray()[0];
        for (int i = 0; i < n; i++) {
            Checkpoints.copyInto(first.get(i), state.get(1 + i));
            Checkpoints.copyInto(second.get(i), state.get(1 + n + i));
        }
    }
}
