package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.study.Grid;
import org.hopcast.forecasting.study.GridRun;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast sweep}: an experiment grid, ranked by validation MSE. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train every combination of a grid file's settings (the keys of config files, each a value or a"
                + " list; plus 'evaluate: [outliers, w8a8]') and rank the cells by validation MSE, the test MSE"
                + " beside it: leaderboard.md, .csv, .json and .png in the output folder.",
            "Each cell is a run directory, OUT/cells/<id>/, done when its result.json is written: run the same"
                    + " command again to train only what is missing and resume half-trained cells."})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--grid", paramLabel = "FILE", required = true, description = "YAML or JSON grid file, e.g."
            + " {separation: [softmax, softmax_1], seed: [1, 2], preset: quick, max-minutes: 1}.")
    Path gridFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default runs/DATE-sweep).")
    Path out;

    @Mixin
    GridRunnerOptions where;

    @Option(names = "--json", description = "End with one JSON line of the ranked cells.")
    boolean json;

    @Override
    public Integer call() {
        Grid grid = ConfigFile.grid(gridFile);
        Path dir = out != null ? out : RunDirectory.defaultPath("sweep");
        PrintWriter err = spec.commandLine().getErr();
        int cells = grid.cells().size();
        err.printf("sweep %s: %d cell%s (%s varying)%n", dir, cells, cells == 1 ? "" : "s",
                grid.varying().isEmpty() ? "nothing" : String.join(", ", grid.varying()));
        GridRun.Outcome o;
        try (Cancellation cancel = new Cancellation()) {
            o = GridRun.run(grid, dir, where.runner(dir, err, cancel));
        }
        PrintWriter o2 = spec.commandLine().getOut();
        o2.print(GridRun.markdown(o));
        o2.printf("written: %s (leaderboard.md, .csv, .json, .png; cells/<id>/ run directories)%n", dir);
        if (o.failed() > 0) {
            o2.printf("%d cell%s failed (their rows say why); the others are ranked%n", o.failed(),
                    o.failed() == 1 ? "" : "s");
        }
        if (json) {
            o2.println(Json.line(o.toJson()));
        }
        return 0;
    }
}
