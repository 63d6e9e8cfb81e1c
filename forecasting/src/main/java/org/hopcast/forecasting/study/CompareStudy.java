package org.hopcast.forecasting.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hopcast.datasets.IoErrors;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.forecasting.charts.BarCharts;
import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.DieboldMariano;
import org.hopcast.forecasting.outliers.OutlierStudy;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.files.AtomicFiles;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.run.files.Since;
import org.hopcast.forecasting.settings.RunSettings;
import org.hopcast.forecasting.settings.Settings;

/**
 * The OutEffHop variant study (the layout of the paper's Table 1): every separation function trained with
 * every seed on the same data and budget, then evaluated in FP32 (MSE), after W8A8 quantization (MSE), and for
 * outliers (average kurtosis and max infinity norm over the decoder set). Each cell is its own run directory
 * ({@code OUT/<separation>/seed-<k>}) with a {@code cell.json} once evaluated, so an interrupted study resumes
 * where it stopped: finished cells are not retrained, a half-trained cell resumes its training.
 */
public final class CompareStudy {
    /** One trained and evaluated (separation, seed). */
    public record Cell(String separation, long seed, String runDir, double fpMse, double fpMae, double w8a8Mse,
            double w8a8Mae, double avgKurtosis, double maxInfNorm, String maxInfNormPath, double avgKurtosisAll,
            double maxInfNormAll, int epochs, Map<String, Double> quantizedMse,
            @Since("significance") double[] windowMse) {
        /** The MSE change of a quantization scheme in percent of FP MSE (NaN when the cell has none). */
        public double degradationPercent(String scheme) {
            Double q = quantizedMse == null ? null : quantizedMse.get(scheme);
            return q == null ? Double.NaN : 100 * (q - fpMse) / fpMse;
        }

        /** The same cell found in {@code dir}: a study folder that was moved or copied still reads its own cells. */
        Cell at(Path dir) {
            return new Cell(separation, seed, dir.toString(), fpMse, fpMae, w8a8Mse, w8a8Mae, avgKurtosis, maxInfNorm,
                    maxInfNormPath, avgKurtosisAll, maxInfNormAll, epochs, quantizedMse, windowMse);
        }
    }

    /**
     * Mean and sample standard deviation over seeds. One seed has no spread to report: its std is NaN (null in
     * JSON), and its text is the mean alone, so that a single cell never reads as "± 0.000".
     */
    public record Stat(double mean, double std) {
        static Stat of(List<Double> v) {
            double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = v.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
            return new Stat(m, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : Double.NaN);
        }

        public String text(int digits) {
            return Double.isNaN(std) ? String.format(Locale.ROOT, "%." + digits + "f", mean)
                    : String.format(Locale.ROOT, "%." + digits + "f ± %." + digits + "f", mean, std);
        }
    }

    /**
     * One table row: a separation's statistics over its seeds, and whether its FP test MSE differs from the best
     * variant's and from the best baseline's by more than chance ({@link Significance}; null where the cells
     * predate the per-window losses, or for the best variant against itself).
     */
    public record Row(String separation, int seeds, Stat avgKurtosis, Stat maxInfNorm, Stat fpMse, Stat w8a8Mse,
            @Since("significance") DieboldMariano versusBestVariant, @Since("significance") String bestBaseline,
            @Since("significance") DieboldMariano versusBestBaseline) {
    }

    /** The paper's Table 1 STanHop-Net rows (outeffhop.md 6.1, transcribed; ETTh1 168 -> 24). */
    public static final Map<String, String[]> PAPER = paperRows();

    private static Map<String, String[]> paperRows() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("softmax", new String[] {"Vanilla", "2.954 ± 0.063", "5.048 ± 0.232", "0.360 ± 0.008", "0.362 ± 0.000"});
        m.put("softmax_1", new String[] {"OutEffHop", "2.897 ± 0.011", "4.565 ± 0.209", "0.360 ± 0.004",
                "0.355 ± 0.000"});
        m.put("clipped-softmax", new String[] {"Clipped Softmax", "2.995 ± 0.05", "4.890 ± 0.17", "0.553 ± 0.03",
                "0.591 ± 0.000"});
        m.put("clipped-softmax_1", new String[] {"Clipped OutEffHop", "2.864 ± 0.06", "4.145 ± 0.23", "0.506 ± 0.05",
                "0.517 ± 0.000"});
        m.put("gated-softmax", new String[] {"Gated Attention", "2.487 ± 0.017", "4.277 ± 0.163", "0.380 ± 0.006",
                "0.375 ± 0.000"});
        m.put("gated-softmax_1", new String[] {"Gated OutEffHop", "2.459 ± 0.041", "4.240 ± 0.155", "0.376 ± 0.007",
                "0.367 ± 0.000"});
        return m;
    }

    private CompareStudy() {
    }

    /** A study's table and the baselines' test MSE on the same windows (by name). */
    public record Outcome(List<Row> rows, Map<String, Double> baselines) {
        /** As {@code compare --json} prints it, with the study folder. */
        public Map<String, Object> toJson(Path out) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("out", out.toString());
            m.put("rows", rows);
            m.put("baselines", baselines);
            return m;
        }
    }

    /**
     * Runs (or resumes) the study on {@code runner}: one grid cell per (separation, seed), in
     * {@code OUT/<separation>/seed-<k>/}, each trained and then evaluated for outliers and W8A8.
     */
    public static Outcome run(RunSpec base, List<String> separations, int seeds, Path out, int calibrationBatches,
            GridRun.Runner runner) {
        return run(base, separations, seeds, out, calibrationBatches, runner, false);
    }

    /**
     * As above; with {@code finishedOnly}, nothing is trained: the table, heads and curves are written from the
     * cells finished so far (a study stopped early, or still running elsewhere), each variant over the seeds it has.
     *
     * @throws RunException when {@code finishedOnly} and no cell has finished
     */
    public static Outcome run(RunSpec base, List<String> separations, int seeds, Path out, int calibrationBatches,
            GridRun.Runner runner, boolean finishedOnly) {
        if (separations.isEmpty() || seeds < 1) {
            throw new IllegalArgumentException("name at least one separation and one seed");
        }
        Map<String, Object> settings = RunSettings.settingsOf(base);
        List<Grid.Cell> all = new ArrayList<>();
        // seed by seed, so that a study stopped early already compares every variant
        for (int k = 1; k <= seeds; k++) {
            for (String sep : separations) {
                Map<String, Object> s = new LinkedHashMap<>(settings);
                s.put(Settings.SEPARATION.key(), sep);
                s.put(Settings.SEED.key(), base.training().seed() + k - 1);
                s.put(Settings.TRACK_OUTLIERS.key(), true); // the curves of the study (does not change the model)
                String dir = sep + "/seed-" + k;
                all.add(new Grid.Cell(dir, s, dir));
            }
        }
        // cells evaluated before (cell.json, also by Hopcast versions before grids) are not run again; each is read
        // from where it is now, not from the run directory it names (the study may have been moved or copied)
        Map<String, Cell> cells = new LinkedHashMap<>();
        for (Grid.Cell c : all) {
            Path dir = CellJob.dir(out, c);
            if (Files.isRegularFile(dir.resolve(CELL))) {
                cells.put(c.id(), Json.read(dir.resolve(CELL), Cell.class).at(dir));
            }
        }
        List<Grid.Cell> pending = all.stream().filter(c -> !cells.containsKey(c.id()))
                .filter(c -> !finishedOnly || CellJob.done(out, c) != null).toList(); // done: read, not trained
        for (CellResult r : runner.run(out, pending, new Grid.Evaluation(List.of("outliers", "w8a8", "quantize-sweep"),
                calibrationBatches))) {
            if (!r.ok()) {
                throw new RunException(r.runDir() + ": " + r.error());
            }
            // where the cell is now: a result.json copied with the study names the folder it was written in
            Path dir = CellJob.dir(out, all.stream().filter(c -> c.id().equals(r.id())).findFirst().orElseThrow());
            Cell c = new Cell((String) r.settings().get(Settings.SEPARATION.key()),
                    ((Number) r.settings().get(Settings.SEED.key())).longValue(), dir.toString(), r.testMse(),
                    r.testMae(), r.w8a8Mse(), r.w8a8Mae(), r.avgKurtosis(), r.maxInfNorm(), r.maxInfNormPath(),
                    r.avgKurtosisAll(), r.maxInfNormAll(), r.epochs(), r.quantizedMse(), r.windowMse());
            Path done = dir.resolve(CELL);
            try {
                Json.write(done, c);
            } catch (IOException e) {
                throw new RunException("cannot write " + done + ": " + IoErrors.reason(e), e);
            }
            cells.put(r.id(), c);
        }
        List<Cell> ordered = all.stream().map(c -> cells.get(c.id())).filter(java.util.Objects::nonNull).toList();
        if (ordered.isEmpty()) {
            throw new RunException(out + " has no finished cell of " + separations + " x " + seeds + " seeds yet");
        }
        // every variant when all cells ran; with finishedOnly, those with a finished cell
        List<String> present = separations.stream()
                .filter(sep -> ordered.stream().anyMatch(c -> c.separation().equals(sep))).toList();
        PreparedSeries data = base.prepareData();
        Map<String, double[]> baselineLosses = Significance.baselineLosses(data);
        String bestBaseline = Significance.best(baselineLosses);
        Map<String, double[]> variantLosses = new LinkedHashMap<>();
        for (String sep : present) {
            variantLosses.put(sep, Significance.seedMean(ordered.stream().filter(c -> c.separation().equals(sep))
                    .map(Cell::windowMse).toList()));
        }
        String bestVariant = present.stream().min(java.util.Comparator.comparingDouble(sep -> Stat.of(ordered.stream()
                .filter(c -> c.separation().equals(sep)).map(Cell::fpMse).toList()).mean())).orElseThrow();
        int h = base.model().outLen();
        List<Row> rows = new ArrayList<>();
        for (String sep : present) {
            List<Cell> mine = ordered.stream().filter(c -> c.separation().equals(sep)).toList();
            double[] losses = variantLosses.get(sep);
            rows.add(new Row(sep, mine.size(), Stat.of(mine.stream().map(Cell::avgKurtosis).toList()),
                    Stat.of(mine.stream().map(Cell::maxInfNorm).toList()), Stat.of(mine.stream().map(Cell::fpMse).toList()),
                    Stat.of(mine.stream().map(Cell::w8a8Mse).toList()),
                    sep.equals(bestVariant) ? null : Significance.test(losses, variantLosses.get(bestVariant), h),
                    bestBaseline, Significance.test(losses, baselineLosses.get(bestBaseline), h)));
        }
        Map<String, Double> baselines = baselines(data, base);
        write(out, base, rows, ordered, baselines);
        StudyCurves.write(out, present, ordered);
        return new Outcome(rows, baselines);
    }

    /** The file that marks a study cell evaluated: its Table-1 numbers. */
    static final String CELL = "cell.json";

    /** Every baseline's test MSE (z-scored) on the study's data and windows: the same for every cell. */
    static Map<String, Double> baselines(PreparedSeries data, RunSpec base) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Baselines.Result r : Baselines.of(data, data.scaler(), base.training().batchSize()).results()) {
            m.put(r.name(), r.test().mse());
        }
        return m;
    }

    /** The table as Markdown, with the paper's rows beside it for the outeffhop-table1 preset. */
    public static String markdown(RunSpec base, List<Row> rows, Map<String, Double> baselines) {
        StringBuilder sb = new StringBuilder();
        sb.append("| variant | seeds | avg kurtosis | max inf-norm | FP MSE | W8A8 MSE | FP MSE vs the best variant (p)"
                + " | vs the best baseline (p) |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.separation()).append(" | ").append(r.seeds()).append(" | ")
                    .append(r.avgKurtosis().text(3)).append(" | ").append(r.maxInfNorm().text(3)).append(" | ")
                    .append(r.fpMse().text(3)).append(" | ").append(r.w8a8Mse().text(3)).append(" | ")
                    .append(r.versusBestVariant() == null ? "best" : dm(r.versusBestVariant())).append(" | ")
                    .append(r.versusBestBaseline() == null ? "" : r.bestBaseline() + ": " + dm(r.versusBestBaseline()))
                    .append(" |\n");
        }
        baselines.forEach((name, mse) -> sb.append("| ").append(name).append(" (baseline) | | | | ")
                .append(String.format(java.util.Locale.ROOT, "%.3f", mse)).append(" | | | |\n"));
        if ("outeffhop-table1".equals(base.preset())) {
            sb.append("\nThe paper's Table 1 (STanHop-Net, ETTh1 168 -> 24, 3 seeds; transcribed, outeffhop.md 6.1):\n\n");
            sb.append("| paper row | avg kurtosis | max inf-norm | FP MSE | W8A8 MSE |\n|---|---|---|---|---|\n");
            for (Row r : rows) {
                String[] p = PAPER.get(r.separation());
                if (p != null) {
                    sb.append("| ").append(p[0]).append(" (paper) | ").append(p[1]).append(" | ").append(p[2])
                            .append(" | ").append(p[3]).append(" | ").append(p[4]).append(" |\n");
                }
            }
        }
        sb.append("\nmean ± sample std over seeds; kurtosis and inf-norm over the decoder module set; MSE on the"
                + " z-scored test split. ").append(Significance.FOOTNOTE).append('\n');
        return sb.toString();
    }

    /** A test as a table cell: the MSE difference, the p-value, the mark when significant. */
    static String dm(DieboldMariano dm) {
        return dm == null ? "-" : String.format(java.util.Locale.ROOT, "%+.4f (p %s)%s", dm.difference(),
                org.hopcast.forecasting.eval.Backtest.pValue(dm.pValue()), Significance.mark(dm));
    }

    /**
     * What the heads retrieve, per variant: the mean over every head of every Hopfield layer of each cell, then mean
     * ± std over seeds (from the cells' outliers/outliers.json; empty when no cell has per-head statistics).
     */
    public static String headsMarkdown(List<String> separations, List<Cell> cells) {
        StringBuilder sb = new StringBuilder("| variant | seeds | null mass | top-1 mass | entropy | share on lowest-norm"
                + " patterns (uniform) |\n|---|---|---|---|---|---|\n");
        boolean any = false;
        for (String sep : separations) {
            List<Map<String, Double>> means = new ArrayList<>();
            for (Cell c : cells) {
                Map<String, Double> m = c.separation().equals(sep) ? headMeans(Path.of(c.runDir())) : null;
                if (m != null) {
                    means.add(m);
                }
            }
            if (means.isEmpty()) {
                continue;
            }
            any = true;
            sb.append("| ").append(sep).append(" | ").append(means.size()).append(" | ");
            for (String key : List.of("null_mass", "top1_mass", "entropy", "low_norm_share")) {
                List<Double> v = means.stream().map(m -> m.get(key)).filter(x -> x != null && Double.isFinite(x)).toList();
                sb.append(v.isEmpty() ? "" : Stat.of(v).text(3));
                if (key.equals("low_norm_share") && !v.isEmpty()) {
                    sb.append(String.format(Locale.ROOT, " (%.3f)", means.get(0).get("uniform_low_norm_share")));
                }
                sb.append(" | ");
            }
            sb.setLength(sb.length() - 1);
            sb.append('\n');
        }
        return any ? sb.append("\nper-head retrieval statistics on the test split, mean over all heads of all layers,"
                + " then mean ± sample std over seeds; null mass only where weights need not sum to one.\n").toString()
                : "";
    }

    /** A run's per-head means as its outliers.json holds them ({@code heads_mean}), or null when it has none. */
    static Map<String, Double> headMeans(Path runDir) {
        OutlierStudy.File file = OutlierStudy.File.read(runDir);
        return file == null || file.headsMean() == null || file.headsMean().isEmpty() ? null : file.headsMean();
    }

    /** Test MSE change after each quantization scheme, in percent of FP MSE, per variant (mean ± std over seeds). */
    public static String degradationMarkdown(List<String> separations, List<Cell> cells) {
        List<String> schemes = cells.stream().filter(c -> c.quantizedMse() != null)
                .flatMap(c -> c.quantizedMse().keySet().stream()).distinct().toList();
        if (schemes.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("| variant | " + String.join(" | ", schemes) + " |\n|---|");
        schemes.forEach(x -> sb.append("---|"));
        sb.append('\n');
        for (String sep : separations) {
            sb.append("| ").append(sep).append(" |");
            for (String scheme : schemes) {
                List<Double> v = cells.stream().filter(c -> c.separation().equals(sep))
                        .map(c -> c.degradationPercent(scheme)).filter(Double::isFinite).toList();
                sb.append(' ').append(v.isEmpty() ? "" : Stat.of(v).text(2)).append(" |");
            }
            sb.append('\n');
        }
        sb.append("\ntest MSE after fake quantization, change in percent of FP MSE, mean ± sample std over seeds.\n");
        return sb.toString();
    }

    private static void write(Path out, RunSpec base, List<Row> rows, List<Cell> cells, Map<String, Double> baselines) {
        try {
            List<String> variants = rows.stream().map(Row::separation).toList();
            String degradation = degradationMarkdown(variants, cells);
            String heads = headsMarkdown(variants, cells);
            AtomicFiles.writeString(out.resolve("table.md"), markdown(base, rows, baselines)
                    + (degradation.isEmpty() ? "" : "\n" + degradation) + (heads.isEmpty() ? "" : "\n" + heads));
            StringBuilder csv = new StringBuilder("variant,seeds,avg_kurtosis_mean,avg_kurtosis_std,max_inf_norm_mean,"
                    + "max_inf_norm_std,fp_mse_mean,fp_mse_std,w8a8_mse_mean,w8a8_mse_std\n");
            for (Row r : rows) {
                csv.append(String.join(",", r.separation(), Integer.toString(r.seeds()), d(r.avgKurtosis().mean()),
                        d(r.avgKurtosis().std()), d(r.maxInfNorm().mean()), d(r.maxInfNorm().std()), d(r.fpMse().mean()),
                        d(r.fpMse().std()), d(r.w8a8Mse().mean()), d(r.w8a8Mse().std()))).append('\n');
            }
            AtomicFiles.write(out.resolve("table.csv"), o -> o.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("preset", base.preset());
            json.put("rows", rows);
            json.put("baselines", baselines);
            json.put("cells", cells);
            Json.write(out.resolve(TABLE), json);
            BarCharts.write(out.resolve("mse.png"), "Test MSE, FP32 and W8A8 (mean over seeds)", "MSE", mseBars(rows));
            BarCharts.write(out.resolve("outliers.png"), "Decoder outliers (mean over seeds)", "value",
                    outlierBars(rows));
        } catch (IOException e) {
            throw new RunException("cannot write the study into " + out + ": " + IoErrors.reason(e), e);
        }
    }

    private static String d(double v) {
        return Double.toString(v);
    }

    /** FP and W8A8 test MSE per variant (mean over seeds). */
    public static List<BarCharts.Bar> mseBars(List<Row> rows) {
        List<BarCharts.Bar> bars = new ArrayList<>();
        for (Row r : rows) {
            bars.add(new BarCharts.Bar("FP MSE", r.separation(), r.fpMse().mean()));
            bars.add(new BarCharts.Bar("W8A8 MSE", r.separation(), r.w8a8Mse().mean()));
        }
        return bars;
    }

    /** Decoder-set average kurtosis and max infinity norm per variant (mean over seeds). */
    public static List<BarCharts.Bar> outlierBars(List<Row> rows) {
        List<BarCharts.Bar> bars = new ArrayList<>();
        for (Row r : rows) {
            bars.add(new BarCharts.Bar("avg kurtosis", r.separation(), r.avgKurtosis().mean()));
            bars.add(new BarCharts.Bar("max inf-norm", r.separation(), r.maxInfNorm().mean()));
        }
        return bars;
    }

    /** The study's machine-readable table, in its folder; what {@link #read} loads. */
    public static final String TABLE = "table.json";

    /** Whether {@code dir} holds a finished study. */
    public static boolean isStudy(Path dir) {
        return Files.isRegularFile(dir.resolve(TABLE));
    }

    private record Stored(String preset, List<Row> rows, Map<String, Double> baselines, List<Cell> cells) {
    }

    /** A study written by {@link #run}; {@code baselines} is empty for studies written before them. */
    public record Loaded(Path file, String preset, List<Row> rows, Map<String, Double> baselines, List<Cell> cells) {
    }

    /**
     * Reads a study's table.json ({@code path} is the file or the study folder holding it), refusing files that are
     * not one with a message that names the file.
     */
    public static Loaded read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(TABLE) : path;
        if (!Files.isRegularFile(file)) {
            throw new RunException(file + " does not exist: choose a compare study folder (it holds table.json)");
        }
        Stored l = Json.read(file, Stored.class);
        if (l.rows() == null || l.rows().isEmpty()) {
            throw new RunException(file + " holds no study rows: is it a compare study's table.json?");
        }
        for (int i = 0; i < l.rows().size(); i++) {
            Row r = l.rows().get(i);
            if (r == null || r.separation() == null || r.fpMse() == null || r.w8a8Mse() == null
                    || r.avgKurtosis() == null || r.maxInfNorm() == null) {
                throw new RunException(file + ": rows[" + i + "] lacks a field (separation, avgKurtosis, maxInfNorm,"
                        + " fpMse or w8a8Mse)");
            }
        }
        return new Loaded(file, l.preset(), l.rows(), l.baselines() == null ? Map.of() : l.baselines(),
                l.cells() == null ? List.of() : l.cells());
    }
}
