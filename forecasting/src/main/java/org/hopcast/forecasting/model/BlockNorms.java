package org.hopcast.forecasting.model;

import java.util.Locale;

/**
 * Which LayerNorms a STanHop block keeps. {@code stanhop}: all four (the STanHop repository, the default);
 * {@code outeffhop}: only the one after the series association (the OutEffHop repository's copy of the
 * model, whose paper numbers were produced with it: outeffhop.md section 10).
 */
public enum BlockNorms {
    STANHOP, OUTEFFHOP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BlockNorms parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("block-norms must be stanhop or outeffhop, got '" + text + "'");
        }
    }
}
