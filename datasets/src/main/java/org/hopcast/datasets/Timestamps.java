package org.hopcast.datasets;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses the timestamp forms of the benchmark files and ISO-8601 into epoch milliseconds.
 *
 * <p>Local times (no zone) are read as UTC, so steps between rows are plain differences. Accepted forms:
 * {@code 2016-07-01 00:00:00}, {@code 2016/7/1 2:00}, {@code 1/1/2010 0:00} (month first, as the WTH
 * file), {@code 1.7.2016 00:00} (day first), dates alone, and ISO-8601 such as
 * {@code 2016-07-01T00:00:00Z} or {@code 2016-07-01T02:00:00+02:00}. The common numeric forms take a fast
 * path without {@link DateTimeFormatter}, because a file of 70,000 rows should read in well under a second.
 */
public final class Timestamps {
    private static final DateTimeFormatter OUTPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Timestamps() {
    }

    /**
     * Returns the epoch milliseconds of {@code text}, or throws {@link DateTimeException} with a short reason
     * when it is not a timestamp.
     */
    public static long parse(CharSequence text) {
        return parse(text, false);
    }

    /**
     * As {@link #parse(CharSequence)}, reading dates with the year last and '/' or '-' between the fields (1/2/2024)
     * day first when {@code dayFirst} (2 January otherwise, as US-made files write them).
     */
    public static long parse(CharSequence text, boolean dayFirst) {
        long fast = parseNumeric(text, dayFirst);
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        String s = text.toString().trim();
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // not an offset date-time; try the other ISO forms below
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        if (s.length() == 7 && s.charAt(4) == '-') {
            try {
                // a month alone (2024-01): its first day, as monthly files write them
                return java.time.YearMonth.parse(s).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // fall through
            }
        }
        throw new DateTimeException("'" + s + "' is not a timestamp (expected e.g. 2016-07-01 00:00:00, "
                + "1/1/2010 0:00, 2016/7/1 2:00, 2024-01, a date, or ISO-8601; set time-format for others)");
    }

    /**
     * For a date with the year last and '/' or '-' between the fields (13/2/2024, 2/13/2024): +1 when only day first
     * reads it (its first field is above 12), -1 when only month first does (its second is), 0 otherwise (either
     * reads it, or it is another form).
     */
    public static int dateOrder(CharSequence text) {
        String s = text.toString().trim();
        int end = s.indexOf(' ') >= 0 ? s.indexOf(' ') : s.indexOf('T') >= 0 ? s.indexOf('T') : s.length();
        String[] f = s.substring(0, end).split("[/-]", -1);
        if (f.length != 3 || f[2].length() != 4 || f[0].isEmpty() || f[1].isEmpty() || f[0].length() > 2
                || f[1].length() > 2 || !(f[0] + f[1] + f[2]).chars().allMatch(Character::isDigit)) {
            return 0;
        }
        int a = Integer.parseInt(f[0]);
        int b = Integer.parseInt(f[1]);
        return a > 12 && b <= 12 ? 1 : b > 12 && a <= 12 ? -1 : 0;
    }

    /** True when {@code text} parses as a timestamp. */
    public static boolean isTimestamp(CharSequence text) {
        try {
            parse(text);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** Formats epoch milliseconds as {@code yyyy-MM-dd HH:mm:ss} (UTC, the form local times were read in). */
    public static String format(long epochMillis) {
        return OUTPUT.format(LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
                (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, ZoneOffset.UTC));
    }

    /**
     * Fast path for purely numeric forms: up to three date fields separated by '-', '/' or '.', then
     * optionally ' ' or 'T' and H:mm[:ss[.fff]]. Returns Long.MIN_VALUE when the text has another shape.
     */
    private static long parseNumeric(CharSequence s, boolean dayFirst) {
        int n = s.length();
        int i = 0;
        while (i < n && s.charAt(i) == ' ') {
            i++;
        }
        while (n > i && s.charAt(n - 1) == ' ') {
            n--;
        }
        int[] f = new int[6];
        int[] digits = new int[6];
        char dateSep = 0;
        int field = 0;
        // date part
        for (; field < 3; field++) {
            int start = i;
            int v = 0;
            while (i < n && Character.isDigit(s.charAt(i)) && i - start < 9) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return Long.MIN_VALUE;
            }
            f[field] = v;
            digits[field] = i - start;
            if (field < 2) {
                if (i >= n) {
                    return Long.MIN_VALUE;
                }
                char c = s.charAt(i);
                if (c != '-' && c != '/' && c != '.') {
                    return Long.MIN_VALUE;
                }
                if (dateSep == 0) {
                    dateSep = c;
                } else if (c != dateSep) {
                    return Long.MIN_VALUE;
                }
                i++;
            }
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        int millis = 0;
        if (i < n) {
            char c = s.charAt(i);
            if (c != ' ' && c != 'T') {
                return Long.MIN_VALUE;
            }
            i++;
            int[] t = new int[3];
            int tf = 0;
            for (; tf < 3; tf++) {
                int start = i;
                int v = 0;
                while (i < n && Character.isDigit(s.charAt(i)) && i - start < 3) {
                    v = v * 10 + (s.charAt(i) - '0');
                    i++;
                }
                if (i == start) {
                    return Long.MIN_VALUE;
                }
                t[tf] = v;
                if (i < n && s.charAt(i) == ':' && tf < 2) {
                    i++;
                } else {
                    tf++;
                    break;
                }
            }
            if (tf < 2) {
                return Long.MIN_VALUE; // an hour alone is not a time of day we accept
            }
            hour = t[0];
            minute = t[1];
            second = t[2];
            if (i < n && s.charAt(i) == '.') {
                i++;
                int start = i;
                int v = 0;
                while (i < n && Character.isDigit(s.charAt(i))) {
                    if (i - start < 3) {
                        v = v * 10 + (s.charAt(i) - '0');
                    }
                    i++;
                }
                int len = Math.min(i - start, 3);
                for (int k = len; k < 3; k++) {
                    v *= 10;
                }
                millis = v;
            }
            if (i < n) {
                return Long.MIN_VALUE; // zones and other suffixes go through java.time
            }
        }
        int year;
        int month;
        int day;
        if (digits[0] == 4) { // y-m-d, y/m/d
            year = f[0];
            month = f[1];
            day = f[2];
        } else if (digits[2] == 4 && dateSep == '.') { // d.m.y
            day = f[0];
            month = f[1];
            year = f[2];
        } else if (digits[2] == 4) { // m/d/y, as the WTH and many US-made files write it; d/m/y when told
            month = dayFirst ? f[1] : f[0];
            day = dayFirst ? f[0] : f[1];
            year = f[2];
        } else {
            return Long.MIN_VALUE;
        }
        LocalDate date = LocalDate.of(year, month, day); // throws DateTimeException on 2016-02-30
        if (hour > 23 || minute > 59 || second > 59) {
            throw new DateTimeException("'" + s + "' has an invalid time of day");
        }
        long epochDay = date.toEpochDay();
        return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }
}
