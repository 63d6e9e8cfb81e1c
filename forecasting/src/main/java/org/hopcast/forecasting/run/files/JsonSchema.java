package org.hopcast.forecasting.run.files;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import org.hopcast.hopfield.separation.Separation;

/**
 * Checks a run file's JSON against the Java type it is read into, so that a hand-edited or damaged file is
 * refused with the file, the key and what was expected ("config.json: model.inLen must be a whole number, found
 * "abc"") instead of a NullPointerException later. The schema is the record itself: one source for what a run
 * file holds. Records and numbers are required (a number may be null, which reads as NaN, see {@link Json}, but
 * not absent); texts, lists and enums may be null or absent (they have defaults), and an absent boolean is false
 * (flags added later, such as a history record's {@code partial}, so older runs still load), as is a number marked
 * {@link Since}. Keys the record does not know are ignored, so files written by a newer Hopcast still load.
 */
public final class JsonSchema {
    private JsonSchema() {
    }

    /** Throws a {@link RunException} naming {@code file} and the first key that does not fit {@code type}. */
    public static void check(Path file, JsonElement json, Type type) {
        String problem = problem(json, type, "");
        if (problem != null) {
            throw new RunException(file + ": " + problem + ". Fix the file by hand, restore it from a copy, or train"
                    + " the run again");
        }
    }

    private static String problem(JsonElement json, Type type, String key) {
        Class<?> raw = raw(type);
        String where = key.isEmpty() ? "the file" : key;
        if (raw == Object.class) {
            return null; // any JSON: nothing to check
        }
        if (json == null || json.isJsonNull()) {
            return optional(raw) ? null : (key.isEmpty() ? "the file holds no value; expected " + expected(type)
                    : "missing key " + key + " (" + expected(type) + ")");
        }
        if (raw == Separation.class) {
            // written by its name (Json's adapter), not as a record
            if (!json.isJsonPrimitive() || !json.getAsJsonPrimitive().isString()) {
                return where + " must be a separation function's name, found " + shown(json);
            }
            try {
                Separation.parse(json.getAsString());
                return null;
            } catch (IllegalArgumentException e) {
                return where + ": " + e.getMessage();
            }
        }
        if (raw.isRecord()) {
            if (!json.isJsonObject()) {
                return where + " must be " + expected(type) + ", found " + shown(json);
            }
            JsonObject o = json.getAsJsonObject();
            for (RecordComponent c : raw.getRecordComponents()) {
                String k = Json.key(c.getName());
                String name = key.isEmpty() ? k : key + "." + k;
                JsonElement value = o.get(k);
                for (String older : Json.olderKeys(c.getName())) {
                    value = value == null ? o.get(older) : value; // a file written before the snake_case rule
                }
                if ((value == null || value.isJsonNull())
                        && (c.isAnnotationPresent(Since.class) || c.isAnnotationPresent(Omissible.class))) {
                    continue; // added later (absent in older runs) or left out where it does not apply
                }
                if (value == null && c.getType().isPrimitive() && c.getType() != boolean.class) {
                    return "missing key " + name + " (" + expected(c.getGenericType()) + ")";
                }
                String p = problem(value, c.getGenericType(), name);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (List.class.isAssignableFrom(raw) || raw.isArray()) {
            if (!json.isJsonArray()) {
                return where + " must be " + expected(type) + ", found " + shown(json);
            }
            Type element = element(type);
            int i = 0;
            for (JsonElement e : json.getAsJsonArray()) {
                String p = problem(e, element, key + "[" + i++ + "]");
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!json.isJsonObject()) {
                return where + " must be an object, found " + shown(json);
            }
            Type value = type instanceof ParameterizedType t ? t.getActualTypeArguments()[1] : Object.class;
            for (Map.Entry<String, JsonElement> e : json.getAsJsonObject().entrySet()) {
                String p = problem(e.getValue(), value, key.isEmpty() ? e.getKey() : key + "." + e.getKey());
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        if (!json.isJsonPrimitive()) {
            return where + " must be " + expected(type) + ", found " + shown(json);
        }
        JsonPrimitive p = json.getAsJsonPrimitive();
        if (raw == String.class) {
            return p.isString() ? null : where + " must be a text, found " + shown(json);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return p.isBoolean() ? null : where + " must be true or false, found " + shown(json);
        }
        if (raw.isEnum()) {
            boolean known = p.isString() && Arrays.stream(raw.getEnumConstants())
                    .anyMatch(c -> ((Enum<?>) c).name().equals(p.getAsString()));
            return known ? null : where + " must be " + expected(type) + ", found " + shown(json);
        }
        if (whole(raw)) {
            if (!p.isNumber()) {
                return where + " must be a whole number, found " + shown(json);
            }
            BigDecimal d = p.getAsBigDecimal();
            boolean fits;
            try {
                long v = d.longValueExact();
                fits = raw == long.class || raw == Long.class || (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE);
            } catch (ArithmeticException e) {
                fits = false;
            }
            return fits ? null : where + " must be a whole number" + (raw == int.class || raw == Integer.class
                    ? " below 2^31" : "") + ", found " + shown(json);
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return p.isNumber() ? null : where + " must be a number, found " + shown(json);
        }
        return null; // a type this checker does not describe: Gson decides
    }

    private static boolean optional(Class<?> raw) {
        return raw == String.class || List.class.isAssignableFrom(raw) || raw.isEnum() || Map.class.isAssignableFrom(raw)
                || raw == Double.class || raw == Float.class || raw == double.class || raw == float.class
                || raw == Boolean.class || raw == boolean.class;
    }

    private static boolean whole(Class<?> raw) {
        return raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class || raw == short.class;
    }

    private static String expected(Type type) {
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            return "an object with keys " + Arrays.stream(raw.getRecordComponents()).map(c -> Json.key(c.getName()))
                    .collect(Collectors.joining(", "));
        }
        if (List.class.isAssignableFrom(raw) || raw.isArray()) {
            return "a list of " + plural(expected(element(type)));
        }
        if (raw.isEnum()) {
            return "one of " + Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        if (whole(raw)) {
            return "a whole number";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "true or false";
        }
        if (raw == String.class) {
            return "a text";
        }
        return "a number";
    }

    private static String plural(String s) {
        return s.startsWith("an object") ? "objects" + s.substring("an object".length())
                : s.startsWith("a ") ? s.substring(2) + "s" : s;
    }

    private static String shown(JsonElement json) {
        String s = json.toString();
        String kind = json.isJsonObject() ? "an object " : json.isJsonArray() ? "a list " : "";
        return kind + (s.length() > 40 ? s.substring(0, 40) + "..." : s);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType) {
            return Object[].class;
        }
        return Object.class;
    }

    private static Type element(Type type) {
        if (type instanceof Class<?> c && c.isArray()) {
            return c.getComponentType();
        }
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0];
        }
        if (type instanceof GenericArrayType g) {
            return g.getGenericComponentType();
        }
        return Object.class;
    }
}
