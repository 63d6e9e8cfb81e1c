package org.hopcast.forecasting.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A post-training fake-quantization scheme {@code wXaY}: weights symmetric on X bits, activations asymmetric on
 * Y bits, both per tensor, or weights per output channel (one scale per row of a weight matrix; vectors such as
 * LayerNorm gains stay per tensor). {@link #W8A8} is the OutEffHop protocol (outeffhop.md 5.1).
 *
 * @param weightBits bits of a weight (2 to 16)
 * @param activationBits bits of an activation (2 to 16)
 * @param perChannelWeights one weight scale per output channel instead of one per tensor
 */
public record QuantScheme(int weightBits, int activationBits, boolean perChannelWeights) {
    /** The OutEffHop paper's scheme, and the default. */
    public static final QuantScheme W8A8 = new QuantScheme(8, 8, false);

    /** The bit widths a sweep covers, widest first. */
    public static final List<Integer> SWEEP_BITS = List.of(8, 6, 4);

    /** What names the sweep on the command line and in grid files. */
    public static final String SWEEP = "sweep";

    private static final Pattern NAME = Pattern.compile("w(\\d+)a(\\d+)");

    public QuantScheme {
        if (weightBits < 2 || weightBits > 16 || activationBits < 2 || activationBits > 16) {
            throw new IllegalArgumentException("quantization bit widths must be between 2 and 16, got w" + weightBits
                    + "a" + activationBits);
        }
    }

    /** {@code wXaY}, with {@code -per-channel} when weights have a scale per output channel. */
    public String name() {
        return "w" + weightBits + "a" + activationBits + (perChannelWeights ? "-per-channel" : "");
    }

    /** The largest weight level, {@code 2^(X-1) - 1} (levels run from its negative minus one to it). */
    public int weightMax() {
        return (1 << (weightBits - 1)) - 1;
    }

    /** The activation levels above zero, {@code 2^Y - 1}. */
    public int activationLevels() {
        return (1 << activationBits) - 1;
    }

    /** One scheme by name ({@code w4a8}, any case), at the given weight granularity. */
    public static QuantScheme parse(String text, boolean perChannelWeights) {
        Matcher m = NAME.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown quantization scheme '" + text + "'; write wXaY (weights on X"
                    + " bits, activations on Y bits, e.g. w8a8 or w4a8) or " + SWEEP);
        }
        return new QuantScheme(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), perChannelWeights);
    }

    /** The schemes a text names: one {@code wXaY}, or every combination of {@link #SWEEP_BITS} for "sweep". */
    public static List<QuantScheme> parseList(String text, boolean perChannelWeights) {
        if (text.trim().equalsIgnoreCase(SWEEP)) {
            return sweep(perChannelWeights);
        }
        return List.of(parse(text, perChannelWeights));
    }

    /** Every (weight bits, activation bits) of {@link #SWEEP_BITS}, W8A8 first. */
    public static List<QuantScheme> sweep(boolean perChannelWeights) {
        List<QuantScheme> out = new ArrayList<>();
        for (int w : SWEEP_BITS) {
            for (int a : SWEEP_BITS) {
                out.add(new QuantScheme(w, a, perChannelWeights));
            }
        }
        return out;
    }

    /** The granularity's name as options and reports write it. */
    public String granularity() {
        return perChannelWeights ? "per-channel" : "per-tensor";
    }

    /** A granularity by name: per-tensor or per-channel. */
    public static boolean perChannel(String granularity) {
        String g = granularity.trim().toLowerCase(Locale.ROOT);
        if (g.equals("per-channel")) {
            return true;
        }
        if (g.equals("per-tensor")) {
            return false;
        }
        throw new IllegalArgumentException("unknown weight granularity '" + granularity + "'; known: per-tensor,"
                + " per-channel");
    }
}
