package org.hopcast.forecasting.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.hopcast.datasets.IoErrors;
import org.hopcast.forecasting.charts.BarCharts;
import org.hopcast.forecasting.run.files.AtomicFiles;
import org.hopcast.forecasting.run.files.CsvFiles;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.settings.Setting;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.forecasting.train.TrainingProgress;

/**
 * Runs an experiment grid and writes its leaderboard: cells ranked by validation MSE (test MSE beside it, never
 * used to choose) as {@code leaderboard.md}, {@code .csv}, {@code .json} and {@code leaderboard.png}. Where the
 * cells run is a {@link Runner}: one after another in this process, or on an engine such as Apache Spark (the
 * command line's {@code --spark-master}); every runner runs each cell with {@link CellJob}, so a cell's numbers
 * do not depend on where it ran, and a grid resumes wherever it stopped.
 */
public final class GridRun {
    /** The grid as run, in its folder (what was asked, for the record and for a resume). */
    public static final String GRID = "grid.json";

    private GridRun() {
    }

    /** Runs cells and returns their results in the cells' order. */
    public interface Runner {
        List<CellResult> run(Path out, List<Grid.Cell> cells, Grid.Evaluation evaluate);

        /** Where the cells run, in words ("in-process", "spark local[2]"). */
        String describe();
    }

    /** Cells one after another in this process, each with its own listener. */
    public static Runner inProcess(Function<Grid.Cell, TrainingListener> listeners, BooleanSupplier cancelled,
            java.util.function.Consumer<String> progress) {
        return new Runner() {
            @Override
            public List<CellResult> run(Path out, List<Grid.Cell> cells, Grid.Evaluation evaluate) {
                List<CellResult> results = new ArrayList<>();
                long t0 = System.nanoTime();
                int trained = 0;
                for (int i = 0; i < cells.size(); i++) {
                    Grid.Cell c = cells.get(i);
                    CellResult r = CellJob.done(out, c);
                    if (r == null || !CellJob.missingMemory(r, evaluate).isEmpty()) {
                        // trained, or a finished cell given the memory evaluations the grid now asks for
                        r = CellJob.run(out, c, evaluate, listeners.apply(c), cancelled);
                        trained++;
                    }
                    results.add(r);
                    long failed = results.stream().filter(x -> !x.ok()).count();
                    double perCell = trained == 0 ? Double.NaN : (System.nanoTime() - t0) / 1e9 / trained;
                    progress.accept(String.format(Locale.ROOT, "cell %d/%d %s: %s; %d done, %d failed, ETA %s", i + 1,
                            cells.size(), c.id(), r.ok() ? String.format(Locale.ROOT, "val %.4f, test %.4f",
                            r.valMse(), r.testMse()) : "failed: " + r.error(), i + 1 - failed, failed,
                            TrainingProgress.duration(perCell * (cells.size() - i - 1))));
                }
                return results;
            }

            @Override
            public String describe() {
                return "in-process";
            }
        };
    }

    /** A grid's leaderboard. */
    public record Outcome(Path out, Grid grid, List<CellResult> ranked, String where) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("out", out.toString());
            m.put("where", where);
            m.put("varying", grid.varying());
            m.put("cells", ranked);
            return m;
        }

        public long failed() {
            return ranked.stream().filter(r -> !r.ok()).count();
        }
    }

    /** Runs (or resumes) the grid into {@code out} on {@code runner} and writes the leaderboard. */
    public static Outcome run(Grid grid, Path out, Runner runner) {
        List<Grid.Cell> cells = grid.cells();
        try {
            Files.createDirectories(out);
            Map<String, Object> asked = new LinkedHashMap<>(grid.axes());
            asked.put(Grid.EVALUATE, grid.evaluate());
            Json.write(out.resolve(GRID), asked);
        } catch (IOException e) {
            throw new RunException("cannot write into " + out + ": " + IoErrors.reason(e), e);
        }
        List<CellResult> results = runner.run(out, cells, grid.evaluation());
        List<CellResult> ranked = new ArrayList<>(results);
        ranked.sort(Comparator.comparing((CellResult r) -> !r.ok()).thenComparingDouble(r -> Double.isNaN(r.valMse())
                ? Double.MAX_VALUE : r.valMse()));
        Outcome o = new Outcome(out, grid, ranked, runner.describe());
        write(o);
        return o;
    }

    /** A memory's MSE over a subset of a cell's test windows and, beside it, the model's alone ("0.31 (0.32)"). */
    private static String withWithout(CellResult r, String key) {
        if (r.memory() == null || !r.memory().containsKey(key + "_mse")) {
            return "";
        }
        return f(r.memory().get(key + "_mse")) + " (" + f(r.memory().get(key + "_mse_backbone")) + ")";
    }

    /** The leaderboard as Markdown: rank, the varying settings, validation and test MSE, and the extras. */
    public static String markdown(Outcome o) {
        List<String> varying = o.grid().varying();
        boolean w8a8 = o.grid().evaluate().contains("w8a8");
        boolean outliers = o.grid().evaluate().contains("outliers");
        List<String> memories = o.grid().evaluate().stream().filter(k -> k.startsWith(Grid.MEMORY))
                .map(k -> k.substring(Grid.MEMORY.length())).toList();
        // the models' linear paths alone, where they have one: what the Hopfield layers added is the difference
        boolean linear = o.ranked().stream().anyMatch(CellResult::hasLinearPart);
        StringBuilder sb = new StringBuilder("| rank | cell |");
        varying.forEach(k -> sb.append(' ').append(k).append(" |"));
        sb.append(" val MSE | test MSE | test MAE | persistence | epochs |");
        if (linear) {
            sb.append(" linear part MSE |");
        }
        if (w8a8) {
            sb.append(" W8A8 MSE |");
        }
        if (outliers) {
            sb.append(" avg kurtosis | max inf-norm |");
        }
        memories.forEach(m -> sb.append(' ').append(m).append(" test MSE | ").append(m).append(" sudden MSE |"));
        sb.append(" note |\n|").append("---|".repeat(7 + varying.size() + (linear ? 1 : 0) + (w8a8 ? 1 : 0) + (outliers ? 2 : 0)
                + 2 * memories.size() + 1))
                .append('\n');
        int rank = 0;
        for (CellResult r : o.ranked()) {
            sb.append("| ").append(r.ok() ? Integer.toString(++rank) : "-").append(" | ").append(r.id()).append(" |");
            varying.forEach(k -> sb.append(' ').append(Setting.format(r.settings().get(k))).append(" |"));
            sb.append(' ').append(f(r.valMse())).append(" | ").append(f(r.testMse())).append(" | ").append(f(r.testMae()))
                    .append(" | ").append(f(r.persistenceMse())).append(" | ").append(r.ok() ? r.epochs() : "")
                    .append(" |");
            if (linear) {
                sb.append(' ').append(r.hasLinearPart() ? f(r.linearPartMse()) : "").append(" |");
            }
            if (w8a8) {
                sb.append(' ').append(f(r.w8a8Mse())).append(" |");
            }
            if (outliers) {
                sb.append(' ').append(f(r.avgKurtosis())).append(" | ").append(f(r.maxInfNorm())).append(" |");
            }
            for (String m : memories) {
                sb.append(' ').append(withWithout(r, m + "/all")).append(" | ").append(withWithout(r, m + "/sudden"))
                        .append(" |");
            }
            sb.append(' ').append(r.ok() ? (r.resumed() ? "resumed" : "") : r.error().replace('|', '/')).append(" |\n");
        }
        sb.append("\nRanked by validation MSE of each cell's best epoch (z-scored); the test MSE is shown beside it and"
                + " never used to choose. Ran ").append(o.where()).append(".\n");
        if (!memories.isEmpty()) {
            sb.append("Memory columns: the test MSE with the memory (validation chose its setting), the model alone in"
                    + " brackets; sudden: the test windows whose future departs most from their past.\n");
        }
        return sb.toString();
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static void write(Outcome o) {
        Path out = o.out();
        try {
            AtomicFiles.writeString(out.resolve("leaderboard.md"), markdown(o));
            CsvFiles.write(out.resolve("leaderboard.csv"), csv -> {
                csv.print("rank");
                csv.print("cell");
                for (String k : o.grid().varying()) {
                    csv.print(k);
                }
                csv.printRecord("val_mse", "test_mse", "test_mae", "persistence_mse", "epochs", "w8a8_mse",
                        "avg_kurtosis", "max_inf_norm", "linear_part_mse", "error");
                int rank = 0;
                for (CellResult r : o.ranked()) {
                    csv.print(r.ok() ? Integer.toString(++rank) : "");
                    csv.print(r.id());
                    for (String k : o.grid().varying()) {
                        csv.print(Setting.format(r.settings().get(k)));
                    }
                    csv.printRecord(f(r.valMse()), f(r.testMse()), f(r.testMae()), f(r.persistenceMse()),
                            r.ok() ? Integer.toString(r.epochs()) : "", f(r.w8a8Mse()), f(r.avgKurtosis()),
                            f(r.maxInfNorm()), r.hasLinearPart() ? f(r.linearPartMse()) : "", r.ok() ? "" : r.error());
                }
            });
            Json.write(out.resolve("leaderboard.json"), o.toJson());
            List<BarCharts.Bar> bars = new ArrayList<>();
            for (CellResult r : o.ranked()) {
                if (r.ok()) {
                    bars.add(new BarCharts.Bar("validation MSE", r.id(), r.valMse()));
                    bars.add(new BarCharts.Bar("test MSE", r.id(), r.testMse()));
                }
            }
            if (!bars.isEmpty()) {
                BarCharts.write(out.resolve("leaderboard.png"), "Validation and test MSE per cell (ranked by"
                        + " validation)", "MSE (z-scored)", bars);
            }
        } catch (IOException e) {
            throw new RunException("cannot write the leaderboard into " + out + ": " + IoErrors.reason(e), e);
        }
    }
}
