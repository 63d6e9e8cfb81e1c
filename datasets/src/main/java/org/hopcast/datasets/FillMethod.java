package org.hopcast.datasets;

import java.util.Locale;

/** What to do with empty, NaN or infinite cells. */
public enum FillMethod implements Labelled {
    /** Refuse the file and name the first such cell (the default: silent repair hides data problems). */
    NONE,
    /** Carry the last valid value forward; leading gaps take the first valid value. */
    FORWARD,
    /** Interpolate linearly in row index between the valid neighbours; gaps at either end take the nearest. */
    LINEAR;

    /** Parses the names used by configs and the CLI: {@code none}, {@code forward}, {@code linear}. */
    public static FillMethod parse(String name) {
        try {
            return Labelled.parse(FillMethod.class, name, "fill");
        } catch (IllegalArgumentException e) {
            throw DataException.setting("fill", "unknown fill method '" + name + "'",
                    "Use " + Labelled.labels(FillMethod.class) + ".");
        }
    }

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
