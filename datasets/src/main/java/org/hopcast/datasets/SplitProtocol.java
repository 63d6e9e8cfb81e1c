package org.hopcast.datasets;

import java.util.Locale;

/**
 * How a file's rows are cut into train, validation and test splits. Each protocol of the benchmark
 * literature is defined once here (stanhop.md section 2.1) and chosen by a stable name:
 *
 * <ul>
 *   <li>{@code ett-hour}: 12/4/4 months of hourly rows (8640/2880/2880), the Informer ETTh split;</li>
 *   <li>{@code ett-minute}: the same months at 15-minute steps (34560/11520/11520);</li>
 *   <li>{@code wth}: 28/10/10 months of hourly rows (20160/7200/7200);</li>
 *   <li>{@code ecl}: 15/3/4 months of hourly rows (10800/2160/2880);</li>
 *   <li>{@code ratio} or {@code ratio:0.7,0.1,0.2}: fractions of all rows, train and test floored and
 *       validation the rest (the reference code's rule);</li>
 *   <li>{@code rows:TRAIN,VAL,TEST}: explicit row counts;</li>
 *   <li>{@code all}: every row is training data, nothing is held out (a final model for deployment, trained
 *       after another run has validated its configuration).</li>
 * </ul>
 * A "month" is 30 days, as in the reference code. Rows after the three splits are left unused.
 */
public sealed interface SplitProtocol {
    /** Rows of a 30-day month at one row per hour. */
    int HOURLY_MONTH = 30 * 24;

    SplitProtocol ETT_HOUR = new Months("ett-hour", 12, 4, 4, HOURLY_MONTH);
    SplitProtocol ETT_MINUTE = new Months("ett-minute", 12, 4, 4, 4 * HOURLY_MONTH);
    SplitProtocol WTH = new Months("wth", 28, 10, 10, HOURLY_MONTH);
    SplitProtocol ECL = new Months("ecl", 15, 3, 4, HOURLY_MONTH);
    SplitProtocol RATIO = new Ratio(0.7, 0.1, 0.2);
    SplitProtocol ALL = new All();

    /** The name that {@link #parse} reads back. */
    String name();

    /** The split sizes for a file of {@code rows} rows; a fixed protocol may ask for more rows than exist. */
    SplitSizes sizes(int rows);

    /** A fixed protocol's sizes do not depend on the file's length. */
    boolean isFixed();

    /** Parses a protocol name: see the class comment. */
    static SplitProtocol parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "ett-hour":
                return ETT_HOUR;
            case "ett-minute":
                return ETT_MINUTE;
            case "wth":
                return WTH;
            case "ecl":
                return ECL;
            case "ratio":
                return RATIO;
            case "all":
                return ALL;
            default:
                break;
        }
        if (t.startsWith("ratio:")) {
            double[] r = numbers(text, t.substring(6));
            return new Ratio(r[0], r[1], r[2]);
        }
        if (t.startsWith("rows:")) {
            double[] r = numbers(text, t.substring(5));
            for (double v : r) {
                if (v != Math.rint(v) || v < 1) {
                    throw DataException.setting("split", "'" + text + "' needs three whole row counts of at least 1",
                            "Example: rows:8640,2880,2880.");
                }
            }
            return new Rows((int) r[0], (int) r[1], (int) r[2]);
        }
        throw DataException.setting("split", "unknown split protocol '" + text + "'",
                "Use ett-hour, ett-minute, wth, ecl, ratio, ratio:TRAIN,VAL,TEST, rows:TRAIN,VAL,TEST or all.");
    }

    private static double[] numbers(String original, String list) {
        String[] parts = list.split("[,/]");
        if (parts.length != 3) {
            throw DataException.setting("split", "'" + original + "' needs three numbers (train, val, test)",
                    "Example: ratio:0.7,0.1,0.2 or rows:8640,2880,2880.");
        }
        double[] out = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw DataException.setting("split", "'" + parts[i].trim() + "' in '" + original
                        + "' is not a number", "Example: ratio:0.7,0.1,0.2.");
            }
        }
        return out;
    }

    /** Whole months of a fixed row rate, as the Informer/Crossformer splits. */
    record Months(String name, int trainMonths, int valMonths, int testMonths, int rowsPerMonth)
            implements SplitProtocol {
        @Override
        public SplitSizes sizes(int rows) {
            return new SplitSizes(trainMonths * rowsPerMonth, valMonths * rowsPerMonth, testMonths * rowsPerMonth);
        }

        @Override
        public boolean isFixed() {
            return true;
        }
    }

    /** Fractions of the file: train and test floored, validation the rest. */
    record Ratio(double train, double val, double test) implements SplitProtocol {
        public Ratio {
            if (!(train > 0 && val >= 0 && test > 0) || Math.abs(train + val + test - 1.0) > 1e-6) {
                throw DataException.setting("split", "ratios " + train + ", " + val + ", " + test
                        + " must be positive (val may be 0) and add up to 1", "Example: ratio:0.7,0.1,0.2.");
            }
        }

        @Override
        public String name() {
            return this.equals(RATIO) ? "ratio" : "ratio:" + train + "," + val + "," + test;
        }

        @Override
        public SplitSizes sizes(int rows) {
            int tr = (int) Math.floor(train * rows);
            int te = (int) Math.floor(test * rows);
            return new SplitSizes(tr, rows - tr - te, te);
        }

        @Override
        public boolean isFixed() {
            return false;
        }
    }

    /** Every row for training, none held out. */
    record All() implements SplitProtocol {
        @Override
        public String name() {
            return "all";
        }

        @Override
        public SplitSizes sizes(int rows) {
            return new SplitSizes(rows, 0, 0);
        }

        @Override
        public boolean isFixed() {
            return false;
        }
    }

    /** Explicit row counts. */
    record Rows(int train, int val, int test) implements SplitProtocol {
        @Override
        public String name() {
            return "rows:" + train + "," + val + "," + test;
        }

        @Override
        public SplitSizes sizes(int rows) {
            return new SplitSizes(train, val, test);
        }

        @Override
        public boolean isFixed() {
            return true;
        }
    }
}
