package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** Future timestamps by calendar arithmetic, checked one by one on generated files of each calendar. */
class CalendarTest {
    private static long millis(LocalDate d) {
        return d.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** {@code n} dates from {@code first}, each the next by {@code step}. */
    private static long[] series(LocalDate first, int n, UnaryOperator<LocalDate> step) {
        long[] t = new long[n];
        LocalDate d = first;
        for (int i = 0; i < n; i++) {
            t[i] = millis(d);
            d = step.apply(d);
        }
        return t;
    }

    /** The next {@code h} timestamps after the series, as the forecast writes them. */
    private static List<String> future(long[] t, int h) {
        Calendar c = Calendar.infer(t);
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= h; i++) {
            out.add(Timestamps.format(c.after(t[t.length - 1], i)).substring(0, 10));
        }
        return out;
    }

    @Test
    void monthStartsStayMonthStarts() {
        // the file of the issue: month starts 1950-2010, whose future drifted to 2011-03-04, ..., 2011-12-08
        long[] t = series(LocalDate.of(1950, 1, 1), 61 * 12, d -> d.plusMonths(1));
        assertEquals("monthly (month starts)", Calendar.infer(t).label());
        assertEquals(List.of("2011-01-01", "2011-02-01", "2011-03-01", "2011-04-01", "2011-05-01", "2011-06-01",
                "2011-07-01", "2011-08-01", "2011-09-01", "2011-10-01", "2011-11-01", "2011-12-01"), future(t, 12));
    }

    @Test
    void monthEndsStayMonthEndsThroughALeapFebruary() {
        long[] t = series(LocalDate.of(2021, 1, 31), 35, d -> d.plusMonths(1).withDayOfMonth(
                d.plusMonths(1).lengthOfMonth()));
        assertEquals("2023-11-30", Timestamps.format(t[t.length - 1]).substring(0, 10));
        assertEquals("monthly (month ends)", Calendar.infer(t).label());
        assertEquals(List.of("2023-12-31", "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"), future(t, 5));
    }

    @Test
    void theThirtiethComesBackAfterFebruary() {
        long[] t = new long[36];
        for (int i = 0; i < t.length; i++) {
            t[i] = millis(LocalDate.of(2020, 3, 30).plusMonths(i)); // the 30th, or February's last day
        }
        // ... ends 2023-02-28: the file's day is the 30th, so March is the 30th again
        assertEquals("2023-02-28", Timestamps.format(t[t.length - 1]).substring(0, 10));
        assertEquals(List.of("2023-03-30", "2023-04-30", "2023-05-30"), future(t, 3));
    }

    @Test
    void quartersAndYearsStepByTheCalendar() {
        long[] quarterEnds = series(LocalDate.of(2015, 3, 31), 36, d -> d.plusMonths(3).withDayOfMonth(
                d.plusMonths(3).lengthOfMonth()));
        assertEquals("quarterly (month ends)", Calendar.infer(quarterEnds).label());
        assertEquals(List.of("2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"), future(quarterEnds, 4));
        long[] quarterStarts = series(LocalDate.of(2000, 1, 1), 40, d -> d.plusMonths(3));
        assertEquals(List.of("2010-01-01", "2010-04-01"), future(quarterStarts, 2));
        long[] years = series(LocalDate.of(1990, 12, 31), 30, d -> d.plusYears(1));
        assertEquals("yearly (month ends)", Calendar.infer(years).label());
        assertEquals(List.of("2020-12-31", "2021-12-31"), future(years, 2));
    }

    @Test
    void businessDaysSkipWeekends() {
        long[] t = series(LocalDate.of(2024, 1, 1), 50, d -> {
            LocalDate n = d.plusDays(1);
            while (n.getDayOfWeek().getValue() > 5) {
                n = n.plusDays(1);
            }
            return n;
        });
        assertEquals("2024-03-08", Timestamps.format(t[t.length - 1]).substring(0, 10)); // a Friday
        assertEquals("business days (Monday to Friday)", Calendar.infer(t).label());
        assertEquals(List.of("2024-03-11", "2024-03-12", "2024-03-13", "2024-03-14", "2024-03-15", "2024-03-18",
                "2024-03-19"), future(t, 7));
    }

    @Test
    void fixedStepsStayFixed() {
        long[] daily = series(LocalDate.of(2024, 1, 1), 30, d -> d.plusDays(1)); // weekends included
        assertEquals(Calendar.Kind.FIXED, Calendar.infer(daily).kind());
        assertEquals(List.of("2024-01-31", "2024-02-01"), future(daily, 2));
        long[] weekly = series(LocalDate.of(2024, 1, 7), 20, d -> d.plusWeeks(1));
        assertEquals(List.of("2024-05-26", "2024-06-02"), future(weekly, 2));
        long[] hourly = new long[48];
        for (int i = 0; i < hourly.length; i++) {
            hourly[i] = 1_700_000_000_000L + i * 3_600_000L;
        }
        assertEquals(hourly[47] + 3 * 3_600_000L, Calendar.infer(hourly).after(hourly[47], 3));
        assertNull(Calendar.infer(new long[] {1}));
    }

    @Test
    void eachCalendarHasTheSeasonForecastersUse() {
        UnaryOperator<LocalDate> weekday = d -> {
            LocalDate n = d.plusDays(1);
            while (n.getDayOfWeek().getValue() > 5) {
                n = n.plusDays(1);
            }
            return n;
        };
        assertEquals(5, Calendar.infer(series(LocalDate.of(2024, 1, 1), 60, weekday)).season().getAsInt());
        assertEquals(12, Calendar.infer(series(LocalDate.of(1950, 1, 1), 40, d -> d.plusMonths(1))).season()
                .getAsInt());
        assertEquals(4, Calendar.infer(series(LocalDate.of(1990, 3, 31), 40, d -> d.plusMonths(3)
                .withDayOfMonth(d.plusMonths(3).lengthOfMonth()))).season().getAsInt());
        assertTrue(Calendar.infer(series(LocalDate.of(1900, 1, 1), 40, d -> d.plusYears(1))).season().isEmpty(),
                "no season for yearly steps: the seasonal naive is the naive forecast");
        assertEquals(7, Calendar.infer(series(LocalDate.of(2024, 1, 1), 60, d -> d.plusDays(1))).season().getAsInt());
        assertEquals(52, Calendar.infer(series(LocalDate.of(2024, 1, 7), 60, d -> d.plusWeeks(1))).season()
                .getAsInt());
        long[] hourly = new long[48];
        for (int i = 0; i < hourly.length; i++) {
            hourly[i] = 1_700_000_000_000L + i * 3_600_000L;
        }
        assertEquals(24, Calendar.infer(hourly).season().getAsInt());
        SeriesTable none = SeriesTable.of("rows", List.of("y"), null, new double[] {1, 2, 3});
        assertTrue(Calendar.season(none).isEmpty(), "without timestamps, no season");
    }
}
