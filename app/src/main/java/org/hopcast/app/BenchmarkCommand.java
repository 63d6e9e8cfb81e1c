package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.settings.Settings;
import org.hopcast.forecasting.study.BenchmarkTable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast benchmark}: the STanHop/Crossformer paper table. */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The STanHop/Crossformer benchmark table: every dataset x horizon x separation x seed trained"
                + " with the protocol preset of its dataset and horizon (etth1-24, ...), any other option applying to"
                + " every cell (a budget: --max-minutes, --epochs). One row per dataset and horizon, MSE and MAE"
                + " (mean ± std over seeds) per separation, persistence beside them, the best per row in bold:"
                + " benchmark.md and benchmark.json in the output folder.",
            "Resumable like sweep; datasets that are not present are named with where to put them."})
final class BenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--datasets", paramLabel = "A,B", split = ",", required = true,
            description = "Known datasets, e.g. ETTh1,ETTm1,WTH,ILI.")
    List<String> datasets;

    @Option(names = "--horizons", paramLabel = "H,H", split = ",", required = true,
            description = "Forecast horizons, e.g. 24,48,168 (each needs a protocol preset for the dataset).")
    List<Integer> horizons;

    @Option(names = "--separations", paramLabel = "A,B", split = ",", defaultValue = "alpha-entmax,softmax_1",
            description = "Separation functions (default ${DEFAULT-VALUE}).")
    List<String> separations;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1", description = "Seeds per cell (default"
            + " ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--preset-family", paramLabel = "NAME", defaultValue = "crossformer",
            description = "Where the per-dataset settings come from: crossformer (stanhop.md 7.3; the only family).")
    String family;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/DATE-benchmark).")
    Path out;

    @Option(names = "--json", description = "End with one JSON line of the table.")
    boolean json;

    @Mixin
    RunOptions run;

    @Mixin
    GridRunnerOptions where;

    @Override
    public Integer call() {
        if (!family.equals("crossformer")) {
            throw new HopcastCli.UserError("--preset-family: only crossformer is known, got '" + family + "'");
        }
        if (seeds < 1) {
            throw new HopcastCli.UserError("--seeds must be at least 1");
        }
        SettingOptions.checkList("--separations", Settings.SEPARATION, separations);
        Map<String, Object> overrides = run.values();
        for (var owned : List.of(Settings.PRESET, Settings.DATASET, Settings.INPUT, Settings.SEPARATION,
                Settings.SEED, Settings.IN_LEN, Settings.OUT_LEN)) {
            if (overrides.containsKey(owned.key())) {
                throw new HopcastCli.UserError("--" + owned.key() + " is chosen per cell by the benchmark (use"
                        + " --datasets, --horizons, --separations, --seeds)");
            }
        }
        Path dir = out != null ? out : RunDirectory.defaultPath("benchmark");
        PrintWriter err = spec.commandLine().getErr();
        BenchmarkTable.Plan plan = new BenchmarkTable.Plan(datasets, horizons, separations, seeds, overrides);
        BenchmarkTable.Outcome o;
        try (Cancellation cancel = new Cancellation()) {
            o = BenchmarkTable.run(plan, dir, where.runner(dir, err, cancel));
        }
        PrintWriter p = spec.commandLine().getOut();
        p.print(BenchmarkTable.markdown(plan, o));
        p.printf("written: %s (benchmark.md, benchmark.json; <dataset>/<horizon>/<separation>/seed-<k>/ runs)%n", dir);
        if (json) {
            p.println(Json.line(o.toJson()));
        }
        return 0;
    }
}
