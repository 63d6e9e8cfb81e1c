package org.hopcast.forecasting.model;

import java.util.Locale;

import org.hopcast.datasets.Labelled;

/**
 * Which LayerNorms a STanHop block keeps. {@code stanhop}: all four (the STanHop repository, the default);
 * {@code outeffhop}: only the one after the series association (the OutEffHop repository's copy of the
 * model, whose paper numbers were produced with it: outeffhop.md section 10).
 */
public enum BlockNorms implements Labelled {
    STANHOP, OUTEFFHOP;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BlockNorms parse(String text) {
        return Labelled.parse(BlockNorms.class, text, "block-norms");
    }
}
