package org.hopcast.forecasting.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hopcast.forecasting.charts.BacktestCharts;
import org.hopcast.forecasting.eval.Backtest;
import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.run.files.AtomicFiles;
import org.hopcast.forecasting.run.files.CsvFiles;
import org.hopcast.forecasting.run.files.Json;

/**
 * What a backtest leaves in its output folder: backtest.json (the whole record), backtest.md (the table, the tests and
 * their reading), backtest.csv (the scores per origin and forecaster, with the model's interval coverage),
 * backtest-horizon.csv (per horizon step), backtest-forecasts.csv (the model's forecasts with their intervals) and the
 * two charts.
 */
public final class BacktestFiles {
    public static final String JSON = "backtest.json";
    public static final String MARKDOWN = "backtest.md";
    public static final String ORIGINS_CSV = "backtest.csv";
    public static final String HORIZON_CSV = "backtest-horizon.csv";
    /** The model's forecasts at the origins, in forecast.csv's columns (window: the origin's index). */
    public static final String FORECASTS_CSV = "backtest-forecasts.csv";

    /** The score columns: the components of {@link Metrics.Scores} under their JSON keys, in their order. */
    private static final java.lang.reflect.RecordComponent[] COMPONENTS = Metrics.Scores.class.getRecordComponents();
    private static final List<String> SCORES = java.util.Arrays.stream(COMPONENTS).map(c -> Json.key(c.getName()))
            .toList();

    private BacktestFiles() {
    }

    /** Writes every file into {@code dir} (created when missing); returns their paths. */
    public static List<Path> write(RunService.Backtested run, Path dir) {
        Backtest b = run.report();
        try {
            Files.createDirectories(dir);
            List<Path> files = new ArrayList<>();
            files.add(dir.resolve(JSON));
            Json.write(files.get(0), b);
            Path md = dir.resolve(MARKDOWN);
            AtomicFiles.writeString(md, b.toMarkdown());
            files.add(md);
            files.add(originsCsv(b, dir.resolve(ORIGINS_CSV)));
            files.add(horizonCsv(b, dir.resolve(HORIZON_CSV)));
            Path forecasts = dir.resolve(FORECASTS_CSV);
            run.forecasts().writeCsv(forecasts, run.table(), run.scaler());
            files.add(forecasts);
            files.addAll(BacktestCharts.write(b, dir));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the backtest into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path originsCsv(Backtest b, Path file) throws IOException {
        List<String> coverages = b.origins().get(0).coverage().keySet().stream().toList();
        CsvFiles.write(file, csv -> {
            csv.print("origin");
            csv.print("row");
            csv.print("forecaster");
            for (String s : SCORES) {
                csv.print(s);
            }
            for (String c : coverages) {
                csv.print("coverage_" + c);
            }
            csv.println();
            for (Backtest.Origin o : b.origins()) {
                for (Map.Entry<String, Metrics.Scores> e : o.scores().entrySet()) {
                    csv.print(o.time());
                    csv.print(o.row());
                    csv.print(e.getKey());
                    printScores(csv, e.getValue());
                    for (String c : coverages) {
                        // the intervals are the model's
                        csv.print(e.getKey().equals(Backtest.MODEL) ? o.coverage().get(c) : "");
                    }
                    csv.println();
                }
            }
        });
        return file;
    }

    private static Path horizonCsv(Backtest b, Path file) throws IOException {
        CsvFiles.write(file, csv -> {
            csv.print("forecaster");
            csv.print("step");
            for (String s : SCORES) {
                csv.print(s);
            }
            csv.println();
            for (var e : b.horizonSteps().entrySet()) {
                for (int h = 0; h < e.getValue().size(); h++) {
                    csv.print(e.getKey());
                    csv.print(h + 1);
                    printScores(csv, e.getValue().get(h));
                    csv.println();
                }
            }
        });
        return file;
    }

    private static void printScores(org.apache.commons.csv.CSVPrinter csv, Metrics.Scores s) throws IOException {
        for (java.lang.reflect.RecordComponent c : COMPONENTS) {
            try {
                Object v = c.getAccessor().invoke(s);
                csv.print(v == null ? "" : v); // an undefined MASE or WAPE: an empty cell
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
