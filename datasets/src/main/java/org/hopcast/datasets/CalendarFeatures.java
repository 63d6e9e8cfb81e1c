package org.hopcast.datasets;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Features of the timestamps themselves (hour of day, day of week, month, ...), known for every future step, so
 * that a model can take them as future covariates. Each feature is a sine and a cosine of its phase in its cycle:
 * two columns that put December next to January and 23:00 next to midnight, where a plain number would put them
 * furthest apart.
 *
 * @param features the features, in the order their columns appear; empty for none
 */
public record CalendarFeatures(List<Feature> features) {
    /** No calendar features: the default. */
    public static final CalendarFeatures OFF = new CalendarFeatures(List.of());
    /** The label for "chosen by the file's frequency". */
    public static final String ON = "on";

    /** A cyclic feature of a timestamp (UTC wall time, as timestamps are read). */
    public enum Feature {
        HOUR_OF_DAY("hour", 24),
        DAY_OF_WEEK("weekday", 7),
        DAY_OF_MONTH("monthday", 31),
        DAY_OF_YEAR("yearday", 366),
        WEEK_OF_YEAR("week", 53),
        MONTH("month", 12),
        QUARTER("quarter", 4);

        private final String label;
        private final int period;

        Feature(String label, int period) {
            this.label = label;
            this.period = period;
        }

        public String label() {
            return label;
        }

        /** The 0-based position of {@code t} in this feature's cycle. */
        double phase(LocalDateTime t) {
            return switch (this) {
                case HOUR_OF_DAY -> t.getHour() + t.getMinute() / 60.0;
                case DAY_OF_WEEK -> t.getDayOfWeek().getValue() - 1;
                case DAY_OF_MONTH -> t.getDayOfMonth() - 1;
                case DAY_OF_YEAR -> t.getDayOfYear() - 1;
                case WEEK_OF_YEAR -> t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) - 1;
                case MONTH -> t.getMonthValue() - 1;
                case QUARTER -> (t.getMonthValue() - 1) / 3;
            };
        }
    }

    public CalendarFeatures {
        features = List.copyOf(features);
    }

    /**
     * Parses the setting: off (or absent), on (chosen by the file's calendar when it is read) or a list of feature
     * names (hour, weekday, monthday, yearday, week, month, quarter).
     *
     * @return the features, {@link #OFF}, or null for "on" (resolved by {@link #forCalendar})
     */
    public static CalendarFeatures parse(List<String> setting) {
        if (setting == null || setting.isEmpty()) {
            return OFF;
        }
        if (setting.size() == 1) {
            String one = setting.get(0).trim().toLowerCase(Locale.ROOT);
            if (one.equals("off") || one.equals("false") || one.equals("none")) {
                return OFF;
            }
            if (one.equals(ON) || one.equals("true")) {
                return null;
            }
        }
        List<Feature> out = new ArrayList<>();
        for (String s : setting) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            Feature f = java.util.Arrays.stream(Feature.values()).filter(x -> x.label.equals(name)).findFirst()
                    .orElseThrow(() -> DataException.setting("calendar-features", "unknown calendar feature '" + s
                            + "'", "use off, on, or names from " + labels()));
            if (out.contains(f)) {
                throw DataException.setting("calendar-features", "'" + s + "' is named twice", null);
            }
            out.add(f);
        }
        return new CalendarFeatures(out);
    }

    /** The feature names the setting takes. */
    public static List<String> labels() {
        return java.util.Arrays.stream(Feature.values()).map(Feature::label).toList();
    }

    /**
     * The features that vary within what a file of this calendar can show (chosen for "on"): hour of day and day of
     * week for sub-daily steps, day of week and day of year for days, day of week for business days, week of year for
     * weeks, month for months, quarter for quarters, none for years or files without timestamps.
     */
    public static CalendarFeatures forCalendar(Calendar calendar) {
        if (calendar == null) {
            return OFF;
        }
        long day = 86_400_000L;
        List<Feature> f = switch (calendar.kind()) {
            case BUSINESS_DAYS -> List.of(Feature.DAY_OF_WEEK);
            case MONTHLY -> List.of(Feature.MONTH);
            case QUARTERLY -> List.of(Feature.QUARTER);
            case YEARLY -> List.of();
            case FIXED -> calendar.stepMillis() < day ? List.of(Feature.HOUR_OF_DAY, Feature.DAY_OF_WEEK)
                    : calendar.stepMillis() == day ? List.of(Feature.DAY_OF_WEEK, Feature.DAY_OF_YEAR)
                    : calendar.stepMillis() == 7 * day ? List.of(Feature.WEEK_OF_YEAR) : List.of();
        };
        return new CalendarFeatures(f);
    }

    public boolean isOff() {
        return features.isEmpty();
    }

    /** The column names: {@code cal_LABEL_sin, cal_LABEL_cos} per feature. */
    public List<String> columns() {
        List<String> out = new ArrayList<>();
        for (Feature f : features) {
            out.add("cal_" + f.label + "_sin");
            out.add("cal_" + f.label + "_cos");
        }
        return out;
    }

    /** The features of {@code timestamps} (epoch millis), row-major: one row per timestamp, {@link #columns()} wide. */
    public double[] values(long[] timestamps) {
        int w = 2 * features.size();
        double[] out = new double[timestamps.length * w];
        for (int r = 0; r < timestamps.length; r++) {
            LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(timestamps[r]), ZoneOffset.UTC);
            for (int k = 0; k < features.size(); k++) {
                Feature f = features.get(k);
                double angle = 2 * Math.PI * f.phase(t) / f.period;
                out[r * w + 2 * k] = Math.sin(angle);
                out[r * w + 2 * k + 1] = Math.cos(angle);
            }
        }
        return out;
    }

    /** The setting's value as written back: off, or the feature labels. */
    public List<String> labelsOf() {
        return isOff() ? List.of("off") : features.stream().map(Feature::label).toList();
    }
}
