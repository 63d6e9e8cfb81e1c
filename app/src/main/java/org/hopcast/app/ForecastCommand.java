package org.hopcast.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hopcast.forecasting.eval.FutureForecast;
import org.hopcast.forecasting.eval.PredictionIntervals;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.service.MemoryEvaluation;
import org.hopcast.forecasting.service.RunService;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hopcast forecast}: the next out_len steps after the end of a file. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Forecast the next out_len steps after the last row of a file, with their timestamps (the file's"
                + " step continued), in original units.")
final class ForecastCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunDirOptions runDir;

    @Option(names = "--input", paramLabel = "FILE", required = true, description = "The series to continue (same"
            + " series as the model's; at least in_len rows).")
    Path input;

    @Option(names = "--future", paramLabel = "FILE", description = "The future covariates over the forecast period"
            + " (a CSV with the time column and the model's future-covariates columns), for a model that takes them.")
    Path future;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the forecast as CSV here.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin
    CoverageOption coverage;

    @Mixin
    MemoryOptions memory;

    @Override
    public Integer call() {
        if (runDir.series == null && org.hopcast.forecasting.run.RunDirectory.open(runDir.run).dataInfo().isPanel()) {
            return panel();
        }
        RunService.Forecasted forecasted = RunService.forecast(runDir.run, input, future, out, runDir.device,
                coverage.coverages(), memory.request(), runDir.series);
        FutureForecast f = forecasted.forecast();
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> j = f.toJson();
            j.put("out", out == null ? null : out.toString());
            if (forecasted.memory() != null) {
                j.put("memory", forecasted.memory());
            }
            o.println(Json.line(j));
            return 0;
        }
        StringBuilder header = new StringBuilder(String.format("%-20s", "timestamp"));
        f.series().forEach(s -> header.append(String.format(" %12s", s.length() > 12 ? s.substring(0, 12) : s)));
        FutureForecast.Bands b = f.bands();
        int widest = b == null ? -1 : b.coverages().size() - 1;
        if (b != null) {
            header.append(String.format("   (%s%% interval of the last series)", PredictionIntervals.percent(
                    b.coverages().get(widest))));
        }
        o.println(header);
        int last = f.series().size() - 1;
        for (int h = 0; h < f.values().length; h++) {
            StringBuilder line = new StringBuilder(String.format("%-20s", f.timestamps().get(h)));
            for (float v : f.values()[h]) {
                line.append(String.format(" %12.4f", v));
            }
            if (b != null) {
                line.append(String.format("   [%.4f, %.4f]", b.lower()[widest][h][last], b.upper()[widest][h][last]));
            }
            o.println(line);
        }
        if (b != null) {
            o.printf("Intervals: %s conformal at %s, calibrated by the run %s%s%n", b.method(), b.coverages().stream()
                    .map(c -> PredictionIntervals.percent(c) + "%").toList(), b.validatedBy(),
                    out == null ? "" : "; every series' bounds are in the CSV");
        }
        if (forecasted.memory() != null) {
            MemoryEvaluation.Used m = forecasted.memory();
            o.printf("Memory %s, bank %s (%d windows, %d known before the input's end): %s, chosen on %s; %s%n",
                    m.kind(), m.bank(), m.bankSize(), m.usableWindows(), m.setting(), m.chosenOn(), m.note());
        }
        if (out != null) {
            o.println("written to " + out);
        }
        return 0;
    }

    /** Every series of a file forecast by a run over many series: CSV rows (to --out, else printed). */
    private int panel() {
        if (memory.request() != null && memory.request().on() || coverage.coverages() != null) {
            throw new HopcastCli.UserError("a run over many series forecasts every series' points; for one series'"
                    + " intervals or memory, choose it with --series");
        }
        PrintWriter o = spec.commandLine().getOut();
        RunService.PanelForecast p = RunService.forecastPanel(runDir.run, input, future, out, runDir.device);
        if (json) {
            Map<String, Object> j = new java.util.LinkedHashMap<>();
            j.put("series", p.ids());
            j.put("forecasts", p.forecasts().stream().map(FutureForecast::toJson).toList());
            j.put("not_forecast", p.notForecast());
            j.put("out", out == null ? null : out.toString());
            o.println(Json.line(j));
            return 0;
        }
        if (out == null) {
            o.print(p.csv());
        }
        o.printf("%d series forecast%s%n", p.ids().size(), out == null ? "" : ", written to " + out);
        if (!p.notForecast().isEmpty()) {
            o.printf("%d not forecast; the first: %s%n", p.notForecast().size(),
                    p.notForecast().entrySet().iterator().next());
        }
        return 0;
    }
}
