package org.hopcast.forecasting.study;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hopcast.forecasting.settings.Setting;
import org.hopcast.forecasting.settings.SettingException;
import org.hopcast.forecasting.settings.Settings;

/**
 * An experiment grid: run settings (the keys of config files and {@link Settings}) each given as one value or a
 * list, and what to evaluate beyond the test split. Every combination is a {@link Cell}: a run of its own,
 * trained and evaluated the same way wherever it runs.
 *
 * @param axes each setting's values, in the order the grid file lists them (one value: the same for every cell)
 * @param evaluate extra evaluations per cell: {@code outliers}, {@code w8a8}, {@code quantize-sweep} (every wXaY
 *        of 8, 6 and 4 bits, weights per tensor)
 */
public record Grid(Map<String, List<Object>> axes, List<String> evaluate) {
    /** The extra evaluations a grid may ask for (and {@code memory-MODULE-BANK}, see {@link #memory}). */
    public static final List<String> EVALUATIONS = List.of("outliers", "w8a8", "quantize-sweep");

    /** The prefix of an external memory's evaluation: {@code memory-pnp-train}, {@code memory-tnp-stream}, ... */
    public static final String MEMORY = "memory-";

    /**
     * The external memory an evaluation kind names ({@code memory-pnp-train}: Plug-and-Play over the training bank;
     * {@code memory-tnp-stream-4}: Tune-and-Play over the stream bank at a stride of 4 rows), or null when it names
     * none; a malformed one is an IllegalArgumentException naming what is allowed.
     */
    public static org.hopcast.forecasting.service.MemoryEvaluation.Request memory(String kind) {
        if (!kind.startsWith(MEMORY)) {
            return null;
        }
        String[] parts = kind.substring(MEMORY.length()).split("-", 3);
        String malformed = "evaluate: '" + kind + "' is not memory-MODULE-BANK[-STRIDE] (MODULE pnp or tnp, BANK"
                + " train, events, stream or shuffled, STRIDE rows between the bank's windows)";
        if (parts.length < 2 || parts[0].equals("none")) {
            throw new IllegalArgumentException(malformed);
        }
        int stride = 1;
        if (parts.length == 3) {
            try {
                stride = Integer.parseInt(parts[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(malformed, e);
            }
        }
        return new org.hopcast.forecasting.service.MemoryEvaluation.Request(parts[0], parts[1], null, stride);
    }

    /** The key a grid file names its extra evaluations with. */
    public static final String EVALUATE = "evaluate";

    public Grid {
        axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
        evaluate = List.copyOf(evaluate);
    }

    /** One combination: its stable id, its settings by key, and its run directory below the grid's folder. */
    public record Cell(String id, Map<String, Object> settings, String dir) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** A cell in the grid layout, {@code cells/<id>}. */
        public Cell(String id, Map<String, Object> settings) {
            this(id, settings, "cells/" + id);
        }
    }

    /**
     * What each cell evaluates beyond its test split, and how many training batches calibrate W8A8.
     *
     * @param kinds {@code outliers}, {@code w8a8}, {@code quantize-sweep}
     * @param calibrationBatches W8A8 calibration batches
     */
    public record Evaluation(List<String> kinds, int calibrationBatches) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        public Evaluation {
            kinds = new ArrayList<>(kinds); // serializable as it travels to executors
        }
    }

    /** The evaluation this grid asks of every cell. */
    public Evaluation evaluation() {
        return new Evaluation(evaluate, org.hopcast.forecasting.quant.QuantizationStudy.DEFAULT_CALIBRATION_BATCHES);
    }

    /**
     * A grid from a parsed grid file: every key a setting (checked, with every value, against the schema) or
     * {@code evaluate}; a value a scalar or a list. Problems name the key and the value.
     */
    public static Grid of(Map<String, Object> raw) {
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        List<String> evaluate = new ArrayList<>();
        raw.forEach((key, value) -> {
            if (key.trim().equalsIgnoreCase(EVALUATE)) {
                for (Object v : value instanceof List<?> l ? l : List.of(value)) {
                    String e = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
                    boolean memory;
                    try {
                        memory = memory(e) != null;
                    } catch (IllegalArgumentException bad) {
                        throw new SettingException(bad.getMessage(), List.of());
                    }
                    if (!memory && !EVALUATIONS.contains(e)) {
                        throw new SettingException("evaluate: unknown evaluation '" + v + "'; known: "
                                + String.join(", ", EVALUATIONS) + ", memory-pnp|tnp-train|events|stream|shuffled[-STRIDE]",
                                List.of());
                    }
                    evaluate.add(e);
                }
                return;
            }
            Setting s = Settings.get(key);
            // a list-valued setting (columns, data-dir) takes a list as its one value; a list of lists is its axis
            boolean axis = value instanceof List<?> l && (s.kind() != Setting.Kind.LIST
                    || (!l.isEmpty() && l.stream().allMatch(x -> x instanceof List<?>)));
            List<Object> values = axis ? new ArrayList<>((List<?>) value) : java.util.Collections.singletonList(value);
            if (values.isEmpty()) {
                throw s.problem("has an empty list of values");
            }
            values.forEach(s::parse);
            if (axes.put(s.key(), values) != null) {
                throw s.problem("is given twice");
            }
        });
        return new Grid(axes, evaluate.stream().distinct().toList());
    }

    /** Every combination, the first axis varying slowest, with ids from the settings that vary. */
    public List<Cell> cells() {
        List<Map<String, Object>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> c : combos) {
                for (Object v : axis.getValue()) {
                    Map<String, Object> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Cell> cells = new ArrayList<>();
        for (Map<String, Object> c : combos) {
            cells.add(new Cell(id(c), c));
        }
        return cells;
    }

    /** The settings that take more than one value: what tells the cells apart. */
    public List<String> varying() {
        return axes.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
    }

    /**
     * A readable, file-system-safe id from the varying settings ({@code separation-softmax_1_seed-2}), ended by
     * a short hash of all of them so that two cells never share a folder.
     */
    private String id(Map<String, Object> settings) {
        StringBuilder sb = new StringBuilder();
        for (String k : varying()) {
            if (sb.length() > 0) {
                sb.append('_');
            }
            sb.append(k).append('-').append(Setting.format(settings.get(k)));
        }
        String readable = sb.toString().replaceAll("[^A-Za-z0-9._-]+", "-");
        if (readable.length() > 80) {
            readable = readable.substring(0, 80);
        }
        String hash = hash(settings);
        return readable.isEmpty() ? "cell-" + hash : readable + "-" + hash;
    }

    private static String hash(Map<String, Object> settings) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(settings.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
