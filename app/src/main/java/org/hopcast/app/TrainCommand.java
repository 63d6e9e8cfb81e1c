package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.settings.Settings;
import org.hopcast.forecasting.train.TrainingProgress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast train}: train STanHop-Net and test its best checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train STanHop-Net on a series file, keep the best checkpoint by validation MSE, and test it.",
            "Writes a run directory: config, provenance, checkpoints, history, metrics, forecast.csv and charts.",
            "Ctrl-C stops after the current step and saves a checkpoint; continue with --resume RUN_DIR."})
final class TrainCommand implements Callable<Integer> {
    static final int EXIT_DIVERGED = 3;
    static final int EXIT_CANCELLED = 130;

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions run;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory (default: runs/DATE-PRESET-SEPARATION).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run with its saved"
            + " settings; --epochs, --max-steps and --max-minutes may raise its budget, other settings are refused.")
    Path resume;

    @Option(names = "--final", description = "Train the final model for deployment: the configuration of the run"
            + " --from on every row of its data (train, validation and test), for the epochs that run needed, without"
            + " early stopping. Its quality statement (test metrics, intervals) is the validated run's.")
    boolean finalModel;

    @Option(names = "--from", paramLabel = "RUN_DIR", description = "With --final: the validated run to retrain.")
    Path from;

    @Option(names = "--json", description = "End with one JSON line: test_mse, test_mae, epochs, params, run_dir, ...")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunSpec runSpec;
        Path dir;
        if (finalModel != (from != null)) {
            throw new HopcastCli.UserError(finalModel ? "--final needs --from RUN_DIR, the validated run to retrain"
                    : "--from RUN_DIR goes with --final (train the final model of that run)");
        }
        if (finalModel) {
            return trainFinal(o, err);
        }
        if (resume != null) {
            java.util.Set<String> given = new java.util.LinkedHashSet<>(run.values().keySet());
            given.removeAll(java.util.Set.of(Settings.EPOCHS.key(), Settings.MAX_STEPS.key(),
                    Settings.MAX_MINUTES.key()));
            if (!given.isEmpty() || out != null) {
                throw new HopcastCli.UserError("--resume continues a run with its saved settings; only --epochs,"
                        + " --max-steps and --max-minutes may change (got " + (out != null ? "--out " : "")
                        + String.join(", ", given) + ")");
            }
            runSpec = RunDirectory.open(resume).spec();
            dir = resume;
        } else {
            runSpec = run.resolve();
            dir = out != null ? out : defaultRunDir(runSpec);
        }
        err.printf("run %s: preset %s, separation %s, %s -> %s%s%n", dir, runSpec.preset(), runSpec.model().separation(),
                runSpec.model().inLen(), runSpec.model().outLen(), runSpec.model().channelIndependent()
                        ? ", channel-independent (no cross-series stage)" : "");
        RunService.TrainOutcome r;
        try (Cancellation cancel = new Cancellation()) {
            ProgressBar progress = ProgressBar.onStderr(err, null);
            r = resume != null ? RunService.resume(dir, (Integer) run.given(Settings.EPOCHS),
                    (Long) run.given(Settings.MAX_STEPS), (Double) run.given(Settings.MAX_MINUTES), progress, cancel)
                    : RunService.train(runSpec, dir, progress, cancel);
        }
        report(o, r, json);
        if (r.stop() == StopReason.DIVERGED) {
            return EXIT_DIVERGED;
        }
        return r.stop() == StopReason.CANCELLED ? EXIT_CANCELLED : 0;
    }

    private int trainFinal(PrintWriter o, PrintWriter err) {
        if (resume != null || !run.values().isEmpty()) {
            throw new HopcastCli.UserError("--final retrains the run --from with its own settings; other settings ("
                    + (resume != null ? "--resume " : "") + String.join(", ", run.values().keySet()) + ") are refused");
        }
        Path dir = out != null ? out : RunService.defaultFinalDir(from);
        err.printf("final model %s: the configuration of %s on every row%n", dir, from);
        RunService.TrainOutcome r;
        try (Cancellation cancel = new Cancellation()) {
            r = RunService.trainFinal(from, dir, ProgressBar.onStderr(err, null), cancel);
        }
        report(o, r, json);
        return r.stop() == StopReason.DIVERGED ? EXIT_DIVERGED : r.stop() == StopReason.CANCELLED ? EXIT_CANCELLED : 0;
    }

    static Path defaultRunDir(RunSpec s) {
        return RunDirectory.defaultPath(s.preset() + "-" + s.model().separation());
    }

    static void report(PrintWriter o, RunService.TrainOutcome r, boolean json) {
        if (r.test() != null && r.data() != null && r.data().panel() != null) {
            o.printf("Stopped: %s after %d epoch%s, %d steps, %s (best epoch %d)%n", r.stop().description(),
                    r.epochs(), r.epochs() == 1 ? "" : "s", r.steps(), TrainingProgress.duration(r.seconds()),
                    r.bestEpoch());
            PanelTable.print(o, r.test(), r.baselines(), r.verdict(), r.panel());
            o.printf("Run directory: %s (metrics.json overall with the pooled baselines, %s per series, panel.json)%n",
                    r.runDir(), RunService.PANEL_METRICS);
        } else if (r.test() != null) {
            if (r.note() != null) {
                o.printf("Nothing to do: %s. The results below are the run's best model, as saved.%n", r.note());
            } else {
                o.printf("Stopped: %s after %d epoch%s, %d steps, %s (best epoch %d)%n", r.stop().description(),
                        r.epochs(), r.epochs() == 1 ? "" : "s", r.steps(), TrainingProgress.duration(r.seconds()),
                        r.bestEpoch());
            }
            o.printf("Test (%d windows, best epoch %d): MSE %.4f, MAE %.4f (z-scored); MSE %.4g, MAE %.4g (original"
                    + " units)%n", r.test().windows(), r.bestEpoch(), r.test().mse(), r.test().mae(),
                    r.test().mseOriginal(), r.test().maeOriginal());
            BaselineTable.print(o, r.test(), r.linearPart(), r.baselines(), false);
            if (r.verdict() != null) {
                o.println(r.verdict());
            }
            IntervalTable.print(o, r.intervals().report(), false);
            o.printf("Run directory: %s (forecast.csv with the intervals, intervals.json, metrics.json with every"
                    + " baseline per series, charts/)%n",
                    r.runDir());
        } else {
            o.printf("Stopped: %s; %s.%s Run directory: %s%n", r.stop().description(), r.note(),
                    r.stop().resumable() ? " Continue it with --resume " + r.runDir() + "." : "", r.runDir());
        }
        if (json) {
            o.println(Json.line(r.toJson()));
        }
        o.flush();
    }
}
