package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.quant.QuantScheme;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.service.MemoryEvaluation;
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

    @Option(names = "--quantize", paramLabel = "SCHEME", description = "wXaY: fake-quantize weights (X bits,"
            + " symmetric) and activations (Y bits, asymmetric, calibrated) and compare test metrics with FP32 (w8a8"
            + " is the OutEffHop protocol; X and Y from 2 to 16, e.g. w4a8, w8a4); sweep: every wXaY of 8, 6 and 4"
            + " bits, with a chart of test MSE against bits (RUN_DIR/quantization-sweep.png).")
    String quantize;

    @Option(names = "--weight-granularity", paramLabel = "G", defaultValue = "per-tensor", description = "Weight"
            + " scales: per-tensor (default, the paper's) or per-channel (one per output channel).")
    String weightGranularity;

    @Option(names = "--calibration-batches", paramLabel = "K", defaultValue = "16", description = "Training batches"
            + " used to calibrate activation ranges (default ${DEFAULT-VALUE}).")
    int calibrationBatches;

    @Mixin
    MemoryOptions memoryOptions;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    CoverageOption coverage;

    @Override
    public Integer call() {
        if (outliers || quantize != null) {
            return study();
        }
        if (runDir.series == null && org.hopcast.forecasting.run.RunDirectory.open(runDir.run).dataInfo().isPanel()) {
            if (memoryOptions.request() != null && memoryOptions.request().on()) {
                throw new HopcastCli.UserError("--memory: a run over many series takes a memory one series at a time:"
                        + " choose it with --series");
            }
            org.hopcast.forecasting.eval.PanelEvaluation p = RunService.evaluatePanel(runDir.run, input, runDir.device);
            PrintWriter o = spec.commandLine().getOut();
            if (json) {
                o.println(Json.line(p));
                return 0;
            }
            PanelTable.print(o, p.overall(), p.baselines(), p.baselines().verdict(Double.NaN, p.overall().mse()), p);
            return 0;
        }
        MemoryEvaluation.Request asked = memoryOptions.request();
        RunService.Evaluation e = RunService.evaluate(runDir.run, input, runDir.device, coverage.coverages(), asked,
                runDir.series);
        PrintWriter o = spec.commandLine().getOut();
        Metrics m = e.test();
        if (json) {
            o.println(Json.line(e.toJson()));
            return 0;
        }
        o.printf("Test split of %s: %d windows%n", e.source(), e.windows());
        o.printf("  overall   MSE %.4f  MAE %.4f (z-scored)   MSE %.4g  MAE %.4g (original units)%n", m.mse(), m.mae(),
                m.mseOriginal(), m.maeOriginal());
        o.printf("  overall   RMSE %.4f  bias %+.4f (z-scored)   MASE %s  sMAPE %.2f%%  WAPE %s (see backtest for"
                + " these over many origins)%n", m.rmse(), m.bias(), m.mase() == null ? "-" : String.format(
                        java.util.Locale.ROOT, "%.3f", m.mase()), m.smape(), m.wape() == null ? "-"
                        : String.format(java.util.Locale.ROOT, "%.2f%%", m.wape()));
        for (Metrics.SeriesMetrics s : m.perSeries()) {
            o.printf("  %-9s MSE %.4f  MAE %.4f              MSE %.4g  MAE %.4g%n", s.series(), s.mse(), s.mae(),
                    s.mseOriginal(), s.maeOriginal());
        }
        BaselineTable.print(o, m, e.linearPart(), e.baselines(), true);
        if (e.verdict() != null) {
            o.println(e.verdict());
        }
        IntervalTable.print(o, e.intervals(), true);
        if (e.memory() != null) {
            MemoryTable.print(o, e.memory());
        }
        return 0;
    }

    private int study() {
        List<QuantScheme> schemes;
        try {
            schemes = quantize == null ? List.of()
                    : QuantScheme.parseList(quantize, QuantScheme.perChannel(weightGranularity));
        } catch (IllegalArgumentException e) {
            throw new HopcastCli.UserError("--quantize/--weight-granularity: " + e.getMessage());
        }
        if (calibrationBatches < 1) {
            throw new HopcastCli.UserError("--calibration-batches must be at least 1");
        }
        RunService.Study s = RunService.study(runDir.run, input, runDir.device, outliers, schemes, calibrationBatches,
                runDir.series);
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
            var h = s.outliers().headMeans();
            if (!h.isEmpty()) {
                o.printf("Heads (%.0f in %.0f Hopfield layers, means): top-1 mass %.3f, entropy %.3f, share on the"
                        + " lowest-norm patterns %.3f (uniform %.3f)%s%n", h.get("heads"), h.get("layers"),
                        h.get("top1_mass"), h.get("entropy"), h.get("low_norm_share"), h.get("uniform_low_norm_share"),
                        s.outliers().reportsNullMass() ? String.format(java.util.Locale.ROOT, ", null mass %.3f (max"
                                + " %.3f)", h.get("null_mass"), h.get("max_null_mass")) : "");
            }
            o.printf("  per layer: %s/outliers/outliers.csv, per head: heads.csv, charts kurtosis.png and"
                    + " inf_norm.png%n", s.files());
        }
        if (s.quantization() != null) {
            var first = s.quantization().results().get(0);
            o.printf("Fake quantization (calibrated on %d training batches, %d activation sites, %d weight tensors):%n",
                    first.calibrationBatches(), first.sites(), first.weights());
            o.printf("  %-22s MSE %.4f  MAE %.4f%n", "FP32", first.fp().mse(), first.fp().mae());
            for (var q : s.quantization().results()) {
                o.printf("  %-22s MSE %.4f  MAE %.4f  (MSE %+.2f%% of FP32)%n", q.scheme().name().toUpperCase(
                        java.util.Locale.ROOT), q.quantized().mse(), q.quantized().mae(), 100 * q.degradation());
            }
            if (s.quantization().results().size() > 1) {
                o.printf("  written: %s/quantization-sweep.json and quantization-sweep.png%n", s.files());
            }
        }
        return 0;
    }
}
