package org.hopcast.app;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.service.MemoryEvaluation;
import org.hopcast.forecasting.service.RunService;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast memory}: build, tune and evaluate a trained run's external memories, nothing retrained. */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = "STanHop-Net's external memory beside a trained run, without training it again: build the banks"
                + " (their source rows into RUN_DIR/memory/), choose Plug-and-Play's setting on validation or tune"
                + " Tune-and-Play, and compare the test windows with and without each memory, the sudden ones apart.")
final class MemoryCommand implements Callable<Integer> {
    static final List<String> BANKS = List.of("train", "events", "stream", "shuffled");

    @Spec
    CommandSpec spec;

    @Mixin
    RunDirOptions runDir;

    @Option(names = "--memory", paramLabel = "M", split = ",", defaultValue = "pnp", description = "The plug-ins to"
            + " evaluate, comma-separated: pnp (Plug-and-Play, default) and/or tnp (Tune-and-Play: on the training"
            + " windows, or over the stream bank on the first 20% of the test stream).")
    List<String> modules;

    @Option(names = "--bank", paramLabel = "B", split = ",", defaultValue = "train,events,stream,shuffled",
            description = "The banks, comma-separated (default: all four, the shuffled control among them).")
    List<String> banks;

    @Option(names = "--memory-lambda", paramLabel = "X", description = "Fix lambda in [0, 1] instead of choosing it"
            + " on validation.")
    Double lambda;

    @Option(names = "--bank-stride", paramLabel = "N", defaultValue = "1", description = "Rows between the banks'"
            + " training windows (default ${DEFAULT-VALUE}; 4 for long files).")
    int stride;

    @Option(names = "--build-only", description = "Build the banks and write their rows; evaluate nothing.")
    boolean buildOnly;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        List<MemoryEvaluation.Request> requests = requests();
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", runDir.run.toString());
        if (buildOnly) {
            List<MemoryEvaluation.Built> built = RunService.memoryBanks(runDir.run, banks, stride, runDir.series);
            out.put("banks", built);
            if (json) {
                o.println(Json.line(out));
                return 0;
            }
            o.println("bank       windows  stride  first window's row  last window's row  known from row      MB  rows");
            for (MemoryEvaluation.Built b : built) {
                o.printf(Locale.ROOT, "%-10s %7d  %6d  %18d  %17d  %14d  %6.1f  %s%n", b.bank(), b.windows(),
                        b.stride(), b.firstStart(), b.lastStart(), b.firstKnown(), b.megabytes(), b.bankFile());
            }
            return 0;
        }
        List<MemoryEvaluation> done = new ArrayList<>();
        RunService.memory(runDir.run, runDir.device, requests, m -> {
            done.add(m);
            if (!json) {
                MemoryTable.print(o, m);
                o.println();
                o.flush();
            } else {
                err.printf("%s over %s: done (%d of %d)%n", m.kind(), m.bank(), done.size(), requests.size());
                err.flush();
            }
        }, runDir.series);
        if (json) {
            out.put("evaluations", done);
            o.println(Json.line(out));
            return 0;
        }
        MemoryTable.summary(o, done);
        return 0;
    }

    /** Every module over every bank, or a user error naming the option. */
    private List<MemoryEvaluation.Request> requests() {
        List<MemoryEvaluation.Request> out = new ArrayList<>();
        for (String b : banks) {
            if (!BANKS.contains(b.trim().toLowerCase(Locale.ROOT))) {
                throw new HopcastCli.UserError("--bank: '" + b + "' is not one of " + String.join(", ", BANKS));
            }
        }
        for (String m : modules) {
            String k = m.trim().toLowerCase(Locale.ROOT);
            if (!k.equals("pnp") && !k.equals("tnp")) {
                throw new HopcastCli.UserError("--memory: '" + m + "' is not pnp or tnp");
            }
            for (String b : banks) {
                try {
                    out.add(new MemoryEvaluation.Request(k, b.trim(), lambda, stride));
                } catch (IllegalArgumentException e) {
                    throw new HopcastCli.UserError("--memory/--bank/--memory-lambda/--bank-stride: " + e.getMessage());
                }
            }
        }
        return out;
    }
}
