package org.hopcast.forecasting;

/**
 * Default settings shared by every front end. Each value is the reference code's default (stanhop.md
 * section 7.1) unless its comment says otherwise; model presets will refer to these rather than repeat them.
 */
public final class Defaults {
    /** Input window length (run.py's in_len). */
    public static final int IN_LEN = 96;
    /** Forecast horizon (run.py's out_len). */
    public static final int OUT_LEN = 24;

    private Defaults() {
    }
}
