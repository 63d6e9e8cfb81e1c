package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.run.Json;
import org.hopcast.forecasting.service.RunService;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast evaluate}: test a trained run's best model. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a run's best model on the test split of its own data or of another file with the same"
                + " series (MSE/MAE normalized and in original units, overall and per series).")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunDirOptions runDir;

    @Option(names = "--input", paramLabel = "FILE", description = "Evaluate on this file instead (same series).")
    Path input;

    @Option(names = "--outliers", description = "Per-layer outlier statistics (kurtosis, infinity norm) of the FP32"
            + " model on the test split; written to RUN_DIR/outliers/ (CSV, JSON, charts).")
    boolean outliers;

    @Option(names = "--quantize", paramLabel = "SCHEME", description = "w8a8: fake-quantize weights (int8,"
            + " symmetric) and activations (uint8, calibrated) and compare test metrics with FP32.")
    String quantize;

    @Option(names = "--calibration-batches", paramLabel = "K", defaultValue = "16", description = "Training batches"
            + " used to calibrate activation ranges (default ${DEFAULT-VALUE}).")
    int calibrationBatches;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    CoverageOption coverage;

    @Override
    public Integer call() {
        if (outliers || quantize != null) {
            return study();
        }
        RunService.Evaluation e = RunService.evaluate(runDir.run, input, runDir.device, coverage.coverages());
        PrintWriter o = spec.commandLine().getOut();
        Metrics m = e.test();
        if (json) {
            o.println(Json.line(e.toJson()));
            return 0;
        }
        o.printf("Test split of %s: %d windows%n", e.source(), e.windows());
        o.printf("  overall   MSE %.4f  MAE %.4f (z-scored)   MSE %.4g  MAE %.4g (original units)%n", m.mse(), m.mae(),
                m.mseOriginal(), m.maeOriginal());
        for (Metrics.SeriesMetrics s : m.perSeries()) {
            o.printf("  %-9s MSE %.4f  MAE %.4f              MSE %.4g  MAE %.4g%n", s.series(), s.mse(), s.mae(),
                    s.mseOriginal(), s.maeOriginal());
        }
        BaselineTable.print(o, m, e.baselines(), true);
        if (e.verdict() != null) {
            o.println(e.verdict());
        }
        IntervalTable.print(o, e.intervals(), true);
        return 0;
    }

    private int study() {
        if (quantize != null && !quantize.equalsIgnoreCase("w8a8")) {
            throw new HopcastCli.UserError("--quantize supports w8a8, got '" + quantize + "'");
        }
        if (calibrationBatches < 1) {
            throw new HopcastCli.UserError("--calibration-batches must be at least 1");
        }
        RunService.Study s = RunService.study(runDir.run, input, runDir.device, outliers, quantize != null,
                calibrationBatches);
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(Json.line(s.toJson()));
            return 0;
        }
        o.printf("Test split of %s%n", s.source());
        if (s.outliers() != null) {
            var d = s.outliers().decoder();
            var a = s.outliers().all();
            o.printf("Outliers (FP32): decoder set (%d modules): avg kurtosis %.3f, max inf-norm %.3f at %s%n", d.paths(),
                    d.averageKurtosis(), d.maxInfNorm(), d.maxInfNormPath());
            o.printf("                 all modules (%d):      avg kurtosis %.3f, max inf-norm %.3f at %s%n", a.paths(),
                    a.averageKurtosis(), a.maxInfNorm(), a.maxInfNormPath());
            o.printf("  per layer: %s/outliers/outliers.csv, charts kurtosis.png and inf_norm.png%n", runDir.run);
        }
        if (s.quantization() != null) {
            var q = s.quantization();
            o.printf("W8A8 (calibrated on %d training batches, %d activation sites, %d weight tensors):%n",
                    q.calibrationBatches(), q.sites(), q.weights());
            o.printf("  FP32 MSE %.4f  MAE %.4f%n", q.fp().mse(), q.fp().mae());
            o.printf("  W8A8 MSE %.4f  MAE %.4f  (MSE %+.2f%%)%n", q.w8a8().mse(), q.w8a8().mae(), 100 * q.degradation());
        }
        return 0;
    }
}
