package org.hopcast.forecasting.model;

import org.hopcast.datasets.Labelled;

/**
 * Whether STanHop-Net forecasts through a linear path under its Hopfield layers (issue #29, ADR 0019): the forecast
 * is the linear baseline's map of the input window (one linear map per series on last-value-normalized windows, as
 * NLinear; {@link LinearBaseline}) plus the network's output. The path starts at the baseline's closed-form fit on
 * the training windows and the network's prediction heads at zero, so the untrained model is the linear baseline
 * and training learns what the Hopfield layers add to it.
 * <ul>
 *   <li>{@code none}: the papers' model (the paper presets keep it);</li>
 *   <li>{@code fixed}: the linear map stays at its closed-form fit, only the network trains;</li>
 *   <li>{@code trained}: the linear map trains with the network from that start.</li>
 * </ul>
 */
public enum LinearPath implements Labelled {
    NONE("none"), FIXED("fixed"), TRAINED("trained");

    private final String label;

    LinearPath(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    /** Whether the model has the path at all. */
    public boolean on() {
        return this != NONE;
    }

    public static LinearPath parse(String text) {
        return Labelled.parse(LinearPath.class, text, "linear-path");
    }
}
