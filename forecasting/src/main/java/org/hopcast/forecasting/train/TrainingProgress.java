package org.hopcast.forecasting.train;

import java.util.Locale;

/**
 * Where a training stands, for a progress display: the smoothed loss, how much of the epoch and of the whole
 * plan is done, and how long the rest will take at this training's own pace (timed from its first step, so a
 * resumed run is not judged by steps it did not take). The command line's bar and the desktop app's Train tab
 * both show this one model; neither keeps clocks or averages of its own. Not thread-safe: one display each.
 */
public final class TrainingProgress {
    /** Weight of the past in the loss's exponential moving average. */
    static final double SMOOTHING = 0.9;

    private TrainingListener.Plan plan;
    private TrainingListener.Step last;
    private double smoothedLoss = Double.NaN;
    private long firstStepNanos;
    private long lastNanos;
    private long steps;

    /** A training (or a resumed one) begins: everything restarts. */
    public void start(TrainingListener.Plan p) {
        plan = p;
        last = null;
        smoothedLoss = Double.NaN;
        steps = 0;
    }

    /** One optimizer step, seen at {@code nowNanos} ({@link System#nanoTime()}). */
    public void step(TrainingListener.Step s, long nowNanos) {
        if (steps == 0) {
            firstStepNanos = nowNanos;
        }
        steps++;
        last = s;
        smoothedLoss = Double.isNaN(smoothedLoss) ? s.loss() : SMOOTHING * smoothedLoss + (1 - SMOOTHING) * s.loss();
        lastNanos = nowNanos;
    }

    public double smoothedLoss() {
        return smoothedLoss;
    }

    /** The epochs the plan allows (0 before the plan is known). */
    public int plannedEpochs() {
        return plan == null ? 0 : plan.epochs();
    }

    /** The share of the current epoch done, 0..1. */
    public double epochFraction() {
        return last == null ? 0 : (double) last.stepInEpoch() / last.stepsPerEpoch();
    }

    /** The share of all planned epochs done, 0..1 (the epoch's share before the plan is known). */
    public double planFraction() {
        if (plan == null || last == null) {
            return epochFraction();
        }
        return Math.min(1, (double) done() / total());
    }

    /** Seconds per step at this training's pace, NaN until two steps were seen. */
    public double secondsPerStep() {
        return steps > 1 ? (lastNanos - firstStepNanos) / 1e9 / (steps - 1) : Double.NaN;
    }

    /** Seconds left in the current epoch (NaN until known). */
    public double epochSecondsLeft() {
        return last == null ? Double.NaN : secondsPerStep() * (last.stepsPerEpoch() - last.stepInEpoch());
    }

    /** Seconds left until every planned epoch is done (NaN until known); a time budget may stop it sooner. */
    public double planSecondsLeft() {
        return plan == null || last == null ? Double.NaN : secondsPerStep() * (total() - done());
    }

    private long total() {
        return (long) plan.epochs() * plan.stepsPerEpoch();
    }

    private long done() {
        return (long) (last.epoch() - 1) * last.stepsPerEpoch() + last.stepInEpoch();
    }

    /** A duration for people: "42 s", "3m 05s", "2h 07m"; "--" when not known. */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + " s";
    }
}
