package org.hopcast.datasets;

/**
 * Window lengths for a user's file when the user gave none: the defaults (168 steps in, 24 out: a week of hours and a
 * day) suit hourly data and long files, but a monthly file read 14 years to forecast 2, and a quarterly file of 200
 * rows was refused because its training split cannot hold one window of 192 rows. A calendar of months, quarters,
 * years or business days gets lengths in its own seasons; then any length not given is shortened until the training
 * split holds {@link #MIN_TRAIN_WINDOWS} windows and validation and test one each. Lengths the user gave are kept (a
 * file too short for them is refused, naming them).
 */
public final class WindowFit {
    /** The fewest training windows a fitted length leaves. */
    public static final int MIN_TRAIN_WINDOWS = 16;

    private WindowFit() {
    }

    /** The window for {@code table} (its rows and calendar), no length given by the user. */
    public static WindowSpec fit(SeriesTable table, SplitProtocol protocol, WindowSpec defaults) {
        return fit(table.rows(), Calendar.of(table), protocol, defaults, false, false);
    }

    /**
     * The rows a file of many series is fitted to: its median series' (the shorter half may then be left out, and is
     * said to be).
     */
    public static int panelRows(PanelReader.Panel panel) {
        return panel.tables().stream().mapToInt(SeriesTable::rows).sorted().toArray()[panel.tables().size() / 2];
    }

    /** The window for a file of many series (its median series' rows, its first series' calendar), none given. */
    public static WindowSpec fit(PanelReader.Panel panel, SplitProtocol protocol, WindowSpec defaults) {
        return fit(panelRows(panel), Calendar.of(panel.tables().get(0)), protocol, defaults, false, false);
    }

    /**
     * The window for a file of {@code rows} rows stepping in {@code calendar} (null: no timestamps) under
     * {@code protocol}, starting from {@code defaults}; {@code inGiven} and {@code outGiven} say which lengths the
     * user set (those are not changed).
     */
    public static WindowSpec fit(int rows, Calendar calendar, SplitProtocol protocol, WindowSpec defaults,
            boolean inGiven, boolean outGiven) {
        int in = defaults.inLen();
        int out = defaults.outLen();
        if (calendar != null && calendar.isCalendar()) {
            // a horizon and a look-back in the calendar's own terms: a year of months from three, two years of
            // quarters from six, five years from twenty, two weeks of business days from twelve
            int[] lengths = switch (calendar.kind()) {
                case MONTHLY -> new int[] {36, 12};
                case QUARTERLY -> new int[] {24, 8};
                case YEARLY -> new int[] {20, 5};
                case BUSINESS_DAYS -> new int[] {60, 10};
                default -> new int[] {in, out};
            };
            in = inGiven ? in : lengths[0];
            out = outGiven ? out : lengths[1];
        }
        SplitSizes sizes = protocol.sizes(rows);
        if (sizes.total() > rows || sizes.train() < 2) {
            return new WindowSpec(in, out); // refused later, with the protocol's own reason
        }
        if (!outGiven && !(protocol instanceof SplitProtocol.All)) {
            out = Math.max(1, Math.min(out, Math.min(sizes.val(), sizes.test())));
        }
        if (!inGiven) {
            int room = sizes.train() - out - (MIN_TRAIN_WINDOWS - 1);
            if (room >= 2) {
                in = Math.min(in, room);
            }
        }
        return new WindowSpec(in, out);
    }
}
