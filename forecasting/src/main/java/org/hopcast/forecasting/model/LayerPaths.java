package org.hopcast.forecasting.model;

import java.util.Optional;
import java.util.OptionalInt;

import org.hopcast.hopfield.probe.LayerPath;

/**
 * The paths of STanHop-Net's layers, in the paper's words: encoder block i ({@code encoder.blockI}) holds a
 * coarse-graining {@code merge} and a STanHop module {@code sthm}; decoder layer j ({@code decoder.layerJ})
 * holds an {@code sthm} and a {@code cross} association; an {@code sthm} associates along {@code time} and
 * across {@code series} (with a HopfieldPooling). The blocks name their children with these, and every reader
 * (outlier sets, axis labels, the inspector, screenshots) asks them instead of parsing text.
 */
public final class LayerPaths {
    private LayerPaths() {
    }

    public static final LayerPath STHM = LayerPath.of("sthm");
    public static final LayerPath MERGE = LayerPath.of("merge");
    public static final LayerPath TIME = LayerPath.of("time");
    public static final LayerPath SERIES = LayerPath.of("series");
    public static final LayerPath TIME_HOPFIELD = TIME.child("hopfield");
    public static final LayerPath SERIES_POOLING = SERIES.child("pooling");
    public static final LayerPath SERIES_HOPFIELD = SERIES.child("hopfield");
    public static final LayerPath CROSS_HOPFIELD = LayerPath.of("cross", "hopfield");

    private static final String ENCODER = "encoder";
    private static final String BLOCK = "block";
    private static final String DECODER = "decoder";
    private static final String LAYER = "layer";

    /** Encoder block i (its {@link #MERGE} and {@link #STHM} below it). */
    public static LayerPath encoderBlock(int i) {
        return LayerPath.of(ENCODER, BLOCK + i);
    }

    /** Decoder layer j. */
    public static LayerPath decoderLayer(int j) {
        return LayerPath.of(DECODER, LAYER + j);
    }

    /** The encoder block a path lies in. */
    public static OptionalInt encoderBlock(LayerPath p) {
        return p.size() >= 2 && p.segments().get(0).equals(ENCODER) ? p.index(1, BLOCK) : OptionalInt.empty();
    }

    /** The decoder layer a path lies in. */
    public static OptionalInt decoderLayer(LayerPath p) {
        return p.size() >= 2 && p.segments().get(0).equals(DECODER) ? p.index(1, LAYER) : OptionalInt.empty();
    }

    /** The path below its encoder block or decoder layer (the root path for the block or layer itself). */
    public static Optional<LayerPath> withinBlock(LayerPath p) {
        return encoderBlock(p).isPresent() || decoderLayer(p).isPresent()
                ? Optional.of(p.below(new LayerPath(p.segments().subList(0, 2)))) : Optional.empty();
    }

    /** The four associations of STanHop-Net. */
    public enum Association {
        /** Across the time segments of each series (an sthm's {@code time.hopfield}). */
        TIME,
        /** Series to the learned memories (an sthm's {@code series.pooling}). */
        SERIES_POOLING,
        /** Across the series (an sthm's {@code series.hopfield}). */
        SERIES,
        /** A decoder layer's queries to its encoder scale ({@code cross.hopfield}). */
        CROSS
    }

    /** Which association a Hopfield layer's path names, if it names one. */
    public static Optional<Association> association(LayerPath p) {
        Optional<LayerPath> in = withinBlock(p);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        LayerPath rel = in.get();
        if (rel.equals(CROSS_HOPFIELD) && decoderLayer(p).isPresent()) {
            return Optional.of(Association.CROSS);
        }
        if (!rel.startsWith(STHM)) {
            return Optional.empty();
        }
        LayerPath inner = rel.below(STHM);
        if (inner.equals(TIME_HOPFIELD)) {
            return Optional.of(Association.TIME);
        }
        if (inner.equals(SERIES_POOLING)) {
            return Optional.of(Association.SERIES_POOLING);
        }
        return inner.equals(SERIES_HOPFIELD) ? Optional.of(Association.SERIES) : Optional.empty();
    }
}
