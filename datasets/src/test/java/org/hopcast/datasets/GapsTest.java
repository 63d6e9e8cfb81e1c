package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** Missing and repeated timestamps: kept as read, or every step of the calendar a row (gaps fill). */
class GapsTest {
    private static SeriesTable read(String csv, GapPolicy gaps, FillMethod fill) {
        return SeriesCsvReader.read(SeriesSource.bytes("gaps.csv", csv.getBytes(StandardCharsets.UTF_8)),
                ReadOptions.builder().optGaps(gaps).optFill(fill).build());
    }

    /** Rows from {@code first} by {@code step}, value = row index, leaving out those {@code skip} says. */
    private static String csv(LocalDateTime first, int rows, UnaryOperator<LocalDateTime> step,
            java.util.function.IntPredicate skip) {
        StringBuilder sb = new StringBuilder("time,y\n");
        LocalDateTime t = first;
        for (int i = 0; i < rows; i++) {
            if (!skip.test(i)) {
                sb.append(t.toString().replace('T', ' ')).append(',').append(i).append('\n');
            }
            t = step.apply(t);
        }
        return sb.toString();
    }

    @Test
    void aClockChangeFilesSkippedHourIsInsertedAndItsRepeatedHourAveraged() {
        // local time: clocks go forward at 2023-03-26 02:00 (skipped) and back at 2023-10-29 02:00 (twice)
        String csv = "time,load\n2023-03-26 00:00,1\n2023-03-26 01:00,2\n2023-03-26 03:00,4\n2023-03-26 04:00,5\n"
                + "2023-10-29 00:00,1\n";
        assertEquals(5, read(csv, GapPolicy.KEEP, FillMethod.NONE).rows(), "kept: the gap only counted");
        String fallBack = "time,load\n2023-10-29 00:00,1\n2023-10-29 01:00,2\n2023-10-29 02:00,3\n"
                + "2023-10-29 02:00,5\n2023-10-29 03:00,6\n";
        DataException e = assertThrows(DataException.class, () -> read(fallBack, GapPolicy.KEEP, FillMethod.NONE));
        assertTrue(e.getMessage().contains("line 5") && e.getMessage().contains("gaps to fill"), e.getMessage());
        SeriesTable merged = read(fallBack, GapPolicy.FILL, FillMethod.NONE);
        assertEquals(4, merged.rows());
        assertEquals(4.0, merged.value(2, 0), 1e-12, "the repeated hour's two readings averaged");
        assertEquals(1, merged.fillReport().mergedRows());
        assertEquals("2023-10-29 02:00:00", merged.fillReport().firstMerged());
        String spring = "time,load\n2023-03-26 00:00,1\n2023-03-26 01:00,2\n2023-03-26 03:00,4\n2023-03-26 04:00,5\n";
        SeriesTable filled = read(spring, GapPolicy.FILL, FillMethod.NONE);
        assertEquals(5, filled.rows());
        assertEquals("2023-03-26 02:00:00", Timestamps.format(filled.timestamp(2)));
        assertEquals(3.0, filled.value(2, 0), 1e-12, "linear between its neighbours");
        assertEquals(1, filled.fillReport().insertedRows());
        assertEquals(0, filled.fillReport().missingCells(), "no cell of the file was missing");
    }

    @Test
    void businessDaysAndMonthsInsertOnlyTheirOwnMissingSteps() {
        UnaryOperator<LocalDateTime> weekday = t -> {
            LocalDateTime n = t.plusDays(1);
            while (n.getDayOfWeek().getValue() > 5) {
                n = n.plusDays(1);
            }
            return n;
        };
        // 60 business days from Monday 2024-01-01, the 10th (a holiday) missing: one row, no weekend
        SeriesTable b = read(csv(LocalDateTime.of(2024, 1, 1, 0, 0), 60, weekday, i -> i == 10), GapPolicy.FILL,
                FillMethod.FORWARD);
        assertEquals(60, b.rows());
        assertEquals(1, b.fillReport().insertedRows());
        assertEquals("2024-01-15 00:00:00", b.fillReport().firstInserted());
        assertEquals(9.0, b.value(10, 0), 1e-12, "forward: the day before's value");
        // months with two missing: inserted on the file's day of the month
        SeriesTable m = read(csv(LocalDateTime.of(2000, 1, 31, 0, 0), 48, t -> t.plusMonths(1).withDayOfMonth(t
                .plusMonths(1).toLocalDate().lengthOfMonth()), i -> i == 13 || i == 14), GapPolicy.FILL,
                FillMethod.NONE);
        assertEquals(48, m.rows());
        assertEquals(2, m.fillReport().insertedRows());
        assertEquals("2001-02-28 00:00:00", Timestamps.format(m.timestamp(13)));
        assertEquals("2001-03-31 00:00:00", Timestamps.format(m.timestamp(14)));
        assertEquals(13.0, m.value(13, 0), 1e-12);
    }

    @Test
    void markedGapsGiveTheModelAColumnThatSaysWhichRowsWereFilledIn() {
        // hourly, rows 5 and 6 missing, and one empty cell at row 9
        String csv = csv(LocalDateTime.of(2024, 1, 1, 0, 0), 30, t -> t.plusHours(1), i -> i == 5 || i == 6)
                .replace("\n2024-01-01 09:00,9\n", "\n2024-01-01 09:00,\n");
        SeriesTable t = read(csv, GapPolicy.MARK, FillMethod.LINEAR);
        assertEquals(java.util.List.of("y", GapPolicy.MARKER), t.columns());
        assertEquals(30, t.rows());
        for (int r = 0; r < 30; r++) {
            assertEquals(r == 5 || r == 6 || r == 9 ? 1.0 : 0.0, t.value(r, 1), "row " + r);
        }
        assertEquals(5.0, t.value(5, 0), 1e-12, "filled linearly between its neighbours");
        PreparedSeries p = PreparedSeries.of(t, SplitProtocol.parse("rows:20,5,5"), new WindowSpec(4, 1),
                ColumnRoles.ALL_TARGETS);
        assertEquals(java.util.List.of("y"), p.table().columns(), "the marker is never forecast");
        assertEquals(java.util.List.of(GapPolicy.MARKER), p.covariates().pastCovariates());
        String taken = "time,y," + GapPolicy.MARKER + "\n2024-01-01 00:00,1,0\n2024-01-01 01:00,2,0\n";
        DataException e = assertThrows(DataException.class, () -> read(taken, GapPolicy.MARK, FillMethod.NONE));
        assertTrue(e.getMessage().contains(GapPolicy.MARKER), e.getMessage());
    }

    @Test
    void aTimestampOffTheCalendarAndAMissingCellAreStillRefused() {
        String off = "time,y\n2024-01-01 00:00,1\n2024-01-01 01:00,2\n2024-01-01 02:00,3\n2024-01-01 02:30,4\n"
                + "2024-01-01 03:00,5\n2024-01-01 04:00,6\n";
        DataException e = assertThrows(DataException.class, () -> read(off, GapPolicy.FILL, FillMethod.NONE));
        assertTrue(e.getMessage().contains("2024-01-01 02:30:00 (data row 4) is not a step of the file's calendar"),
                e.getMessage());
        String cell = "time,y\n2024-01-01 00:00,1\n2024-01-01 01:00,\n2024-01-01 03:00,4\n2024-01-01 04:00,5\n";
        DataException missing = assertThrows(DataException.class, () -> read(cell, GapPolicy.FILL, FillMethod.NONE));
        assertTrue(missing.getMessage().contains("line 3") && missing.getMessage().contains("empty cell"),
                missing.getMessage());
        SeriesTable repaired = read(cell, GapPolicy.FILL, FillMethod.LINEAR);
        assertEquals(5, repaired.rows());
        assertEquals(1, repaired.fillReport().missingCells());
        assertEquals(1, repaired.fillReport().insertedRows());
        assertEquals(GapPolicy.FILL, repaired.fillReport().gaps());
    }
}
