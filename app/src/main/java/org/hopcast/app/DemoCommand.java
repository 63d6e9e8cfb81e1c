package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.settings.RunSettings;
import org.hopcast.forecasting.settings.Settings;
import org.hopcast.forecasting.train.TrainingProgress;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hopcast demo}: the README's main job. Trains a compact STanHop-Net (alpha-entmax) and its OutEffHop
 * twin (softmax_1) on the built-in ETTh1 for a few minutes each and compares them with persistence.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a compact STanHop-Net (alpha-entmax) and its OutEffHop twin (softmax_1) on the built-in"
                + " ETTh1 (168 -> 24) for a few minutes each; print test MSE/MAE beside the persistence baseline.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "3", description = "Training time per model"
            + " (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = Settings.DEFAULT_PRESET,
            description = "Configuration of both models (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the two runs (default runs/DATE-demo).")
    Path out;

    @Option(names = "--json", description = "End with one JSON line of the results.")
    boolean json;

    @Override
    public Integer call() {
        if (!(minutes > 0)) {
            throw new HopcastCli.UserError("--minutes must be positive");
        }
        Path base = out != null ? out
                : RunDirectory.defaultPath("demo");
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String[]> rows = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        List<Map<String, Object>> results = new ArrayList<>();
        Baselines baselines = null;
        String[][] models = {{"alpha-entmax", "STanHop-Net (alpha-entmax)"}, {"softmax_1", "OutEffHop (softmax_1)"}};
        try (Cancellation cancel = new Cancellation()) {
            for (String[] model : models) {
                Map<String, Object> settings = new LinkedHashMap<>();
                settings.put("preset", preset);
                settings.put("separation", model[0]);
                settings.put("max-minutes", minutes);
                RunSpec runSpec;
                try {
                    runSpec = RunSettings.resolve(settings);
                } catch (IllegalArgumentException e) {
                    throw new HopcastCli.UserError(e.getMessage());
                }
                Path dir = base.resolve(model[0]);
                err.printf("%n== %s: %s, up to %s of training -> %s%n", model[1], runSpec.preset(),
                        TrainingProgress.duration(minutes * 60), dir);
                RunService.TrainOutcome r = RunService.train(runSpec, dir,
                        ProgressBar.onStderr(err, model[0]), cancel);
                if (r.test() == null || r.stop() == StopReason.CANCELLED) {
                    o.printf("%s stopped (%s) before a tested model existed.%n", model[1], r.stop().description());
                    return r.stop() == StopReason.CANCELLED ? TrainCommand.EXIT_CANCELLED : 1;
                }
                baselines = r.baselines(); // the same windows for both models
                rows.add(new String[] {model[1], String.format("%.4f", r.test().mse()), String.format("%.4f", r.test().mae()),
                    Integer.toString(r.epochs()), r.runDir().toString(),
                    r.linearPart() == null ? "-" : String.format("%.4f", r.linearPart().mse())});
                verdicts.add(model[1] + (r.beatsBaselines() ? " beats every baseline on validation and test."
                        + layersAdded(r) : ": " + r.verdict()));
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("model", model[0]);
                j.put("test_mse", r.test().mse());
                j.put("test_mae", r.test().mae());
                j.put("epochs", r.epochs());
                j.put("params", r.parameters());
                j.put("run_dir", r.runDir().toString());
                j.put("beats_baselines", r.beatsBaselines());
                if (r.linearPart() != null) {
                    j.put("linear_part_mse", r.linearPart().mse());
                }
                results.add(j);
                if (r.verdict() != null) {
                    err.println(model[1] + ": " + r.verdict());
                }
            }
        }
        o.println();
        o.printf("ETTh1 168 -> 24, test split (2857 windows), z-scored:%n");
        o.printf("%-30s %9s %9s %7s %12s  %s%n", "model", "MSE", "MAE", "epochs", "linear part", "run directory"
                + " (charts/ inside)");
        for (String[] r : rows) {
            o.printf("%-30s %9s %9s %7s %12s  %s%n", r[0], r[1], r[2], r[3], r[5], r[4]);
        }
        for (Baselines.Result b : baselines.results()) {
            o.printf("%-30s %9.4f %9.4f%n", b.name() + " (baseline)", b.test().mse(), b.test().mae());
        }
        if (rows.stream().anyMatch(r -> !r[5].equals("-"))) {
            o.println("(linear part: the model's linear path alone, its test MSE without the Hopfield layers' correction)");
        }
        verdicts.forEach(o::println);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("models", results);
            m.put("persistence_mse", baselines.get(Baselines.PERSISTENCE).test().mse());
            m.put("baselines", baselines.testMse());
            m.put("out", base.toString());
            o.println(Json.line(m));
        }
        return 0;
    }

    /** What the Hopfield layers added to a model that beats the baselines: nothing yet, or the linear part's change. */
    private static String layersAdded(RunService.TrainOutcome r) {
        if (r.linearPart() == null) {
            return "";
        }
        if (r.bestEpoch() == 0) {
            return " It is still its start (the linear path's mix of the baselines' maps, chosen on validation): no"
                    + " epoch of training improved on it.";
        }
        return String.format(java.util.Locale.ROOT, " The Hopfield layers take its linear part from %.4f to %.4f.",
                r.linearPart().mse(), r.test().mse());
    }
}
