package org.hopcast.app;

import java.io.PrintWriter;

import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.forecasting.train.TrainingProgress;

/**
 * Training progress on stderr: a redrawn bar with epoch, step, loss and ETA on a terminal; on a pipe or log
 * file, a plain line every 30 seconds. Epoch results are always printed as lines.
 */
final class ProgressBar implements TrainingListener {
    /** Back to the start of the line and erase it (a progress line may be longer than what replaces it). */
    private static final String CLEAR = "\r\033[K";
    private final PrintWriter err;
    private final boolean terminal;
    private final String label;
    private long lastPrint;
    private final TrainingProgress progress = new TrainingProgress();

    ProgressBar(PrintWriter err, boolean terminal, String label) {
        this.err = err;
        this.terminal = terminal;
        this.label = label == null ? "" : label + " ";
    }

    /** A bar on this process's stderr, redrawn where stderr is a terminal. */
    static ProgressBar onStderr(PrintWriter err, String label) {
        return new ProgressBar(err, stderrIsTerminal(), label);
    }

    /**
     * Whether stderr, where the bar goes, is a terminal. {@code System.console()} answers for stdin and stdout
     * together, so {@code train --json > out.json} in a terminal read as "no terminal" and the bar fell back to a
     * line every 30 s; on Linux the descriptor's link names the terminal device. A dumb terminal gets lines.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null; // no /proc (not Linux): the JDK's answer
        }
    }

    @Override
    public void onStart(Plan p) {
        progress.start(p);
        err.printf("%straining: %,d parameters on %s, %d steps per epoch, up to %d epochs%s%n", label, p.parameters(),
                p.device(), p.stepsPerEpoch(), p.epochs(), p.startEpoch() > 1 || p.startStep() > 0
                        ? " (resuming at epoch " + p.startEpoch() + ", step " + p.startStep() + ")" : "");
        err.flush();
    }

    @Override
    public void onStep(Step s) {
        long now = System.nanoTime();
        progress.step(s, now);
        if (!due(now) && s.stepInEpoch() != s.stepsPerEpoch()) {
            return;
        }
        String line = String.format("%sepoch %d/%d [%s] %d/%d loss %.4f lr %.2e epoch ETA %s", label, s.epoch(),
                progress.plannedEpochs(), bar(progress.epochFraction(), true), s.stepInEpoch(), s.stepsPerEpoch(),
                progress.smoothedLoss(), s.learningRate(), TrainingProgress.duration(progress.epochSecondsLeft()));
        show(line, now);
    }

    /** Whether a line is due: 5 a second on a terminal, one per 30 s in a log. */
    private boolean due(long now) {
        return now - lastPrint > (terminal ? 200_000_000L : 30_000_000_000L);
    }

    private static String bar(double fraction, boolean arrow) {
        int width = 28;
        int filled = (int) (arrow ? Math.round(width * fraction) : width * fraction);
        return arrow ? "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(width - filled)
                : "=".repeat(filled) + " ".repeat(width - filled);
    }

    /** Redraws the progress line on a terminal; adds a line to a log. */
    private void show(String line, long now) {
        lastPrint = now;
        if (terminal) {
            err.print("\r" + line + "   ");
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public void onEpoch(EpochRecord e) {
        if (terminal) {
            err.print(CLEAR);
        }
        if (e.epoch() == 0) {
            // the model before its first step: the linear path's start under zero heads (a mix of baselines' maps)
            err.printf("%sepoch 0 (the start: %s, not trained yet): %s%s%n", label,
                    e.start() == null ? "linear" : e.start(),
                    Double.isNaN(e.valMse()) ? "no held-out rows" : String.format(java.util.Locale.ROOT,
                            "val %.4f, test %.4f", e.valMse(), e.testMse()), e.best() ? "  (best so far, saved)" : "");
        } else if (Double.isNaN(e.valMse()) && Double.isNaN(e.testMse())) {
            // a final model: nothing is held out, each finished epoch is the model
            err.printf("%sepoch %d: train %.4f, %s (no held-out rows; saved)%n", label, e.epoch(), e.trainLoss(),
                    TrainingProgress.duration(e.seconds()));
        } else {
            err.printf("%sepoch %d: train %.4f, val %.4f, test %.4f, %s%s%n", label, e.epoch(), e.trainLoss(),
                    e.valMse(), e.testMse(), TrainingProgress.duration(e.seconds()), e.best() ? "  (best so far, saved)"
                            : "");
        }
        if (e.outliers() != null) {
            err.printf("%s  outliers: decoder avg kurtosis %.3f, max inf-norm %.3f (%s); all modules %.3f / %.3f%n", label,
                    e.outliers().decoder().averageKurtosis(), e.outliers().decoder().maxInfNorm(),
                    e.outliers().decoder().maxInfNormPath(), e.outliers().all().averageKurtosis(),
                    e.outliers().all().maxInfNorm());
        }
        err.flush();
    }

    @Override
    public void onPass(String pass, long done, long total) {
        long now = System.nanoTime();
        if (!due(now) && done < total) {
            return;
        }
        if (done >= total && !terminal) {
            return; // a log gets the intermediate lines of long passes only; a terminal's line is overwritten
        }
        show(String.format("%s%s [%s] %,d/%,d windows", label, pass, bar((double) done / Math.max(1, total), false),
                done, total), now);
    }

    @Override
    public void onMessage(String message) {
        if (terminal) {
            err.print(CLEAR);
        }
        err.println(label + message);
        err.flush();
    }
}
