package org.hopcast.forecasting.outliers;

import java.util.regex.Pattern;

/**
 * The module sets over which the outlier aggregates are taken (outeffhop.md 4.1), defined once.
 * <ul>
 *   <li>{@code decoder}: the decoder modules of the reference's ACT_KEYS list, per decoder layer j: the layer's
 *       output ({@code decoder.layerJ}), its MLP ({@code .mlp}, the reference's MLP1), the STanHop block's
 *       series MLP ({@code .sthm.series.mlp2}, MLP2), its two LayerNorms ({@code .norm1}, {@code .norm2}),
 *       the cross-association's output projection ({@code .cross.hopfield}), and the STanHop block's
 *       {@code .sthm.series.norm3}, {@code .sthm.series.norm4} and series association
 *       {@code .sthm.series.hopfield}. The paper reports this set (its exact module list is UNVERIFIED:
 *       the submodule that computed it is not public).</li>
 *   <li>{@code all}: every module that reported an output.</li>
 * </ul>
 */
public final class OutlierSets {
    private static final Pattern DECODER = Pattern.compile(
            "decoder\\.layer\\d+(\\.mlp|\\.sthm\\.series\\.mlp2|\\.norm1|\\.norm2|\\.cross\\.hopfield"
                    + "|\\.sthm\\.series\\.norm3|\\.sthm\\.series\\.norm4|\\.sthm\\.series\\.hopfield)?");

    private OutlierSets() {
    }

    public static boolean inDecoderSet(String path) {
        return DECODER.matcher(path).matches();
    }

    public static boolean inAll(String path) {
        return true;
    }
}
