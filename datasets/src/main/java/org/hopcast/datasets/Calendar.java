package org.hopcast.datasets;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * The calendar a series' timestamps step in, inferred from them, and the timestamps after its last one by that
 * calendar's arithmetic: months and quarters by the calendar (a month end stays a month end, the 31st is not pushed
 * into the next month), business days skipping weekends, everything else by the file's median step. Adding h times
 * the median step to the last timestamp, as forecasts did, sent monthly data drifting through the month (2011-03-04,
 * 2011-04-04, ...) and business days onto Saturdays.
 *
 * @param kind how it steps
 * @param stepMillis the median step (what {@link Kind#FIXED} adds)
 * @param anchorDay for the month-based kinds: the day of the month the file's timestamps fall on (the most common;
 *        a later one than a month has is its last day), or 0 when every timestamp is its month's last day
 */
public record Calendar(Kind kind, long stepMillis, int anchorDay) {
    /** The kinds of calendar. */
    public enum Kind {
        /** A fixed step (hours, minutes, days, weeks). */
        FIXED(1),
        /** Monday to Friday, one day a step. */
        BUSINESS_DAYS(1),
        /** One calendar month a step. */
        MONTHLY(1),
        /** Three calendar months a step. */
        QUARTERLY(3),
        /** Twelve calendar months a step. */
        YEARLY(12);

        private final int months;

        Kind(int months) {
            this.months = months;
        }
    }

    private static final long DAY = 86_400_000L;

    /** The calendar of {@code table}'s timestamps; null without a time column (or with fewer than two rows). */
    public static Calendar of(SeriesTable table) {
        return table.hasTimestamps() ? infer(table.timestamps()) : null;
    }

    /** The calendar of strictly increasing timestamps; null for fewer than two. */
    public static Calendar infer(long[] timestamps) {
        Frequency f = Frequency.infer(timestamps);
        if (f == null) {
            return null;
        }
        long step = f.stepMillis();
        if (step >= 28 * DAY) {
            int[] months = new int[timestamps.length - 1];
            for (int i = 1; i < timestamps.length; i++) {
                months[i - 1] = monthIndex(timestamps[i]) - monthIndex(timestamps[i - 1]);
            }
            int[] sorted = months.clone();
            Arrays.sort(sorted);
            int median = sorted[sorted.length / 2];
            Kind kind = median == 1 ? Kind.MONTHLY : median == 3 ? Kind.QUARTERLY : median == 12 ? Kind.YEARLY : null;
            if (kind != null) {
                boolean ends = Arrays.stream(timestamps).allMatch(Calendar::isMonthEnd);
                return new Calendar(kind, step, ends ? 0 : commonestDay(timestamps));
            }
        }
        if (step == DAY) {
            boolean weekdaysOnly = Arrays.stream(timestamps).mapToObj(Calendar::time)
                    .noneMatch(t -> t.getDayOfWeek() == DayOfWeek.SATURDAY || t.getDayOfWeek() == DayOfWeek.SUNDAY);
            boolean skipsWeekends = false;
            for (int i = 1; i < timestamps.length && !skipsWeekends; i++) {
                skipsWeekends = timestamps[i] - timestamps[i - 1] == 3 * DAY
                        && time(timestamps[i]).getDayOfWeek() == DayOfWeek.MONDAY;
            }
            if (weekdaysOnly && skipsWeekends) {
                return new Calendar(Kind.BUSINESS_DAYS, step, 0);
            }
        }
        return new Calendar(Kind.FIXED, step, 0);
    }

    private static int commonestDay(long[] timestamps) {
        int[] counts = new int[32];
        for (long t : timestamps) {
            counts[day(t)]++;
        }
        int best = 1;
        for (int d = 1; d <= 31; d++) {
            if (counts[d] > counts[best]) {
                best = d;
            }
        }
        return best;
    }

    /** The timestamp {@code h} steps (h &gt;= 1) after {@code last}. */
    public long after(long last, int h) {
        LocalDateTime t = time(last);
        return switch (kind) {
            case FIXED -> last + h * stepMillis;
            case BUSINESS_DAYS -> {
                LocalDateTime d = t;
                for (int i = 0; i < h; i++) {
                    d = d.plusDays(1);
                    while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                        d = d.plusDays(1);
                    }
                }
                yield millis(d);
            }
            case MONTHLY, QUARTERLY, YEARLY -> {
                // from the last timestamp in one jump, on the file's day: a file of the 30th that ends on Feb 28
                // continues on Mar 30, month ends stay month ends
                LocalDateTime d = t.plusMonths((long) h * kind.months);
                int length = d.toLocalDate().lengthOfMonth();
                yield millis(d.withDayOfMonth(anchorDay == 0 ? length : Math.min(anchorDay, length)));
            }
        };
    }

    /**
     * The steps in one season of this calendar, for the seasonal naive forecast and MASE's scale: a week of business
     * days (5), a year of months (12) or quarters (4), none for yearly steps; for a fixed step
     * {@link Frequency#season()} (a day of sub-daily steps, a week of days, a year of weeks).
     */
    public java.util.OptionalInt season() {
        return switch (kind) {
            case FIXED -> new Frequency(stepMillis, 0).season();
            case BUSINESS_DAYS -> java.util.OptionalInt.of(5);
            case MONTHLY -> java.util.OptionalInt.of(12);
            case QUARTERLY -> java.util.OptionalInt.of(4);
            case YEARLY -> java.util.OptionalInt.empty();
        };
    }

    /** The season of {@code table}'s timestamps (see {@link #season()}); empty without timestamps. */
    public static java.util.OptionalInt season(SeriesTable table) {
        Calendar c = table.hasTimestamps() ? infer(table.timestamps()) : null;
        return c == null ? java.util.OptionalInt.empty() : c.season();
    }

    /** A short label: "1 h", "business days", "monthly (month ends)", ... */
    public String label() {
        return switch (kind) {
            case FIXED -> new Frequency(stepMillis, 0).label();
            case BUSINESS_DAYS -> "business days (Monday to Friday)";
            default -> kind.name().toLowerCase(java.util.Locale.ROOT) + (anchorDay == 0 ? " (month ends)"
                    : anchorDay == 1 ? " (month starts)" : " (day " + anchorDay + ")");
        };
    }

    /** Whether stepping by this calendar, not by a fixed step, is what the file does. */
    public boolean isCalendar() {
        return kind != Kind.FIXED;
    }

    private static LocalDateTime time(long millis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    private static long millis(LocalDateTime t) {
        return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    private static int monthIndex(long millis) {
        LocalDateTime t = time(millis);
        return t.getYear() * 12 + t.getMonthValue();
    }

    private static int day(long millis) {
        return time(millis).getDayOfMonth();
    }

    private static boolean isMonthEnd(long millis) {
        LocalDateTime t = time(millis);
        return t.getDayOfMonth() == t.toLocalDate().lengthOfMonth() && t.truncatedTo(ChronoUnit.DAYS).equals(t);
    }
}
