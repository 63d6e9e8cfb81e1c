package org.hopcast.datasets;

import java.util.Locale;

/** The three parts of a series, in time order. */
public enum Split {
    TRAIN, VAL, TEST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
