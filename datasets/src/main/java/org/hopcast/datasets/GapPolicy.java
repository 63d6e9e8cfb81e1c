package org.hopcast.datasets;

import java.util.Locale;

/**
 * What a file's missing and repeated timestamps become. A local-time file skips an hour when clocks go forward and
 * repeats one when they go back; a sensor drops readings; a business-day file skips holidays.
 */
public enum GapPolicy implements Labelled {
    /**
     * As read (the default): a gap is counted and windows run across it, a repeated timestamp is refused with its line.
     */
    KEEP,
    /**
     * Every timestamp the file's calendar steps through becomes a row: a missing one is inserted and filled (by the
     * fill method, linear when none is set) and counted; a repeated one (the hour when clocks go back) is averaged
     * with the row before it and counted. A timestamp off the calendar's grid is refused with its line.
     */
    FILL,
    /**
     * As {@link #FILL}, and marked: a column {@value #MARKER} is 1 on every row that was inserted or had a cell filled
     * and 0 elsewhere, and is given to the model as a past covariate, so that it can tell what it sees from what was
     * filled in.
     */
    MARK;

    /** The indicator column {@link #MARK} adds. */
    public static final String MARKER = "gap_filled";

    /** Whether missing timestamps become rows (filled, and marked or not). */
    public boolean fills() {
        return this != KEEP;
    }

    /** Parses {@code keep}, {@code fill} or {@code mark}. */
    public static GapPolicy parse(String name) {
        try {
            return Labelled.parse(GapPolicy.class, name, "gaps");
        } catch (IllegalArgumentException e) {
            throw DataException.setting("gaps", "unknown gap policy '" + name + "'",
                    "Use " + Labelled.labels(GapPolicy.class) + ".");
        }
    }

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
