package org.hopcast.forecasting.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hopcast.datasets.DataException;
import org.hopcast.datasets.DatasetRegistry;
import org.hopcast.datasets.IoErrors;
import org.hopcast.forecasting.eval.DieboldMariano;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.files.AtomicFiles;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.run.machine.BuildInfo;
import org.hopcast.forecasting.settings.Presets;
import org.hopcast.forecasting.settings.RunSettings;
import org.hopcast.forecasting.settings.Settings;

/**
 * The STanHop/Crossformer benchmark table: datasets x horizons x separation functions x seeds, each cell trained
 * with the protocol preset of its dataset and horizon ({@code etth1-24}, ...) and any setting overridden for all
 * of them (a budget, say). One row per dataset and horizon, MSE and MAE (mean ± std over seeds) per separation,
 * the persistence baseline beside them, the best value per row in bold; the header says where it ran, with which
 * versions and budget. Known datasets that are not present are named, with where to put them; the rest still run.
 */
public final class BenchmarkTable {
    private BenchmarkTable() {
    }

    /** What to run. {@code overrides} (schema keys) apply to every cell on top of its protocol preset. */
    public record Plan(List<String> datasets, List<Integer> horizons, List<String> separations, int seeds,
            Map<String, Object> overrides) {
    }

    /**
     * One row: a dataset and horizon, per separation the statistics over seeds, the persistence MSE, the mean test
     * MSE of the models' linear paths alone (NaN without a linear path), and per separation whether its MSE differs
     * from the best baseline's by more than chance ({@link Significance}; absent where the cells predate the
     * per-window losses).
     */
    public record Row(String dataset, int horizon, String preset, Map<String, CompareStudy.Stat> mse,
            Map<String, CompareStudy.Stat> mae, double persistenceMse, List<String> failures, double linearPartMse,
            String bestBaseline, double bestBaselineMse, Map<String, DieboldMariano> versusBestBaseline) {
    }

    /** The table, what could not run and why, and where it ran. */
    public record Outcome(Path out, List<Row> rows, List<String> missing, String where) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("out", out.toString());
            m.put("where", where);
            m.put("rows", rows);
            m.put("missing", missing);
            return m;
        }
    }

    /**
     * Runs (or resumes) the benchmark into {@code out} on {@code runner}: cells in
     * {@code OUT/<dataset>/<horizon>/<separation>/seed-<k>/}.
     */
    public static Outcome run(Plan plan, Path out, GridRun.Runner runner) {
        List<String> missing = new ArrayList<>();
        List<Grid.Cell> cells = new ArrayList<>();
        Map<String, String> presetOf = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<String> dirs = (List<String>) Settings.DATA_DIR.parse(plan.overrides().get(Settings.DATA_DIR.key()));
        for (String dataset : plan.datasets()) {
            try {
                DatasetRegistry.locate(dataset, dirs == null ? List.of() : dirs.stream().map(Path::of).toList());
            } catch (DataException e) {
                missing.add(e.getMessage());
                continue;
            }
            for (int h : plan.horizons()) {
                String preset = dataset.toLowerCase(Locale.ROOT) + "-" + h;
                if (!Presets.names().contains(preset)) {
                    missing.add(dataset + " " + h + ": the Crossformer protocol has no horizon " + h + " for "
                            + dataset + " (presets: " + String.join(", ", Presets.names().stream()
                            .filter(n -> n.startsWith(dataset.toLowerCase(Locale.ROOT) + "-")).toList()) + ")");
                    continue;
                }
                presetOf.put(dataset + "/" + h, preset);
                for (String sep : plan.separations()) {
                    for (int k = 1; k <= plan.seeds(); k++) {
                        Map<String, Object> s = new LinkedHashMap<>();
                        s.put(Settings.PRESET.key(), preset);
                        s.put(Settings.DATASET.key(), dataset);
                        s.putAll(plan.overrides());
                        s.put(Settings.SEPARATION.key(), sep);
                        long base = Presets.get(preset).training().seed();
                        s.put(Settings.SEED.key(), base + k - 1);
                        String dir = dataset + "/" + h + "/" + sep + "/seed-" + k;
                        cells.add(new Grid.Cell(dir, s, dir));
                    }
                }
            }
        }
        List<CellResult> results = runner.run(out, cells, new Grid.Evaluation(List.of(), 0));
        List<Row> rows = new ArrayList<>();
        presetOf.forEach((key, preset) -> {
            Map<String, CompareStudy.Stat> mse = new LinkedHashMap<>();
            Map<String, CompareStudy.Stat> mae = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            double persistence = Double.NaN;
            List<Double> linear = new ArrayList<>();
            Map<String, double[]> losses = new LinkedHashMap<>();
            for (String sep : plan.separations()) {
                List<CellResult> mine = results.stream().filter(r -> r.id().startsWith(key + "/" + sep + "/"))
                        .toList();
                mine.stream().filter(r -> !r.ok()).forEach(r -> failures.add(r.id() + ": " + r.error()));
                List<CellResult> ok = mine.stream().filter(CellResult::ok).toList();
                mse.put(sep, CompareStudy.Stat.of(ok.stream().map(CellResult::testMse).toList()));
                mae.put(sep, CompareStudy.Stat.of(ok.stream().map(CellResult::testMae).toList()));
                if (!ok.isEmpty()) {
                    persistence = ok.get(0).persistenceMse();
                }
                ok.stream().filter(CellResult::hasLinearPart).forEach(r -> linear.add(r.linearPartMse()));
                losses.put(sep, ok.isEmpty() ? null : Significance.seedMean(ok.stream().map(CellResult::windowMse)
                        .toList()));
            }
            // the baselines on the row's data and windows, as its cells saw them
            Map<String, DieboldMariano> versus = new LinkedHashMap<>();
            String best = null;
            double bestMse = Double.NaN;
            final Grid.Cell first = cells.stream().filter(c -> c.id().startsWith(key + "/")).findFirst().orElse(null);
            if (first != null && losses.values().stream().anyMatch(java.util.Objects::nonNull)) {
                RunSpec spec = RunSettings.resolve(first.settings());
                Map<String, double[]> baselines = Significance.baselineLosses(spec.prepareData());
                best = Significance.best(baselines);
                bestMse = java.util.Arrays.stream(baselines.get(best)).average().orElse(Double.NaN);
                for (var e : losses.entrySet()) {
                    DieboldMariano dm = Significance.test(e.getValue(), baselines.get(best), spec.model().outLen());
                    if (dm != null) {
                        versus.put(e.getKey(), dm);
                    }
                }
            }
            String[] parts = key.split("/");
            rows.add(new Row(parts[0], Integer.parseInt(parts[1]), preset, mse, mae, persistence, failures,
                    linear.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), best, bestMse,
                    versus));
        });
        Outcome o = new Outcome(out, rows, missing, runner.describe());
        try {
            AtomicFiles.writeString(out.resolve("benchmark.md"), markdown(plan, o));
            Json.write(out.resolve("benchmark.json"), o.toJson());
        } catch (IOException e) {
            throw new RunException("cannot write the benchmark into " + out + ": " + IoErrors.reason(e), e);
        }
        return o;
    }

    /** The paper layout in Markdown, the best MSE and MAE of each row in bold. */
    public static String markdown(Plan plan, Outcome o) {
        Map<String, String> v = BuildInfo.versions();
        StringBuilder sb = new StringBuilder("Hopcast ").append(v.get("hopcast")).append(", ").append(v.get("engine"))
                .append(", Java ").append(v.get("java")).append(", threads ").append(v.get("threads")).append("; ran ")
                .append(o.where()).append("; ").append(plan.seeds()).append(" seed(s); settings over the protocol"
                        + " presets: ").append(plan.overrides().isEmpty() ? "none" : plan.overrides()).append("\n\n");
        sb.append("| dataset | horizon |");
        plan.separations().forEach(s -> sb.append(' ').append(s).append(" MSE | ").append(s).append(" MAE |"));
        boolean linear = o.rows().stream().anyMatch(r -> !Double.isNaN(r.linearPartMse()));
        sb.append(" persistence MSE |").append(linear ? " linear part MSE |" : "").append(" best baseline MSE |")
                .append("\n|---|---|").append("---|---|".repeat(plan.separations().size()))
                .append(linear ? "---|---|---|\n" : "---|---|\n");
        for (Row r : o.rows()) {
            double bestMse = r.mse().values().stream().mapToDouble(CompareStudy.Stat::mean).filter(x -> !Double.isNaN(x))
                    .min().orElse(Double.NaN);
            double bestMae = r.mae().values().stream().mapToDouble(CompareStudy.Stat::mean).filter(x -> !Double.isNaN(x))
                    .min().orElse(Double.NaN);
            sb.append("| ").append(r.dataset()).append(" | ").append(r.horizon()).append(" |");
            for (String s : plan.separations()) {
                sb.append(' ').append(cell(r.mse().get(s), bestMse))
                        .append(r.versusBestBaseline() == null ? "" : Significance.mark(r.versusBestBaseline().get(s)))
                        .append(" | ").append(cell(r.mae().get(s), bestMae)).append(" |");
            }
            sb.append(' ').append(Double.isNaN(r.persistenceMse()) ? "" : String.format(Locale.ROOT, "%.3f",
                    r.persistenceMse())).append(" |");
            if (linear) {
                sb.append(' ').append(Double.isNaN(r.linearPartMse()) ? "" : String.format(Locale.ROOT, "%.3f",
                        r.linearPartMse())).append(" |");
            }
            sb.append(' ').append(r.bestBaseline() == null ? "" : String.format(Locale.ROOT, "%.3f (%s)",
                    r.bestBaselineMse(), r.bestBaseline())).append(" |");
            sb.append('\n');
        }
        sb.append("\nTest split, z-scored; mean ± sample std over seeds; the best of each row in bold.")
                .append(linear ? " Linear part: the models' linear paths alone, without the Hopfield layers'"
                        + " correction (mean over the row's models)." : "").append(" In the MSE columns, ")
                .append(Significance.FOOTNOTE.replace(" the difference", " the difference from the best baseline"))
                .append('\n');
        for (Row r : o.rows()) {
            r.failures().forEach(f -> sb.append("\n- failed: ").append(f));
        }
        o.missing().forEach(m -> sb.append("\n- not run: ").append(m));
        return sb.append('\n').toString();
    }

    private static String cell(CompareStudy.Stat s, double best) {
        if (s == null || Double.isNaN(s.mean())) {
            return "";
        }
        String text = s.text(3);
        return s.mean() == best ? "**" + text + "**" : text;
    }
}
