package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** time-format: day-first dates, months, epoch seconds and offsets read as they are written (issue #31). */
class TimeFormatTest {
    private static SeriesTable read(String csv, String format) {
        return SeriesCsvReader.read(SeriesSource.bytes("test.csv", csv.getBytes(StandardCharsets.UTF_8)),
                ReadOptions.builder().optTimeFormat(format).build());
    }

    private static String day(SeriesTable t, int row) {
        return Timestamps.format(t.timestamp(row));
    }

    @Test
    void dayFirstDatesReadDayFirst() {
        SeriesTable t = read("date,x\n01/02/2024,1\n02/02/2024,2\n13/02/2024,3\n", "dd/MM/yyyy");
        assertEquals("2024-02-01 00:00:00", day(t, 0));
        assertEquals("2024-02-13 00:00:00", day(t, 2));
        SeriesTable withTime = read("date,x\n31.12.2019 06:30,1\n31.12.2019 07:30,2\n", "dd.MM.yyyy HH:mm");
        assertEquals("2019-12-31 07:30:00", day(withTime, 1));
    }

    @Test
    void dayFirstDatesAreRecognisedWhenADayAboveTwelveSaysSo() {
        // no format: the 13th can only be day first, so the whole file is, its 1/2 included
        SeriesTable t = read("date,x\n01/02/2024,1\n02/02/2024,2\n13/02/2024,3\n", null);
        assertEquals("2024-02-01 00:00:00", day(t, 0));
        assertEquals("2024-02-13 00:00:00", day(t, 2));
        SeriesTable hours = read("date,x\n12/1/2024 23:00,1\n13/1/2024 0:00,2\n", null);
        assertEquals("2024-01-12 23:00:00", day(hours, 0));
        // nothing above 12: month first, as US-made files (WTH) write them; a format says otherwise
        assertEquals("2024-01-02 00:00:00", day(read("date,x\n01/02/2024,1\n01/03/2024,2\n", null), 0));
        assertEquals("2024-02-01 00:00:00", day(read("date,x\n01/02/2024,1\n01/03/2024,2\n", "dd/MM/yyyy"), 0));
        // both ways in one column: refused, naming both cells
        DataException mixed = assertThrows(DataException.class,
                () -> read("date,x\n13/01/2024,1\n01/14/2024,2\n", null));
        assertTrue(mixed.getMessage().contains("01/14/2024") && mixed.getMessage().contains("13/01/2024"),
                mixed.getMessage());
    }

    @Test
    void monthsEpochsAndOffsets() {
        // a month alone is its first day, recognised without a format too
        assertEquals("2024-01-01 00:00:00", day(read("month,x\n2024-01,1\n2024-02,2\n", null), 0));
        assertEquals("2024-03-01 00:00:00", day(read("month,x\n02/2024,1\n03/2024,2\n", "MM/yyyy"), 1));
        SeriesTable epoch = read("ts,x\n1700000000,1\n1700003600,2\n", TimeFormat.EPOCH_SECONDS);
        assertEquals(1_700_003_600_000L, epoch.timestamp(1));
        assertEquals(1_700_000_000_123L, read("ts,x\n1700000000123,1\n1700000000124,2\n", TimeFormat.EPOCH_MILLIS)
                .timestamp(0));
        // an offset is honoured: both rows are the same instant in UTC an hour apart
        SeriesTable offset = read("t,x\n2024-03-31T01:00+01:00,1\n2024-03-31T03:00+02:00,2\n", "yyyy-MM-dd'T'HH:mmXXX");
        assertEquals(3_600_000L, offset.timestamp(1) - offset.timestamp(0));
    }

    @Test
    void aCellThatDoesNotFitIsNamedWithItsLineAndColumn() {
        DataException e = assertThrows(DataException.class, () -> read("date,x\n01/02/2024,1\n2024-02-02,2\n",
                "dd/MM/yyyy"));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("'date'")
                && e.getMessage().contains("dd/MM/yyyy"), e.getMessage());
        DataException n = assertThrows(DataException.class, () -> read("ts,x\n1700000000,1\nlater,2\n",
                TimeFormat.EPOCH_SECONDS));
        assertTrue(n.getMessage().contains("whole number of seconds"), n.getMessage());
        // without a format, a date that is neither day first nor month first says what to set
        DataException auto = assertThrows(DataException.class, () -> read("date,x\n31/13/2024,1\n", null));
        assertTrue(auto.getMessage().contains("time-format"), auto.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> TimeFormat.of("yyyy-{MM"));
        assertTrue(bad.getMessage().contains("not a date-time pattern"), bad.getMessage());
    }
}
