package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.quant.QuantizationStudy;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.settings.Settings;
import org.hopcast.forecasting.study.CompareStudy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast compare}: the OutEffHop variant study. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train every separation function with every seed on the same data and budget, then compare FP32"
                + " MSE, W8A8 MSE, average kurtosis and max infinity norm (the layout of the OutEffHop paper's Table 1).",
            "Resumable: run the same command again after an interruption; finished cells are not retrained."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--separations", paramLabel = "A,B,...", split = ",", required = true,
            description = "Separation functions to compare, e.g. softmax,softmax_1,alpha-entmax,gated-softmax_1.")
    List<String> separations;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3", description = "Seeds per function (default"
            + " ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--out", paramLabel = "DIR", description = "Study folder (default runs/DATE-compare).")
    Path out;

    @Option(names = "--calibration-batches", paramLabel = "K", defaultValue = "" + QuantizationStudy.DEFAULT_CALIBRATION_BATCHES,
            description = "W8A8 calibration batches (default ${DEFAULT-VALUE}).")
    int calibrationBatches;

    @Option(names = "--json", description = "End with one JSON line of the table.")
    boolean json;

    @Option(names = "--finished-only", description = "Train nothing: write the table, heads and curves from the cells"
            + " finished so far (a study stopped early or still running), each variant over the seeds it has.")
    boolean finishedOnly;

    @Mixin
    RunOptions run;

    @Mixin
    GridRunnerOptions where;

    @Override
    public Integer call() {
        if (seeds < 1 || calibrationBatches < 1) {
            throw new HopcastCli.UserError("--seeds and --calibration-batches must be at least 1");
        }
        SettingOptions.checkList("--separations", Settings.SEPARATION, separations);
        if (run.given(Settings.SEPARATION) != null) {
            throw new HopcastCli.UserError("use --separations (the functions to compare), not --separation");
        }
        RunSpec base = run.resolve();
        Path dir = out != null ? out
                : RunDirectory.defaultPath("compare");
        PrintWriter err = spec.commandLine().getErr();
        err.printf("study %s: %s x %d seeds, preset %s%n", dir, separations, seeds, base.preset());
        CompareStudy.Outcome study;
        try (Cancellation cancel = new Cancellation()) {
            study = CompareStudy.run(base, separations, seeds, dir, calibrationBatches, where.runner(dir, err, cancel),
                    finishedOnly);
        }
        PrintWriter o = spec.commandLine().getOut();
        o.print(CompareStudy.markdown(base, study.rows(), study.baselines()));
        o.printf("written: %s (table.md, table.csv, table.json, mse.png, outliers.png; with tracking and the sweep also"
                + " curve-max-inf-norm.png, curve-kurtosis.png, quantization.png)%n", dir);
        if (json) {
            o.println(Json.line(study.toJson(dir)));
        }
        return 0;
    }
}
