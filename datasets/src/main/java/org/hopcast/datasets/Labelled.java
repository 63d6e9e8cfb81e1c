package org.hopcast.datasets;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A choice that users write as a label (CLI options, config and grid files, the GUI): {@code revin-last},
 * {@code seasonal-shift}. One rule reads them all: case, surrounding blanks and '-' against '_' do not matter, on
 * either side ({@code REVIN_LAST}, {@code revin-last} and {@code Revin_Last} are the same choice).
 */
public interface Labelled {
    /** The label results and files write. */
    String label();

    /** The spelling-free form both a label and a user's text are compared in. */
    static String normalize(String text) {
        return text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The constant of {@code type} whose label {@code text} spells; otherwise an {@link IllegalArgumentException}
     * that names {@code what} and every label.
     */
    static <E extends Enum<E> & Labelled> E parse(Class<E> type, String text, String what) {
        if (text != null) {
            String t = normalize(text);
            for (E e : type.getEnumConstants()) {
                if (normalize(e.label()).equals(t)) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException(what + " must be " + labels(type) + ", got '" + text + "'");
    }

    /** Every label of {@code type}: "a, b or c". */
    static <E extends Enum<E> & Labelled> String labels(Class<E> type) {
        String[] l = Arrays.stream(type.getEnumConstants()).map(Labelled::label).toArray(String[]::new);
        return l.length == 1 ? l[0] : Arrays.stream(l, 0, l.length - 1).collect(Collectors.joining(", ")) + " or "
                + l[l.length - 1];
    }
}
