package org.hopcast.datasets;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/**
 * How a time column is written when the automatic reading ({@link Timestamps#parse}) cannot tell: a
 * {@link DateTimeFormatter} pattern ({@code dd/MM/yyyy}, {@code dd.MM.yyyy HH:mm}, {@code yyyy-MM} for months,
 * {@code yyyy-MM-dd'T'HH:mmXXX} with an offset), or {@code epoch-seconds} / {@code epoch-millis}. A pattern with a
 * date only reads midnight; one without a day reads the month's first; an offset is honoured (times are kept in UTC).
 */
public final class TimeFormat {
    /** Seconds since 1970-01-01T00:00Z. */
    public static final String EPOCH_SECONDS = "epoch-seconds";
    /** Milliseconds since 1970-01-01T00:00Z. */
    public static final String EPOCH_MILLIS = "epoch-millis";

    private final String text;
    private final DateTimeFormatter pattern;

    private TimeFormat(String text, DateTimeFormatter pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /** The format {@code text} names, refused with the reason when it is not a pattern. */
    public static TimeFormat of(String text) {
        String t = text.trim();
        if (t.equals(EPOCH_SECONDS) || t.equals(EPOCH_MILLIS)) {
            return new TimeFormat(t, null);
        }
        try {
            return new TimeFormat(t, DateTimeFormatter.ofPattern(t, java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("time-format '" + t + "' is not a date-time pattern (" + e.getMessage()
                    + "); e.g. dd/MM/yyyy, yyyy-MM, dd.MM.yyyy HH:mm, epoch-seconds");
        }
    }

    /** Epoch milliseconds (UTC) of {@code cell}; {@link DateTimeException} with a short reason when it does not fit. */
    public long parse(String cell) {
        String s = cell.trim();
        if (pattern == null) {
            try {
                long v = Long.parseLong(s);
                return text.equals(EPOCH_SECONDS) ? Math.multiplyExact(v, 1000L) : v;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new DateTimeException("'" + s + "' is not a whole number of " + (text.equals(EPOCH_SECONDS)
                        ? "seconds" : "milliseconds") + " (time-format " + text + ")");
            }
        }
        TemporalAccessor a;
        try {
            a = pattern.parse(s);
        } catch (DateTimeParseException e) {
            throw new DateTimeException("'" + s + "' does not match the time-format " + text);
        }
        try {
            if (a.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(a).toInstant().toEpochMilli();
            }
            if (a.isSupported(java.time.temporal.ChronoField.HOUR_OF_DAY)) {
                return LocalDateTime.from(a).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (a.isSupported(java.time.temporal.ChronoField.DAY_OF_MONTH)) {
                return LocalDate.from(a).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return YearMonth.from(a).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeException e) {
            throw new DateTimeException("'" + s + "' has no date in the time-format " + text + " (" + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeFormat f && f.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
