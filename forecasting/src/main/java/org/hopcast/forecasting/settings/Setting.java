package org.hopcast.forecasting.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

import org.hopcast.forecasting.run.RunSpec;

/**
 * One run setting, declared once in {@link Settings}: its key (the option {@code --KEY}, the config-file key,
 * the GUI field's name, a grid file's column), its type, its help, its choices, which record component of the
 * resolved run it sets and how to read it back from one. The command line, config files, {@link RunSettings} and
 * the desktop app all read this entry; none of them lists settings of its own.
 *
 * @param key the stable name, e.g. {@code d-model} (config files also accept {@code d_model})
 * @param group what the setting belongs to
 * @param kind how a value is written and parsed
 * @param label a short label for forms
 * @param paramLabel the value's placeholder in help, e.g. {@code N}
 * @param help one or two sentences for help texts and tooltips
 * @param choices the accepted values of a {@link Kind#CHOICE}, else empty
 * @param component the record component it sets ({@code modelDim} of StanHopConfig), or null for data settings
 * @param read the setting's value in a resolved run, as a user writes it (null for settings without one)
 * @param inApp whether the desktop app's Model tab edits it
 */
public record Setting(String key, Group group, Kind kind, String label, String paramLabel, String help,
        List<String> choices, String component, Function<RunSpec, Object> read, boolean inApp) {

    /** What a setting belongs to. */
    public enum Group {
        /** The preset everything starts from. */
        PRESET,
        /** Which file and how to read and split it. */
        DATA,
        /** The architecture. */
        MODEL,
        /** How it is trained. */
        TRAINING
    }

    /** How a value is written. */
    public enum Kind {
        TEXT, LIST, INTEGER, LONG, NUMBER, BOOLEAN, CHOICE
    }

    public Setting {
        Objects.requireNonNull(key);
        choices = List.copyOf(choices);
    }

    /**
     * A value as given (a config file's number, list or text, a command-line or form text) in its type: Integer,
     * Long, Double, Boolean, a list of texts, or a text (a choice in lower case). Null stays null.
     *
     * @throws SettingException naming this key when the value does not fit
     */
    public Object parse(Object raw) {
        if (raw == null) {
            return null;
        }
        String text = raw instanceof List<?> ? null : raw.toString().trim();
        switch (kind) {
            case LIST: {
                List<String> out = new ArrayList<>();
                if (raw instanceof List<?> l) {
                    l.forEach(e -> out.add(e.toString().trim()));
                } else {
                    Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
                }
                return out;
            }
            case INTEGER: {
                long v = whole(raw);
                if (Math.abs(v) > Integer.MAX_VALUE) {
                    throw problem("must be a whole number below 2^31, got " + raw);
                }
                return (int) v;
            }
            case LONG:
                return whole(raw);
            case NUMBER:
                return number(raw);
            case BOOLEAN: {
                if (raw instanceof Boolean b) {
                    return b;
                }
                String s = text.toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("yes") || s.equals("on")) {
                    return true;
                }
                if (s.equals("false") || s.equals("no") || s.equals("off")) {
                    return false;
                }
                throw problem("must be true or false, got '" + raw + "'");
            }
            case CHOICE: {
                String s = text.toLowerCase(Locale.ROOT);
                if (!choices.contains(s)) {
                    throw new SettingException("unknown " + label.toLowerCase(Locale.ROOT) + " '" + raw + "'; known: "
                            + String.join(", ", choices), List.of(key));
                }
                return s;
            }
            default:
                if (raw instanceof List<?>) {
                    throw problem("must be one value, got a list " + raw);
                }
                return text;
        }
    }

    /** This setting's value in {@code spec}, as a user writes it (null when it has none there). */
    public Object valueIn(RunSpec spec) {
        return read == null ? null : read.apply(spec);
    }

    /** A value as a form shows it: whole numbers without ".0", lists joined by commas. */
    public static String format(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e9) {
            return Long.toString(d.longValue());
        }
        if (value instanceof List<?> l) {
            return String.join(",", l.stream().map(Object::toString).toList());
        }
        return value.toString();
    }

    /** A problem with this setting's value, naming the key. */
    public SettingException problem(String what) {
        return new SettingException(key + " " + what, List.of(key));
    }

    private double number(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw problem("must be a number, got '" + raw + "'");
        }
    }

    private long whole(Object raw) {
        double d = number(raw);
        if (d != Math.rint(d) || Math.abs(d) > Long.MAX_VALUE) {
            throw problem("must be a whole number, got " + raw);
        }
        return (long) d;
    }
}
