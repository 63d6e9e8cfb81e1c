package org.hopcast.hopfield.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Where a block sits in a model: its segments from the root, e.g. {@code encoder, block0, sthm, time, hopfield},
 * written with dots ({@code encoder.block0.sthm.time.hopfield}) in files, menus and probe callbacks. A parent
 * names each child once, with the path below itself ({@link ProbedBlock#child}); the full path is derived from
 * the tree. Readers (outlier sets, axis labels, the inspector) parse a written path once and ask this type.
 */
public record LayerPath(List<String> segments) {
    /** The model itself. */
    public static final LayerPath ROOT = new LayerPath(List.of());

    public LayerPath {
        segments = List.copyOf(segments);
        for (String s : segments) {
            if (s.isEmpty() || s.contains(".")) {
                throw new IllegalArgumentException("a layer path segment must be a non-empty name without dots: '"
                        + s + "'");
            }
        }
    }

    public static LayerPath of(String... segments) {
        return new LayerPath(Arrays.asList(segments));
    }

    /** A path as written ({@code a.b.c}; the empty text is the root). */
    public static LayerPath parse(String text) {
        String t = text.trim();
        return t.isEmpty() ? ROOT : new LayerPath(Arrays.asList(t.split("\\.", -1)));
    }

    /** The path of {@code below} under this one. */
    public LayerPath child(LayerPath below) {
        List<String> s = new ArrayList<>(segments);
        s.addAll(below.segments);
        return new LayerPath(s);
    }

    public LayerPath child(String... below) {
        return child(of(below));
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    public int size() {
        return segments.size();
    }

    public boolean startsWith(LayerPath prefix) {
        return segments.size() >= prefix.size() && segments.subList(0, prefix.size()).equals(prefix.segments);
    }

    /** The rest of this path below {@code prefix} (which it must start with). */
    public LayerPath below(LayerPath prefix) {
        if (!startsWith(prefix)) {
            throw new IllegalArgumentException(this + " is not below " + prefix);
        }
        return new LayerPath(segments.subList(prefix.size(), segments.size()));
    }

    /**
     * The number of an indexed segment {@code nameN} at {@code position} (e.g. {@code block3} -> 3), when there
     * is one.
     */
    public OptionalInt index(int position, String name) {
        if (position >= segments.size()) {
            return OptionalInt.empty();
        }
        String s = segments.get(position);
        if (!s.startsWith(name) || s.length() == name.length()) {
            return OptionalInt.empty();
        }
        String digits = s.substring(name.length());
        return digits.chars().allMatch(Character::isDigit) && digits.length() < 9
                ? OptionalInt.of(Integer.parseInt(digits)) : OptionalInt.empty();
    }

    /** A quantization or weight site of the block at this path: {@code path.kind} ({@code kind} at the root). */
    public String site(String kind) {
        return isRoot() ? kind : this + "." + kind;
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
