package org.hopcast.forecasting.train;

/**
 * A time budget ({@code max-minutes}) for a whole training command: not only the optimizer steps but the
 * validation and test passes at each epoch's end, the final test of the best model and the baselines. Training
 * stops early enough for what must follow to fit, and when one validation pass alone would take a large share
 * of the budget, validation (and the per-epoch test, which is logged only) use every k-th window instead.
 *
 * <p>Inference time is measured on a few validation batches before training starts, and again by every
 * evaluation pass.
 */
public final class TimeBudget {
    /** The share of the budget one validation pass may take before it is thinned. */
    static final double PASS_SHARE = 0.15;
    /** A training step (forward and backward) costs about this many forward passes of the same batch. */
    static final double STEP_TO_FORWARD = 2.0;
    /** Steps whose time says more about the JIT and the allocator warming up than about training. */
    static final int WARM_UP_STEPS = 2;

    private final double seconds;
    private final int batchSize;
    private double stepSeconds = Double.NaN;
    private double perWindow = Double.NaN;
    private int steps;

    /** {@code seconds} of budget (0: none) for a training with batches of {@code batchSize}. */
    public TimeBudget(double seconds, int batchSize) {
        this.seconds = seconds;
        this.batchSize = batchSize;
    }

    public boolean limited() {
        return seconds > 0;
    }

    public double seconds() {
        return seconds;
    }

    /** Records the duration of one optimizer step (a moving average, without the first two: warm-up). */
    public void step(double secs) {
        if (++steps <= WARM_UP_STEPS) {
            return;
        }
        stepSeconds = Double.isNaN(stepSeconds) ? secs : 0.9 * stepSeconds + 0.1 * secs;
    }

    /** Records an inference pass over {@code windows} windows that took {@code secs}. */
    public void inference(long windows, double secs) {
        if (windows > 0) {
            perWindow = secs / windows;
        }
    }

    /** Seconds of inference per window: measured, or estimated from the training steps, or NaN. */
    public double perWindow() {
        if (!Double.isNaN(perWindow)) {
            return perWindow;
        }
        return Double.isNaN(stepSeconds) ? Double.NaN : stepSeconds / batchSize / STEP_TO_FORWARD;
    }

    /**
     * Every how many windows to validate so that a pass over {@code windows} takes at most {@link #PASS_SHARE}
     * of the budget (1 without a budget or an estimate).
     */
    public int stride(long windows) {
        double w = perWindow();
        if (!limited() || Double.isNaN(w) || windows <= 0) {
            return 1;
        }
        return (int) Math.max(1, Math.ceil(windows * w / (PASS_SHARE * seconds)));
    }

    /**
     * Whether training must stop now: {@code elapsed} seconds spent, one more step, and {@code reserveWindows}
     * windows of inference plus {@code reserveSeconds} of other work still to come would not fit.
     */
    public boolean mustStop(double elapsed, long reserveWindows, double reserveSeconds) {
        if (!limited()) {
            return false;
        }
        double step = Double.isNaN(stepSeconds) ? 0 : stepSeconds;
        double w = perWindow();
        double reserve = (Double.isNaN(w) ? 0 : reserveWindows * w) + reserveSeconds;
        return elapsed + step + reserve >= seconds;
    }
}
