package org.hopcast.forecasting.model;

import org.hopcast.datasets.Labelled;

/**
 * How each input window is normalized on its own before the network sees it, and the forecast mapped back.
 * Z-scoring with the training rows' statistics does not remove a level that drifts between the training and
 * the test period (exchange rates, prices, a load after a change of regime); normalizing every window by its
 * own statistics does.
 * <ul>
 *   <li>{@code none}: the reference model (the paper presets keep it, so their parameter counts and numbers
 *       stay comparable);</li>
 *   <li>{@code revin}: Reversible Instance Normalization (Kim et al., ICLR 2022): each series of a window is
 *       standardized by the window's own mean and standard deviation, with a learnable affine per series, and
 *       the forecast is mapped back with the same statistics;</li>
 *   <li>{@code revin-last}: RevIN centred on the window's last value instead of its mean (PatchTST's
 *       {@code subtract_last}): scaled like RevIN, anchored like last-value, so that forecasting "no change" is
 *       the easy case;</li>
 *   <li>{@code last-value}: each series' last input value is subtracted and added back to the forecast (as
 *       NLinear does).</li>
 * </ul>
 */
public enum InstanceNorm implements Labelled {
    NONE("none"), REVIN("revin"), REVIN_LAST("revin-last"), LAST_VALUE("last-value");

    private final String label;

    InstanceNorm(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static InstanceNorm parse(String text) {
        return Labelled.parse(InstanceNorm.class, text, "instance-norm");
    }
}
