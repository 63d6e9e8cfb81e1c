package org.hopcast.hopfield.ops;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A process-wide choice between named ways of computing the same numbers (dropout's masks, alpha-entmax's kernel),
 * read once from a system property such as {@code -Dhopcast.dropout-masks=libtorch}.
 */
public final class PropertyChoice {
    private PropertyChoice() {
    }

    /** The option whose label {@code property} names, {@code fallback} when unset; an unknown label is an error. */
    public static <E extends Enum<E>> E read(String property, E fallback, Function<E, String> label) {
        String value = System.getProperty(property, label.apply(fallback)).trim().toLowerCase(Locale.ROOT);
        E[] options = fallback.getDeclaringClass().getEnumConstants();
        for (E option : options) {
            if (label.apply(option).equals(value)) {
                return option;
            }
        }
        throw new IllegalArgumentException(property + " must be "
                + Arrays.stream(options).map(label).collect(Collectors.joining(" or ")) + ", not '" + value + "'");
    }
}
