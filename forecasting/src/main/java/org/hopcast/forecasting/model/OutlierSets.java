package org.hopcast.forecasting.model;

import java.util.Set;

import org.hopcast.hopfield.probe.LayerPath;

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
    /** The decoder set's modules, below each decoder layer (the layer itself is the root path). */
    private static final Set<LayerPath> DECODER = Set.of(LayerPath.ROOT, LayerPath.of("mlp"),
            LayerPaths.STHM.child(LayerPaths.SERIES.child("mlp2")), LayerPath.of("norm1"), LayerPath.of("norm2"),
            LayerPaths.CROSS_HOPFIELD, LayerPaths.STHM.child(LayerPaths.SERIES.child("norm3")),
            LayerPaths.STHM.child(LayerPaths.SERIES.child("norm4")), LayerPaths.STHM.child(LayerPaths.SERIES_HOPFIELD));

    private OutlierSets() {
    }

    public static boolean inDecoderSet(String path) {
        LayerPath p = LayerPath.parse(path);
        return LayerPaths.decoderLayer(p).isPresent() && DECODER.contains(LayerPaths.withinBlock(p).orElseThrow());
    }

    public static boolean inAll(String path) {
        return true;
    }
}
