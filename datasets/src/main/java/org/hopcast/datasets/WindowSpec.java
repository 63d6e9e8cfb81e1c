package org.hopcast.datasets;

/**
 * The lengths of one training example: {@code inLen} input rows followed by {@code outLen} target rows.
 * Model presets own the defaults; this type only checks that the lengths make sense.
 */
public record WindowSpec(int inLen, int outLen) {
    public WindowSpec {
        if (inLen < 1) {
            throw DataException.setting("in-len", "must be at least 1, got " + inLen, null);
        }
        if (outLen < 1) {
            throw DataException.setting("out-len", "must be at least 1, got " + outLen, null);
        }
    }

    /** Rows one window spans. */
    public int span() {
        return inLen + outLen;
    }
}
