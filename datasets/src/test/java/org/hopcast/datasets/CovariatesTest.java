package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

/** Targets and covariates: which column is which, calendar features, and the windows' covariates without leaks. */
class CovariatesTest {
    /** Daily rows from 2024-01-01: sales = row, price = 1000 + row, promo = row % 3 == 0. */
    private static SeriesTable daily(int rows) {
        StringBuilder sb = new StringBuilder("date,sales,price,promo\n");
        for (int r = 0; r < rows; r++) {
            sb.append(LocalDateTime.of(2024, 1, 1, 0, 0).plusDays(r).toLocalDate()).append(',').append(r).append(',')
                    .append(1000 + r).append(',').append(r % 3 == 0 ? 1 : 0).append('\n');
        }
        return SeriesCsvReader.read(SeriesSource.bytes("shop.csv", sb.toString().getBytes(StandardCharsets.UTF_8)),
                ReadOptions.defaults());
    }

    private static ColumnRoles roles(List<String> targets, List<String> past, List<String> future, String calendar) {
        return new ColumnRoles(targets, past, future, calendar == null ? null : List.of(calendar));
    }

    @Test
    void theTargetsAreEveryColumnThatIsNotACovariateAndTheCovariatesRideBeside() {
        PreparedSeries p = PreparedSeries.of(daily(200), SplitProtocol.parse("rows:120,40,40"), new WindowSpec(14, 7),
                roles(null, List.of("price"), List.of("promo"), null));
        assertEquals(List.of("sales"), p.table().columns());
        assertEquals(List.of("price", "promo"), p.covariates().names());
        assertEquals(1, p.covariates().known());
        // scaled by the training rows: their mean is 0
        double sum = 0;
        float[] rows = p.covariates().scaledRows(0, 120);
        for (int r = 0; r < 120; r++) {
            sum += rows[r * 2];
        }
        assertEquals(0, sum / 120, 1e-5);
        assertNull(PreparedSeries.of(daily(200), SplitProtocol.parse("rows:120,40,40"), new WindowSpec(14, 7))
                .covariates(), "no roles: every column a target, as the benchmarks");
    }

    @Test
    void aColumnNamedWronglyTwiceOrInTwoRolesIsRefusedByItsSetting() {
        SeriesTable t = daily(60);
        SplitProtocol split = SplitProtocol.parse("rows:30,15,15");
        WindowSpec w = new WindowSpec(7, 3);
        DataException unknown = assertThrows(DataException.class,
                () -> PreparedSeries.of(t, split, w, roles(null, List.of("prize"), null, null)));
        assertEquals("past-covariates", unknown.setting());
        assertTrue(unknown.getMessage().contains("'prize'") && unknown.getMessage().contains("shop.csv"),
                unknown.getMessage());
        DataException both = assertThrows(DataException.class,
                () -> PreparedSeries.of(t, split, w, roles(List.of("sales", "promo"), null, List.of("promo"), null)));
        assertEquals("targets", both.setting());
        DataException pastAndFuture = assertThrows(DataException.class,
                () -> PreparedSeries.of(t, split, w, roles(null, List.of("promo"), List.of("promo"), null)));
        assertEquals("future-covariates", pastAndFuture.setting());
        DataException none = assertThrows(DataException.class, () -> PreparedSeries.of(t, split, w,
                roles(null, List.of("sales", "price"), List.of("promo"), null)));
        assertTrue(none.getMessage().contains("no column"), none.getMessage());
        DataException feature = assertThrows(DataException.class, () -> roles(null, null, null, "weekdays"));
        assertEquals("calendar-features", feature.setting());
    }

    @Test
    void aWindowSeesItsCovariatesOverItsInputAndOnlyTheKnownOnesOverItsFuture() {
        PreparedSeries p = PreparedSeries.of(daily(200), SplitProtocol.parse("rows:120,40,40"), new WindowSpec(14, 7),
                roles(null, List.of("price"), List.of("promo"), null));
        WindowDataset train = p.windows(Split.TRAIN).build();
        StandardScaler s = p.covariates().scaler();
        int window = 5;
        float[] observed = train.observed(window);
        float[] ahead = train.knownAhead(window);
        assertEquals(14 * 2, observed.length);
        assertEquals(7, ahead.length, "promo only: the price after the input is never given");
        for (int t = 0; t < 14; t++) {
            int row = window + t;
            assertEquals((float) s.transform(1000 + row, 0), observed[t * 2], 1e-6);
            assertEquals((float) s.transform(row % 3 == 0 ? 1 : 0, 1), observed[t * 2 + 1], 1e-6);
        }
        for (int h = 0; h < 7; h++) {
            int row = window + 14 + h;
            assertEquals((float) s.transform(row % 3 == 0 ? 1 : 0, 1), ahead[h], 1e-6);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDList b = train.batch(m, new long[] {window, window + 1});
            assertEquals(4, b.size());
            assertArrayEquals(new long[] {2, 14, 1}, b.get(0).getShape().getShape());
            assertArrayEquals(new long[] {2, 7, 1}, b.get(1).getShape().getShape());
            assertArrayEquals(new long[] {2, 14, 2}, b.get(2).getShape().getShape());
            assertArrayEquals(new long[] {2, 7, 1}, b.get(3).getShape().getShape());
            float[] batchAhead = b.get(3).toFloatArray();
            assertArrayEquals(ahead, java.util.Arrays.copyOf(batchAhead, 7));
            // the largest price in the batch's covariates is the last input row's: nothing from the forecast period
            float maxPrice = Float.NEGATIVE_INFINITY;
            float[] cov = b.get(2).toFloatArray();
            for (int i = 0; i < cov.length; i += 2) {
                maxPrice = Math.max(maxPrice, cov[i]);
            }
            assertEquals((float) s.transform(1000 + window + 1 + 13, 0), maxPrice, 1e-6);
        }
    }

    @Test
    void calendarFeaturesAreSinesAndCosinesOfTheTimestampsChosenByTheCalendar() {
        long jan = java.time.Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        long apr = java.time.Instant.parse("2024-04-01T00:00:00Z").toEpochMilli();
        double[] v = CalendarFeatures.parse(List.of("month")).values(new long[] {jan, apr});
        assertArrayEquals(new double[] {0, 1, 1, 0}, v, 1e-12);
        long day = 86_400_000L;
        assertEquals(List.of(CalendarFeatures.Feature.HOUR_OF_DAY, CalendarFeatures.Feature.DAY_OF_WEEK),
                CalendarFeatures.forCalendar(new Calendar(Calendar.Kind.FIXED, 3_600_000L, 0)).features());
        assertEquals(List.of(CalendarFeatures.Feature.DAY_OF_WEEK, CalendarFeatures.Feature.DAY_OF_YEAR),
                CalendarFeatures.forCalendar(new Calendar(Calendar.Kind.FIXED, day, 0)).features());
        assertEquals(List.of(CalendarFeatures.Feature.DAY_OF_WEEK),
                CalendarFeatures.forCalendar(new Calendar(Calendar.Kind.BUSINESS_DAYS, day, 0)).features());
        assertEquals(List.of(CalendarFeatures.Feature.WEEK_OF_YEAR),
                CalendarFeatures.forCalendar(new Calendar(Calendar.Kind.FIXED, 7 * day, 0)).features());
        assertEquals(List.of(CalendarFeatures.Feature.MONTH),
                CalendarFeatures.forCalendar(new Calendar(Calendar.Kind.MONTHLY, 30 * day, 1)).features());
        assertEquals(List.of(CalendarFeatures.Feature.QUARTER),
                CalendarFeatures.forCalendar(new Calendar(Calendar.Kind.QUARTERLY, 91 * day, 1)).features());
        assertTrue(CalendarFeatures.forCalendar(new Calendar(Calendar.Kind.YEARLY, 365 * day, 1)).isOff());
        // "on" over a daily file: weekday and day of year, known ahead, after the file's covariates
        PreparedSeries p = PreparedSeries.of(daily(100), SplitProtocol.parse("rows:60,20,20"), new WindowSpec(7, 3),
                roles(null, null, List.of("promo"), "on"));
        assertEquals(List.of("promo", "cal_weekday_sin", "cal_weekday_cos", "cal_yearday_sin", "cal_yearday_cos"),
                p.covariates().names());
        assertEquals(5, p.covariates().known());
        assertEquals(List.of("sales", "price"), p.table().columns());
        SeriesTable untimed = SeriesTable.of("plain", List.of("a"), null, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        DataException noTime = assertThrows(DataException.class, () -> PreparedSeries.of(untimed,
                SplitProtocol.parse("rows:6,2,2"), new WindowSpec(2, 1), roles(null, null, null, "on")));
        assertEquals("calendar-features", noTime.setting());
    }
}
