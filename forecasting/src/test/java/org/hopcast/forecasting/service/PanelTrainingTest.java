package org.hopcast.forecasting.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.eval.MetricsFile;
import org.hopcast.forecasting.eval.PanelEvaluation;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One model over many series of one file: trained across them, tested and forecast series by series. */
class PanelTrainingTest {
    @TempDir
    static Path tmp;

    static Path file;
    static Path run;
    static RunService.TrainOutcome trained;

    @BeforeAll
    static void train() throws IOException {
        Random r = new Random(3);
        StringBuilder csv = new StringBuilder("store,date,sales\n");
        int[] start = {0, 60, 150};
        double[] level = {20, 100, 5};
        for (int d = 0; d < 600; d++) {
            for (int s = 0; s < 3; s++) {
                if (d >= start[s]) {
                    double v = level[s] * (1 + 0.3 * Math.sin(2 * Math.PI * d / 7)) + level[s] * 0.05 * r.nextGaussian();
                    csv.append(String.format(Locale.ROOT, "shop%d,%s,%.3f%n", s, LocalDate.of(2023, 1, 1).plusDays(d),
                            v));
                }
            }
        }
        file = Files.writeString(tmp.resolve("shops.csv"), csv);
        run = tmp.resolve("run");
        trained = RunService.train(TinyRuns.spec(Map.of("input", file.toString(), "id-column", List.of("store"),
                "split", "ratio", "in-len", 28, "out-len", 7, "seg-len", 7, "epochs", 2)), run, new TrainingListener() {
                }, () -> false);
    }

    @Test
    void trainAndEvaluateSayTheSameNumbersPerSeriesAndPooled() throws IOException {
        PanelEvaluation p = trained.panel();
        assertEquals(List.of("shop0", "shop1", "shop2"), p.series().stream().map(PanelEvaluation.SeriesResult::id)
                .toList());
        PanelEvaluation again = RunService.evaluatePanel(run, null, "cpu");
        assertEquals(p.overall().mse(), again.overall().mse(), 0);
        assertEquals(p.overall().mseOriginal(), again.overall().mseOriginal(), 0);
        assertEquals(p.overall().mse(), MetricsFile.readTested(RunDirectory.open(run)).metrics().mse(), 0);
        // pooled: every element once, so the overall MSE is the windows-weighted mean of the series' MSEs
        double weighted = 0;
        long windows = 0;
        for (PanelEvaluation.SeriesResult s : p.series()) {
            weighted += s.test().mse() * s.test().windows();
            windows += s.test().windows();
        }
        assertEquals(weighted / windows, p.overall().mse(), 1e-9);
        assertEquals(windows, p.overall().windows());
        // in original units the big shop weighs most; on the z-scores each shop counts alike
        assertTrue(p.series().get(1).test().mseOriginal() > p.series().get(2).test().mseOriginal());
        assertEquals(4, Files.readAllLines(run.resolve(RunService.PANEL_METRICS)).size(), "a header and a row each");
        assertEquals(3, RunDirectory.open(run).panel().series().size());
    }

    @Test
    void aForecastCoversEverySeriesTheModelKnowsAndSaysWhichItDoesNot() throws IOException {
        String more = Files.readString(file) + "shop9,2024-08-01,1\nshop9,2024-08-02,2\n";
        Path input = Files.writeString(tmp.resolve("more.csv"), more);
        Path out = tmp.resolve("forecast.csv");
        RunService.PanelForecast f = RunService.forecastPanel(run, input, null, out, "cpu");
        assertEquals(List.of("shop0", "shop1", "shop2"), f.ids());
        assertTrue(f.notForecast().get("shop9").contains("not a series the model was trained on"), f.notForecast()
                .toString());
        List<String> rows = Files.readAllLines(out);
        assertTrue(rows.get(0).startsWith("store,timestamp,step,sales,sales_lower_80,sales_upper_80"), rows.get(0));
        assertEquals(1 + 3 * 7, rows.size());
        assertTrue(rows.get(1).startsWith("shop0,2024-08-23 00:00:00,1,"), rows.get(1));
        // shop1 sells about 100 a day, shop2 about 5: each forecast is in its own series' units
        double big = Double.parseDouble(rows.get(8).split(",")[3]);
        double small = Double.parseDouble(rows.get(15).split(",")[3]);
        assertTrue(big > 50 && small < 10, rows.get(8) + " / " + rows.get(15));
    }

    @Test
    void oneSeriesOfManyIsAnalysedAloneWithTheNumbersThePanelGaveIt() throws IOException {
        PanelEvaluation.SeriesResult shop1 = trained.panel().series().get(1);
        RunDirectory opened = RunDirectory.open(run);
        try (RunAnalysis a = RunAnalysis.open(opened, null, "cpu", "shop1")) {
            assertEquals("shop1", a.series());
            // the same model, windows and statistics as the panel's test of that series: the same numbers
            assertEquals(shop1.test().mse(), a.testMetrics().mse(), 1e-12);
            assertEquals(shop1.test().mseOriginal(), a.testMetrics().mseOriginal(), 1e-9);
            assertEquals(shop1.test().windows(), a.testWindows());
            // the series' intervals are its own, calibrated on its validation windows and kept in its folder
            a.intervals();
            Path own = opened.seriesDir("shop1").resolve(RunDirectory.INTERVALS);
            assertTrue(Files.isRegularFile(own), own.toString());
            assertTrue(Files.notExists(run.resolve(RunDirectory.INTERVALS)), "the run over many has no intervals");
            assertTrue(a.intervalReport().toString().length() > 0);
            // a backtest over the test split of that series forecasts what its test forecast
            RunService.Backtested b = RunService.backtest(new RunService.BacktestRequest(run, null, null, null, 1, null,
                    null, tmp.resolve("bt"), "cpu", null, "shop1"), new TrainingListener() {
                    }, () -> false);
            assertEquals(a.testMetrics().mse(), b.report().overall().get(org.hopcast.forecasting.eval.Backtest.MODEL)
                    .mse(), 1e-12);
            assertTrue(a.inspect(a.layers().get(0), 0, 0, 0).weights().length > 0);
        }
        // a forecast of one series: the panel's point forecast of it, with that series' bands
        RunService.PanelForecast all = RunService.forecastPanel(run, file, null, null, "cpu");
        var one = RunService.forecast(run, file, null, null, "cpu", null, null, "shop1").forecast();
        float point = all.forecasts().get(1).values()[3][0];
        assertEquals(point, one.values()[3][0], 1e-6 * Math.abs(point), "the same up to float rounding in a batch");
        assertTrue(one.bands() != null && one.bands().lower()[0][3][0] < one.values()[3][0]);
    }

    @Test
    void eachSeriesHasItsOwnIntervalsAndTheirPooledCoverageIsTheirsWeighted() {
        PanelEvaluation.PooledCoverage pooled = trained.panel().intervals();
        assertEquals(List.of(0.8, 0.95), pooled.nominal());
        RunDirectory opened = RunDirectory.open(run);
        for (int k = 0; k < pooled.nominal().size(); k++) {
            double covered = 0;
            long windows = 0;
            for (PanelEvaluation.SeriesResult s : trained.panel().series()) {
                try (RunAnalysis a = RunAnalysis.open(opened, null, "cpu", s.id())) {
                    // the series' own analysis replays the intervals its training kept in its folder
                    covered += a.intervalReport().shown().level(pooled.nominal().get(k)).coverage() * a.testWindows();
                    windows += a.testWindows();
                }
            }
            assertEquals(covered / windows, pooled.coverage().get(k), 1e-12);
        }
        assertEquals(pooled.coverage(), RunService.evaluatePanel(run, null, "cpu").intervals().coverage(),
                "evaluate replays what train calibrated");
    }

    @Test
    void aFinalModelOfManySeriesTrainsOnThemAllAndCarriesEachSeriesBands() throws IOException {
        Path fin = tmp.resolve("final");
        RunService.TrainOutcome f = RunService.trainFinal(run, fin, new TrainingListener() {
        }, () -> false);
        assertTrue(f.note().contains("of 3 series"), f.note());
        RunDirectory validated = RunDirectory.open(run);
        RunDirectory finalRun = RunDirectory.open(fin);
        for (String id : List.of("shop0", "shop1", "shop2")) {
            assertEquals(Files.readString(validated.seriesDir(id).resolve(RunDirectory.INTERVALS)),
                    Files.readString(finalRun.seriesDir(id).resolve(RunDirectory.INTERVALS)));
        }
        RunService.PanelForecast p = RunService.forecastPanel(fin, file, null, null, "cpu");
        assertEquals(3, p.ids().size());
        assertTrue(p.forecasts().stream().allMatch(x -> x.bands() != null && x.bands().validatedBy().equals(
                run.toAbsolutePath().normalize().toString())), "the validated run's bands, naming it");
    }

    @Test
    void aSeriesIsChosenOnlyWhereThereAreManyAndOnlyOneTheRunKnows() {
        RunDirectory opened = RunDirectory.open(run);
        RuntimeException none = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> RunAnalysis.open(opened, null, "cpu", null));
        assertTrue(none.getMessage().contains("choose one of them") && none.getMessage().contains("shop0"),
                none.getMessage());
        RuntimeException unknown = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> RunAnalysis.open(opened, null, "cpu", "shop7"));
        assertTrue(unknown.getMessage().contains("no series 'shop7'") && unknown.getMessage().contains("shop2"),
                unknown.getMessage());
        RuntimeException refit = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> RunService.backtest(new RunService.BacktestRequest(run, null, null, null, 1, 5, null,
                        tmp.resolve("bt2"), "cpu", null, "shop1"), new TrainingListener() {
                        }, () -> false));
        assertTrue(refit.getMessage().contains("refits"), refit.getMessage());
        // two ids that would make one folder name keep two folders
        assertTrue(!opened.seriesDir("store1/A").equals(opened.seriesDir("store1_A")));
        assertEquals(run.resolve("series").resolve("shop1"), opened.seriesDir("shop1"));
        assertTrue(opened.seriesDir("../x").startsWith(run.resolve("series")));
    }
}
