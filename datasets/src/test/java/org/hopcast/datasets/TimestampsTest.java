package org.hopcast.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
    private static long utc(int y, int mo, int d, int h, int mi, int s) {
        return LocalDateTime.of(y, mo, d, h, mi, s).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2016-07-01 00:00:00|2016|7|1|0|0|0",
        "2016-07-01 13:45:00|2016|7|1|13|45|0",
        "1/1/2010 0:00|2010|1|1|0|0|0",
        "12/31/2010 23:00|2010|12|31|23|0|0",
        "2016/7/1 2:00|2016|7|1|2|0|0",
        "2002-01-08|2002|1|8|0|0|0",
        "31.12.2019 06:30|2019|12|31|6|30|0",
        "2016-07-01T02:00:00|2016|7|1|2|0|0",
        "2016-07-01T02:00:00Z|2016|7|1|2|0|0",
        "2016-07-01T04:00:00+02:00|2016|7|1|2|0|0",
    })
    void parsesTheBenchmarkFormsAndIso(String text, int y, int mo, int d, int h, int mi, int s) {
        assertEquals(utc(y, mo, d, h, mi, s), Timestamps.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.5", "2016-02-30", "2016-13-01 00:00", "2016-07-01 25:00:00", "12345"})
    void rejectsWhatIsNotATimestamp(String text) {
        assertThrows(DateTimeException.class, () -> Timestamps.parse(text));
        assertFalse(Timestamps.isTimestamp(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2016-07-01 00:00:00", "1999-12-31 23:59:59"})
    void formatIsTheInverseOfParse(String text) {
        assertEquals(text, Timestamps.format(Timestamps.parse(text)));
    }
}
