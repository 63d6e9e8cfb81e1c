package org.hopcast.hopfield.separation;

import java.util.List;
import java.util.Locale;

/**
 * The separation of a Hopfield layer as chosen by name in configs, the CLI and the GUI: a base function,
 * whether its alpha is learned, and whether the layer's output is gated.
 *
 * <p>Names: {@code softmax}, {@code softmax_1}, {@code sparsemax}, {@code entmax15}, {@code alpha-entmax}
 * (learnable alpha; STanHop-Net's default), {@code clipped-softmax}, {@code clipped-softmax_1}, and
 * {@code gated-}NAME for any of them (a sigmoid gate per head, Bondarenko et al. 2023).
 */
public record Separation(String name, Base base, boolean gated, double zeta, double gamma) {

    /** The base functions. */
    public enum Base {
        SOFTMAX("softmax", "dense modern Hopfield (Ramsauer et al.): every stored pattern gets some weight"),
        SOFTMAX_1("softmax_1", "OutEffHop: softmax with an extra zero logit, so a layer can retrieve nothing"
                + " and needs no outlier activations to do so"),
        SPARSEMAX("sparsemax", "sparse modern Hopfield: Euclidean projection onto the simplex, exact zeros"),
        ENTMAX15("entmax15", "1.5-entmax, exact: between softmax and sparsemax"),
        ALPHA_ENTMAX("alpha-entmax", "STanHop's Generalized Sparse Hopfield: alpha-entmax with alpha ="
                + " 1 + sigmoid(a) learned per layer (softmax at 1, sparsemax at 2)"),
        CLIPPED_SOFTMAX("clipped-softmax", "clip((zeta - gamma) softmax + gamma, 0, 1): exact zeros and ones"
                + " from finite logits"),
        CLIPPED_SOFTMAX_1("clipped-softmax_1", "clipped softmax_1: the clipped OutEffHop variant");

        private final String label;
        private final String description;

        Base(String label, String description) {
            this.label = label;
            this.description = description;
        }

        public String label() {
            return label;
        }

        public String description() {
            return description;
        }
    }

    /** The prefix that adds a per-head gate to any base. */
    public static final String GATED_PREFIX = "gated-";

    /** STanHop-Net's separation. */
    public static final Separation DEFAULT = parse(Base.ALPHA_ENTMAX.label());

    /** Parses a stable name; unknown names get a message listing the known ones. */
    public static Separation parse(String text) {
        // the rule of every labelled choice (datasets' Labelled, which this module does not see): case, blanks and
        // '-' against '_' do not matter; the name kept is the canonical one
        String t = spelling(text);
        boolean gated = t.startsWith(spelling(GATED_PREFIX));
        String baseName = gated ? t.substring(GATED_PREFIX.length()) : t;
        for (Base b : Base.values()) {
            if (spelling(b.label).equals(baseName)) {
                return new Separation((gated ? GATED_PREFIX : "") + b.label, b, gated, ClippedSoftmax.DEFAULT_ZETA,
                        ClippedSoftmax.DEFAULT_GAMMA);
            }
        }
        throw new IllegalArgumentException("unknown separation function '" + text + "'; known: "
                + String.join(", ", names()));
    }

    private static String spelling(String text) {
        return text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every name {@link #parse} accepts, bases first, then their gated forms. */
    public static List<String> names() {
        List<String> plain = java.util.Arrays.stream(Base.values()).map(Base::label).toList();
        List<String> all = new java.util.ArrayList<>(plain);
        plain.forEach(n -> all.add(GATED_PREFIX + n));
        return all;
    }

    /** The stable name, as configs, run files and messages write it. */
    @Override
    public String toString() {
        return name;
    }

    /** A one-line explanation for menus and help. */
    public String description() {
        return base.description() + (gated ? "; output gated per head by sigmoid(Linear(input))" : "");
    }

    /**
     * Whether a head's weights always sum to one. softmax_1 and the clipped functions may give less (down to 0),
     * which is how a head retrieves "nothing" (its null mass, 1 - sum).
     */
    public boolean sumsToOne() {
        return base != Base.SOFTMAX_1 && base != Base.CLIPPED_SOFTMAX && base != Base.CLIPPED_SOFTMAX_1;
    }

    /** Whether a layer using this separation learns an alpha parameter. */
    public boolean learnsAlpha() {
        return base == Base.ALPHA_ENTMAX;
    }

    /** The function itself for bases without learned parameters. */
    public SeparationFunction function() {
        return switch (base) {
            case SOFTMAX -> new Softmax();
            case SOFTMAX_1 -> new Softmax1();
            case SPARSEMAX -> new Sparsemax();
            case ENTMAX15 -> new Entmax15();
            case CLIPPED_SOFTMAX -> new ClippedSoftmax(new Softmax(), zeta, gamma);
            case CLIPPED_SOFTMAX_1 -> new ClippedSoftmax(new Softmax1(), zeta, gamma);
            case ALPHA_ENTMAX -> throw new IllegalStateException(
                    "alpha-entmax learns its alpha; use AlphaEntmax.apply(scores, alpha)");
        };
    }

    /** A copy with other clipping constants (zeta >= 1, gamma <= 0). */
    public Separation withClipping(double newZeta, double newGamma) {
        if (!(newZeta >= 1) || !(newGamma <= 0)) {
            throw new IllegalArgumentException("clipping needs zeta >= 1 and gamma <= 0");
        }
        return new Separation(name, base, gated, newZeta, newGamma);
    }
}
