package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.inspect.LayerInspection;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.service.RunService;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast inspect}: look inside one Hopfield layer of a trained run. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Write one Hopfield layer's association map (heatmap PNG and CSV), learned alpha and output"
                + " statistics on one test window.", "With --layer list, print the layers' paths."})
final class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunDirOptions runDir;

    @Option(names = "--layer", paramLabel = "PATH", required = true, description = "A layer path (e.g."
            + " decoder.layer1.cross.hopfield), or 'list'.")
    String layer;

    @Option(names = "--head", paramLabel = "H", defaultValue = "0", description = "Head (default 0).")
    int head;

    @Option(names = "--window", paramLabel = "I", defaultValue = "0", description = "Test window (default 0).")
    int window;

    @Option(names = "--row", paramLabel = "R", defaultValue = "0", description = "Row of the layer's batch for that"
            + " window: the series of a time or cross association, the segment of a series association (default 0).")
    int row;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for association.png/.csv and layer.json"
            + " (default RUN_DIR/inspect/PATH-hH-wI-rR).")
    Path out;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        if (layer.equals("list")) {
            RunService.layers(runDir.run).forEach(o::println);
            return 0;
        }
        Path dir = out != null ? out
                : runDir.filesDir().resolve("inspect").resolve(layer + "-h" + head + "-w" + window + "-r" + row);
        LayerInspection i = RunService.inspect(runDir.run, layer, head, window, row, dir, runDir.device, runDir.series);
        if (json) {
            Map<String, Object> m = i.toJson();
            m.put("out", dir.toString());
            o.println(Json.line(m));
            return 0;
        }
        o.printf("%s, head %d, test window %d, row %d of %d (%s): %d queries x %d stored patterns%n", i.path(),
                i.head(), i.window(), i.row(), i.rows(), i.rowLabel(), i.weights().length, i.weights()[0].length);
        o.printf("  alpha %s, output kurtosis %.3f, inf-norm %.3f%n", Double.isNaN(i.alpha()) ? "(none: fixed"
                + " separation)" : String.format("%.4f", i.alpha()), i.statistics().meanKurtosis(),
                i.statistics().meanInfNorm());
        o.printf("  written: %s (association.png, association.csv, layer.json%s)%n", dir,
                i.memory() == null ? "" : ", memory.csv: the pooling's learned patterns");
        return 0;
    }
}
