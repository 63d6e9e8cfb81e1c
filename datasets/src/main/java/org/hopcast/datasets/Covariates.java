package org.hopcast.datasets;

import java.util.ArrayList;
import java.util.List;

/**
 * The covariate columns of a series, aligned with its target rows: the past covariates, then the future covariates,
 * then the calendar features (both known ahead: the last {@link #known()} columns), with the scaler fitted on the
 * training rows and the scaled values the windows share. Scaled like the targets (z-scores of the training split),
 * so that no input dwarfs another.
 */
public final class Covariates {
    private final List<String> past;
    private final List<String> future;
    private final CalendarFeatures calendar;
    private final int rows;
    private final StandardScaler scaler;
    private final double[] raw;
    private final float[] scaled;

    private Covariates(List<String> past, List<String> future, CalendarFeatures calendar, double[] raw, int rows,
            StandardScaler scaler) {
        this.past = List.copyOf(past);
        this.future = List.copyOf(future);
        this.calendar = calendar;
        this.rows = rows;
        this.scaler = scaler;
        this.raw = raw;
        this.scaled = scaler.transformToFloat(raw);
    }

    /** The same covariates scaled by {@code other} (a trained model's statistics). */
    public Covariates rescaled(StandardScaler other) {
        if (other.columns() != columns()) {
            throw new IllegalArgumentException("a covariate scaler of " + other.columns() + " columns for " + columns());
        }
        return new Covariates(past, future, calendar, raw, rows, other);
    }

    /**
     * The covariates {@code roles} name in {@code read} (the table as read, every column), scaled by their first
     * {@code trainRows} rows; null when the roles name none.
     */
    public static Covariates of(SeriesTable read, ColumnRoles roles, int trainRows) {
        CalendarFeatures calendar = resolveCalendar(read, roles);
        if (roles.pastCovariates().isEmpty() && roles.futureCovariates().isEmpty() && calendar.isOff()) {
            return null;
        }
        double[] raw = raw(read, roles, calendar);
        int c = columnsOf(roles, calendar);
        SeriesTable t = SeriesTable.of("covariates", names(roles.pastCovariates(), roles.futureCovariates(), calendar),
                null, raw.length == 0 ? new double[c] : raw);
        StandardScaler scaler = StandardScaler.fit(t, Math.max(1, trainRows));
        return new Covariates(roles.pastCovariates(), roles.futureCovariates(), calendar, raw, read.rows(), scaler);
    }

    /**
     * The covariates of {@code read} as a trained model has them: the same columns, the calendar features it was
     * trained with and its scaler (for evaluating it on new rows in its own units).
     */
    public static Covariates of(SeriesTable read, ColumnRoles roles, CalendarFeatures calendar, StandardScaler scaler) {
        int c = columnsOf(roles, calendar);
        if (scaler.columns() != c) {
            throw new IllegalArgumentException("a covariate scaler of " + scaler.columns() + " columns for " + c);
        }
        needsTimestamps(read, calendar);
        return new Covariates(roles.pastCovariates(), roles.futureCovariates(), calendar, raw(read, roles, calendar),
                read.rows(), scaler);
    }

    /** The calendar features {@code roles} ask for on {@code read}: "on" is chosen by the file's calendar. */
    public static CalendarFeatures resolveCalendar(SeriesTable read, ColumnRoles roles) {
        CalendarFeatures parsed = CalendarFeatures.parse(roles.calendarFeatures());
        if (parsed == null) {
            needsTimestamps(read, null);
            return CalendarFeatures.forCalendar(Calendar.infer(read.timestamps()));
        }
        needsTimestamps(read, parsed);
        return parsed;
    }

    /** Refuses calendar features (null: "on") on a table without timestamps. */
    private static void needsTimestamps(SeriesTable read, CalendarFeatures calendar) {
        if ((calendar == null || !calendar.isOff()) && !read.hasTimestamps()) {
            throw DataException.setting("calendar-features", read.source().name() + " has no time column to derive"
                    + " calendar features from", "Set time-column, or turn calendar-features off.");
        }
    }

    private static int columnsOf(ColumnRoles roles, CalendarFeatures calendar) {
        return roles.pastCovariates().size() + roles.futureCovariates().size() + calendar.columns().size();
    }

    /** The covariate column names of these roles: past, future, then each calendar feature's two columns. */
    public static List<String> columnNames(List<String> past, List<String> future, CalendarFeatures calendar) {
        return names(past == null ? List.of() : past, future == null ? List.of() : future, calendar);
    }

    private static List<String> names(List<String> past, List<String> future, CalendarFeatures calendar) {
        List<String> out = new ArrayList<>(past);
        out.addAll(future);
        out.addAll(calendar.columns());
        return out;
    }

    private static double[] raw(SeriesTable read, ColumnRoles roles, CalendarFeatures calendar) {
        List<String> fileColumns = new ArrayList<>(roles.pastCovariates());
        fileColumns.addAll(roles.futureCovariates());
        int f = fileColumns.size();
        int k = calendar.columns().size();
        int rows = read.rows();
        double[] fromFile = f == 0 ? new double[0] : read.select(fileColumns).rawValues();
        double[] cal = k == 0 ? new double[0] : calendar.values(read.timestamps());
        double[] out = new double[rows * (f + k)];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(fromFile, r * f, out, r * (f + k), f);
            System.arraycopy(cal, r * k, out, r * (f + k) + f, k);
        }
        return out;
    }

    /** Every covariate column's name: past, future, calendar. */
    public List<String> names() {
        return names(past, future, calendar);
    }

    public List<String> pastCovariates() {
        return past;
    }

    public List<String> futureCovariates() {
        return future;
    }

    /** The calendar features (resolved: "on" has become the features the file's calendar chose). */
    public CalendarFeatures calendar() {
        return calendar;
    }

    /** The columns read from the file: the past and future covariates (the first ones). */
    public int fileColumns() {
        return past.size() + future.size();
    }

    /** Row {@code row}'s value of column {@code c}, in original units. */
    double raw(int row, int c) {
        return raw[row * columns() + c];
    }

    /** The number of covariate columns. */
    public int columns() {
        return past.size() + future.size() + calendar.columns().size();
    }

    /** The number of columns known ahead (future covariates and calendar features): the last ones. */
    public int known() {
        return future.size() + calendar.columns().size();
    }

    public int rows() {
        return rows;
    }

    public StandardScaler scaler() {
        return scaler;
    }

    /** The scaled values, row-major (rows x columns), shared: never modify. */
    float[] scaled() {
        return scaled;
    }

    /** The scaled values of rows [from, to), row-major: a copy. */
    public float[] scaledRows(int from, int to) {
        int c = columns();
        return java.util.Arrays.copyOfRange(scaled, from * c, to * c);
    }

    /**
     * The scaled known-ahead values (steps x {@link #known()}, row-major) of a forecast period: the future covariates'
     * values as given ({@code futureRaw}, steps x future covariates, row-major) and the calendar features of
     * {@code timestamps}.
     */
    public float[] scaleKnown(double[] futureRaw, long[] timestamps) {
        int f = future.size();
        int k = calendar.columns().size();
        int steps = timestamps.length;
        if (futureRaw.length != steps * f) {
            throw new IllegalArgumentException(futureRaw.length + " future values for " + steps + " x " + f);
        }
        double[] cal = k == 0 ? new double[0] : calendar.values(timestamps);
        int first = past.size();
        float[] out = new float[steps * (f + k)];
        for (int h = 0; h < steps; h++) {
            for (int j = 0; j < f; j++) {
                out[h * (f + k) + j] = (float) scaler.transform(futureRaw[h * f + j], first + j);
            }
            for (int j = 0; j < k; j++) {
                out[h * (f + k) + f + j] = (float) scaler.transform(cal[h * k + j], first + f + j);
            }
        }
        return out;
    }
}
