package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.eval.Backtest;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.service.BacktestFiles;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.settings.RunSettings;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast backtest}: a trained run's model forecasting from every past origin, beside the baselines. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Rolling-origin evaluation of a run's model: its forecasts from every STEP-th origin of a period"
                + " (the test split by default) against what happened, beside the baselines; MSE, MAE, RMSE, MASE,"
                + " sMAPE, WAPE and bias per origin, per horizon step and overall, and Diebold-Mariano tests of the"
                + " model against each baseline. Writes backtest.json/.md/.csv and two charts.")
final class BacktestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** What is backtested: a trained run, or a configuration trained first. */
    static final class Source {
        @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "The trained run.")
        Path run;

        @Option(names = "--config", paramLabel = "FILE", required = true, description = "A configuration file (the"
                + " keys of train's): trained first into OUT/run (reused when it finished, resumed when it stopped),"
                + " then backtested.")
        Path config;
    }

    @Option(names = "--device", paramLabel = "D", defaultValue = "auto", description = "auto, cpu or gpu.")
    String device;

    @Option(names = "--input", paramLabel = "FILE", description = "Backtest on this file instead (same series).")
    Path input;

    @Option(names = "--from", paramLabel = "DATE", description = "The first origin: the first row at or after DATE"
            + " (a row number for a file without timestamps). Default: the test split's first.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "The last origin: the last row at or before DATE."
            + " Default: the test split's last.")
    String to;

    @Option(names = "--step", paramLabel = "N", defaultValue = "1", description = "Rows between origins (default"
            + " ${DEFAULT-VALUE}: every row).")
    int step;

    @Option(names = "--refit-every", paramLabel = "K", description = "Retrain the run's configuration (for the epochs"
            + " it needed) on the rows before every K-th origin only, and forecast that origin and the next K - 1 with"
            + " it; the linear baseline is refitted the same way. Default: no refit, the run's model forecasts every"
            + " origin.")
    Integer refitEvery;

    @Option(names = "--window", paramLabel = "W", description = "The rows a refit trains on: expanding (from the"
            + " file's first row, default) or sliding (the run's training length back from the origin).")
    String window;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the files go (default RUN_DIR/backtest, or"
            + " RUN_DIR/series/ID/backtest for one series of many).")
    Path out;

    @Option(names = "--series", paramLabel = "ID", description = "For a run over many series: backtest this series"
            + " (its id as panel.json names it) with the run's model.")
    String series;

    @Mixin
    GridRunnerOptions where;

    @Option(names = "--json", description = "Print the whole backtest as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Path dir = out != null ? out : source.run != null ? (series == null ? source.run
                : RunDirectory.open(source.run).seriesDir(series)).resolve("backtest") : RunDirectory.defaultPath("backtest");
        RunService.Backtested run;
        PrintWriter err = spec.commandLine().getErr();
        try (Cancellation cancel = new Cancellation()) {
            ProgressBar progress = ProgressBar.onStderr(err, null);
            Path trained = source.run;
            if (trained == null) {
                RunSpec settings = configured();
                trained = RunService.trained(settings, dir.resolve("run"), progress, cancel);
            }
            run = RunService.backtest(new RunService.BacktestRequest(trained, input, from, to, step, refitEvery,
                    window, dir, device, where.refits(dir, err), series), progress, cancel);
        } catch (IllegalArgumentException e) {
            throw new HopcastCli.UserError(e.getMessage());
        }
        List<Path> files = BacktestFiles.write(run, dir);
        Backtest b = run.report();
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.line(b));
            return 0;
        }
        o.print(b.toMarkdown());
        o.println();
        o.println("written: " + String.join(", ", files.stream().map(Path::toString).toList()));
        return 0;
    }

    /** The configuration file's run, or a user error naming the file and the setting. */
    private RunSpec configured() {
        try {
            return RunSettings.resolve(ConfigFile.read(source.config));
        } catch (IllegalArgumentException e) {
            throw SettingOptions.userError("config file " + source.config + ": " + e.getMessage(), e);
        }
    }
}
