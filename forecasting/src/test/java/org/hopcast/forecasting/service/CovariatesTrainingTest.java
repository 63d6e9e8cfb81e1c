package org.hopcast.forecasting.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.hopcast.forecasting.api.RunForecaster;
import org.hopcast.forecasting.eval.Baselines;
import org.hopcast.forecasting.eval.FutureForecast;
import org.hopcast.forecasting.eval.MetricsFile;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #31's acceptance for covariates: a daily load that depends on the day's temperature, U-shaped (heating below
 * 17 degrees, cooling above), the temperature known ahead (a weather forecast). The model given the temperature as a
 * future covariate must beat the same model without it by a wide margin, and the linear baseline given the same
 * covariate (a U is not a line); a forecast without the temperature of its period is refused.
 */
class CovariatesTrainingTest {
    @TempDir
    static Path tmp;

    static Path file;
    static Path withTemperature;
    static Path without;
    static final int ROWS = 1000;

    /** The temperature of day t: a yearly cycle and weather that persists a few days. */
    static double[] temperatures(Random r, int n) {
        double[] out = new double[n];
        double weather = 0;
        for (int t = 0; t < n; t++) {
            weather = 0.5 * weather + 3 * r.nextGaussian();
            out[t] = 15 + 10 * Math.sin(2 * Math.PI * t / 365.25) + weather;
        }
        return out;
    }

    @BeforeAll
    static void train() throws IOException {
        Random r = new Random(5);
        double[] temp = temperatures(r, ROWS);
        StringBuilder csv = new StringBuilder("date,load,temp\n");
        double noise = 0;
        for (int t = 0; t < ROWS; t++) {
            LocalDate d = LocalDate.of(2021, 1, 1).plusDays(t);
            noise = 0.6 * noise + 0.4 * r.nextGaussian();
            double load = 10 + (d.getDayOfWeek().getValue() <= 5 ? 1.5 : 0) + 0.05 * Math.pow(temp[t] - 17, 2) + noise;
            csv.append(String.format(Locale.ROOT, "%s,%.4f,%.3f%n", d, load, temp[t]));
        }
        file = Files.writeString(tmp.resolve("load.csv"), csv);
        Map<String, Object> common = Map.of("input", file.toString(), "split", "rows:640,180,180", "in-len", 28,
                "out-len", 7, "seg-len", 7, "d-model", 32, "d-ff", 64, "linear-path", "fixed", "epochs", 8, "patience",
                8);
        withTemperature = tmp.resolve("with");
        without = tmp.resolve("without");
        Map<String, Object> a = new java.util.HashMap<>(common);
        a.put("future-covariates", List.of("temp"));
        RunService.train(TinyRuns.spec(a), withTemperature, new TrainingListener() {
        }, () -> false);
        Map<String, Object> b = new java.util.HashMap<>(common);
        b.put("columns", List.of("load"));
        RunService.train(TinyRuns.spec(b), without, new TrainingListener() {
        }, () -> false);
    }

    @Test
    void theKnownTemperatureBeatsTheModelWithoutItAndTheLinearBaselineGivenIt() {
        try (RunAnalysis a = RunAnalysis.open(withTemperature, "cpu"); RunAnalysis b = RunAnalysis.open(without, "cpu")) {
            double with = a.testMetrics().mse();
            double alone = b.testMetrics().mse();
            Baselines.Result linear = a.baselines().get(Baselines.LINEAR);
            String report = String.format(Locale.ROOT, "with temp %.4f, without %.4f, linear given temp %.4f (%s)", with,
                    alone, linear.test().mse(), linear.detail());
            System.out.println(report);
            assertTrue(linear.detail().contains("covariates"), report);
            assertTrue(with < 0.5 * alone, report);
            assertTrue(with < 0.8 * linear.test().mse(), report);
            // train and evaluate say the same number
            assertEquals(MetricsFile.readTested(RunDirectory.open(withTemperature)).metrics().mse(), with, 1e-12);
            assertEquals(List.of("load"), a.data().table().columns(), "the covariate is an input, never a forecast");
            // an external memory retrieves target windows; the model still takes each window's own covariates
            MemoryEvaluation m = a.memory(new MemoryEvaluation.Request("pnp", "train", null, 1));
            assertEquals(with, m.test().get("all").mseBackbone(), 1e-9, "the backbone is the model with the temperature");
        }
    }

    @Test
    void aRefitTrainsOnItsRowsWithTheCovariatesAndTheLinearBaselineIsRefittedGivenThem() throws IOException {
        // one refit on the rows before the test split (the best epoch's count of epochs), origins a week apart
        RunService.Backtested b = RunService.backtest(new RunService.BacktestRequest(withTemperature, null, null, null,
                7, 100, null, tmp.resolve("backtest"), "cpu", null), new TrainingListener() {
                }, () -> false);
        assertEquals(1, b.report().refits().size());
        Path rows = Path.of(b.report().refits().get(0).runDir()).resolve("rows.csv");
        assertTrue(Files.readAllLines(rows).get(0).equals("date,load,temp"), Files.readAllLines(rows).get(0));
        double model = b.report().overall().get(org.hopcast.forecasting.eval.Backtest.MODEL).mse();
        double linear = b.report().overall().get(Baselines.LINEAR).mse();
        assertTrue(model < 0.8 * linear, "refitted model " + model + " vs linear given temp " + linear);
    }

    @Test
    void aForecastNeedsTheTemperatureOfEveryStepOfItsPeriod() throws IOException {
        RunException none = assertThrows(RunException.class,
                () -> RunService.forecast(withTemperature, file, null, null, "cpu", null, null));
        String first = LocalDate.of(2021, 1, 1).plusDays(ROWS).toString();
        assertTrue(none.getMessage().contains("temp") && none.getMessage().contains(first), none.getMessage());
        StringBuilder future = new StringBuilder("date,temp\n");
        for (int h = 0; h < 7; h++) {
            future.append(LocalDate.of(2021, 1, 1).plusDays(ROWS + h)).append(',').append(h < 3 ? 17 : 35).append('\n');
        }
        Path full = Files.writeString(tmp.resolve("future.csv"), future);
        FutureForecast f = RunService.forecast(withTemperature, file, full, null, "cpu", null, null).forecast();
        assertEquals(7, f.values().length);
        // the Java API forecasts the same numbers from the same rows and future
        try (RunForecaster api = RunForecaster.open(withTemperature)) {
            assertEquals(List.of("temp"), api.info().futureCovariates());
            FutureForecast viaApi = api.forecast(Files.readAllBytes(file), Files.readAllBytes(full), "load");
            assertEquals(java.util.Arrays.deepToString(f.values()), java.util.Arrays.deepToString(viaApi.values()));
            RunException apiWithout = assertThrows(RunException.class, () -> api.forecast(file));
            assertTrue(apiWithout.getMessage().contains("temp"), apiWithout.getMessage());
        }
        assertTrue(f.timestamps().get(0).startsWith(first), f.timestamps().toString());
        // 35 degrees is far up the U: much more load than at 17
        assertTrue(f.values()[5][0] > f.values()[1][0] + 3, java.util.Arrays.deepToString(f.values()));
        String shortFile = future.substring(0, future.indexOf("\n", future.indexOf("\n", future.indexOf("\n") + 1) + 1)
                + 1);
        Path two = Files.writeString(tmp.resolve("short.csv"), shortFile);
        RunException missing = assertThrows(RunException.class,
                () -> RunService.forecast(withTemperature, file, two, null, "cpu", null, null));
        String third = LocalDate.of(2021, 1, 1).plusDays(ROWS + 2).toString();
        assertTrue(missing.getMessage().contains("temp") && missing.getMessage().contains(third)
                && missing.getMessage().contains("short.csv"), missing.getMessage());
    }
}
