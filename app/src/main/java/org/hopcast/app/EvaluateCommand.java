package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.BatchRunner;
import org.hopcast.forecasting.eval.Metrics;

import picocli.CommandLine.Command;
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

    @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "The run directory.")
    Path run;

    @Option(names = "--input", paramLabel = "FILE", description = "Evaluate on this file instead (same series).")
    Path input;

    @Option(names = "--device", paramLabel = "D", defaultValue = "auto", description = "auto, cpu or gpu.")
    String device;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        BatchRunner.Evaluation e = BatchRunner.evaluate(run, input, device);
        PrintWriter o = spec.commandLine().getOut();
        Metrics m = e.test();
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("source", e.source());
            j.put("windows", e.windows());
            j.put("test_mse", m.mse());
            j.put("test_mae", m.mae());
            j.put("test_mse_original", m.mseOriginal());
            j.put("test_mae_original", m.maeOriginal());
            j.put("persistence_mse", e.persistenceMse());
            j.put("per_series", m.perSeries());
            o.println(Json.write(j));
            return 0;
        }
        o.printf("Test split of %s: %d windows%n", e.source(), e.windows());
        o.printf("  overall   MSE %.4f  MAE %.4f (z-scored)   MSE %.4g  MAE %.4g (original units)%n", m.mse(), m.mae(),
                m.mseOriginal(), m.maeOriginal());
        for (Metrics.SeriesMetrics s : m.perSeries()) {
            o.printf("  %-9s MSE %.4f  MAE %.4f              MSE %.4g  MAE %.4g%n", s.series(), s.mse(), s.mae(),
                    s.mseOriginal(), s.maeOriginal());
        }
        o.printf("  persistence baseline MSE %.4f%n", e.persistenceMse());
        return 0;
    }
}
