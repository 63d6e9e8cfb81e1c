package org.hopcast.forecasting.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;

import org.hopcast.datasets.Frequency;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.SplitProtocol;
import org.hopcast.datasets.SyntheticSeries;
import org.hopcast.datasets.WindowSpec;
import org.junit.jupiter.api.Test;

/** Each baseline on series where its answer is known. */
class BaselinesTest {
    private static PreparedSeries prepared(SeriesTable t, int in, int out) {
        return PreparedSeries.of(t, SplitProtocol.parse("ratio"), new WindowSpec(in, out));
    }

    /** Hourly table of given values (row-major). */
    private static SeriesTable hourly(double[] v, int series) {
        int rows = v.length / series;
        long[] times = new long[rows];
        for (int t = 0; t < rows; t++) {
            times[t] = 1_577_836_800_000L + t * 3_600_000L;
        }
        List<String> names = series == 1 ? List.of("x") : List.of("x", "y");
        return SeriesTable.of("test", names, times, v);
    }

    @Test
    void persistenceIsTheKnownBaseline() {
        PreparedSeries p = prepared(SyntheticSeries.table(SyntheticSeries.Kind.RANDOM_WALK, 2000, 3, 5), 48, 12);
        Baselines b = Baselines.of(p, p.scaler(), 32);
        // independently: every test window's last input value against each of its targets
        var ds = p.windows(Split.TEST).build();
        double sum = 0;
        long n = 0;
        for (int i = 0; i < ds.size(); i++) {
            float[] x = ds.input(i);
            float[] y = ds.target(i);
            for (int k = 0; k < y.length; k++) {
                double d = y[k] - x[47 * 3 + k % 3];
                sum += d * d;
                n++;
            }
        }
        assertEquals(sum / n, b.get(Baselines.PERSISTENCE).test().mse(), 1e-9);
    }

    @Test
    void seasonalNaiveRepeatsAPeriodicSeriesExactly() {
        double[] v = new double[1000];
        for (int t = 0; t < v.length; t++) {
            v[t] = Math.sin(2 * Math.PI * t / 24) + 0.3 * Math.cos(2 * Math.PI * t / 12);
        }
        PreparedSeries p = prepared(hourly(v, 1), 48, 30); // a horizon longer than one season
        Baselines b = Baselines.of(p, p.scaler(), 32);
        assertEquals(0, b.get(Baselines.SEASONAL).test().mse(), 1e-9);
        assertTrue(b.get(Baselines.PERSISTENCE).test().mse() > 0.5);
        assertEquals(Baselines.SEASONAL, b.bestOnTest().name().equals(Baselines.LINEAR) ? Baselines.SEASONAL
                : b.bestOnTest().name());
    }

    @Test
    void theLinearBaselineContinuesATrend() {
        double[] v = new double[2 * 800];
        for (int t = 0; t < 800; t++) {
            v[2 * t] = 3 + 0.05 * t;
            v[2 * t + 1] = -1 - 0.02 * t;
        }
        PreparedSeries p = prepared(hourly(v, 2), 24, 12);
        Baselines b = Baselines.of(p, p.scaler(), 32);
        assertEquals(0, b.get(Baselines.LINEAR).test().mse(), 1e-8);
        assertTrue(b.get(Baselines.PERSISTENCE).test().mse() > 1e-4, "persistence lags a trend");
    }

    @Test
    void onARandomWalkTheLinearBaselineIsNoBetterThanPersistence() {
        PreparedSeries p = prepared(SyntheticSeries.table(SyntheticSeries.Kind.RANDOM_WALK, 4000, 2, 9), 48, 12);
        Baselines b = Baselines.of(p, p.scaler(), 32);
        double persistence = b.get(Baselines.PERSISTENCE).test().mse();
        assertEquals(persistence, b.get(Baselines.LINEAR).test().mse(), 0.05 * persistence);
    }

    /**
     * A model that is still its start (a linear path no epoch improved on) forecasts what that baseline forecasts:
     * float32 against float64 arithmetic (2e-9 relative measured) must neither make it "beat" the baseline nor read
     * as losing to it; a real margin still counts.
     */
    @Test
    void aModelEqualToABaselineNeitherBeatsNorLosesToIt() {
        PreparedSeries p = prepared(SyntheticSeries.table(SyntheticSeries.Kind.TREND, 1500, 2, 4), 24, 12);
        Baselines b = Baselines.of(p, p.scaler(), 32);
        Baselines.Result best = b.bestOnTest();
        double val = b.bestOnValidation().valMse();
        double test = best.test().mse();
        assertEquals(false, b.beatenBy(val * (1 - 1e-9), test * (1 - 1e-9)));
        assertTrue(b.verdict(val * (1 - 1e-9), test * (1 - 1e-9)).startsWith("The model forecasts what the "
                + best.name() + " baseline forecasts on the test split"), b.verdict(val, test));
        assertTrue(b.beatenBy(val * 0.99, test * 0.99), "a 1% margin beats it");
        assertNull(b.verdict(val * 0.99, test * 0.99));
        assertTrue(b.verdict(val, test * 1.01).startsWith("The model does not beat"));
    }

    @Test
    void theSeasonComesFromTheFrequency() {
        assertEquals(OptionalInt.of(24), new Frequency(3_600_000L, 0).season());
        assertEquals(OptionalInt.of(96), new Frequency(900_000L, 0).season());
        assertEquals(OptionalInt.of(144), new Frequency(600_000L, 0).season());
        assertEquals(OptionalInt.of(7), new Frequency(86_400_000L, 0).season());
        assertEquals(OptionalInt.of(52), new Frequency(7 * 86_400_000L, 0).season());
        assertEquals(OptionalInt.empty(), new Frequency(7 * 60_000L, 0).season());
        assertEquals(OptionalInt.empty(), new Frequency(2 * 86_400_000L, 0).season());
    }

    @Test
    void aSeasonLongerThanTheInputIsNamedAsUnavailable() {
        PreparedSeries p = prepared(SyntheticSeries.table(SyntheticSeries.Kind.TREND, 600, 1, 1), 12, 6);
        Baselines b = Baselines.of(p, p.scaler(), 32);
        assertNull(b.get(Baselines.SEASONAL));
        assertTrue(b.unavailable().get(0).reason().contains("longer than the input window"));
    }

    @Test
    void theVerdictNamesTheBaselineThatWins() {
        PreparedSeries p = prepared(SyntheticSeries.table(SyntheticSeries.Kind.TREND, 2000, 2, 3), 48, 12);
        Baselines b = Baselines.of(p, p.scaler(), 32);
        double best = b.bestOnTest().test().mse();
        assertNull(b.verdict(0, best / 2));
        String v = b.verdict(0, best * 2);
        assertNotNull(v);
        assertTrue(v.contains("test split") && v.contains(b.bestOnTest().name()), v);
        assertTrue(b.verdict(b.bestOnValidation().valMse() * 3, 0).contains("validation"));
    }

    @Test
    void theSeasonalNaiveRepeatsTheCalendarsSeason() {
        // a business-day series with a weekday pattern: its season is the 5-day week, not 7 rows
        int rows = 600;
        long[] t = new long[rows];
        double[] v = new double[rows];
        java.time.LocalDate d = java.time.LocalDate.of(2020, 1, 6);
        for (int i = 0; i < rows; i++) {
            t[i] = d.atStartOfDay().toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            v[i] = new double[] {5, 3, 3, 3, 1}[d.getDayOfWeek().getValue() - 1];
            d = d.plusDays(d.getDayOfWeek().getValue() == 5 ? 3 : 1);
        }
        PreparedSeries p = prepared(SeriesTable.of("weekdays", List.of("x"), t, v), 20, 5);
        Baselines.Forecasters f = Baselines.forecasters(p, p.windows(Split.TRAIN).build());
        assertTrue(f.available().stream().anyMatch(a -> a.detail().equals("repeating the last 5 steps")),
                f.available().toString());
        assertEquals(0.0, Baselines.of(p, p.scaler(), 32).get(Baselines.SEASONAL).test().mse(), 1e-12,
                "a weekday pattern repeated exactly");
        assertEquals(5, MaseScale.of(p).season());
        // monthly data: a year of 12 steps, when the window holds one
        long[] months = new long[240];
        double[] m = new double[240];
        for (int i = 0; i < months.length; i++) {
            months[i] = java.time.LocalDate.of(2000, 1, 1).plusMonths(i).atStartOfDay().toInstant(java.time.ZoneOffset
                    .UTC).toEpochMilli();
            m[i] = Math.sin(2 * Math.PI * i / 12);
        }
        PreparedSeries monthly = prepared(SeriesTable.of("monthly", List.of("x"), months, m), 24, 6);
        assertEquals(OptionalInt.of(12), org.hopcast.forecasting.model.LinearMix.season(monthly.table(), 24));
        assertEquals(12, MaseScale.of(monthly).season());
        // yearly data has none: the seasonal naive is unavailable, and says why
        long[] years = new long[120];
        for (int i = 0; i < years.length; i++) {
            years[i] = java.time.LocalDate.of(1900 + i, 1, 1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)
                    .toEpochMilli();
        }
        PreparedSeries yearly = prepared(SeriesTable.of("yearly", List.of("x"), years, new double[120]), 10, 2);
        Baselines.Forecasters y = Baselines.forecasters(yearly, yearly.windows(Split.TRAIN).build());
        assertTrue(y.unavailable().get(0).reason().startsWith("no season is known for a step of yearly"),
                y.unavailable().toString());
    }
}
