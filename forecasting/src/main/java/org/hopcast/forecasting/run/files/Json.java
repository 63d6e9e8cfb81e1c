package org.hopcast.forecasting.run.files;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.google.gson.FieldNamingStrategy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import org.hopcast.datasets.IoErrors;
import org.hopcast.hopfield.separation.Separation;

/**
 * The JSON of run files and of {@code --json} output. Numbers are always valid JSON: NaN and the infinities are
 * written as {@code null} (whatever wrote them says why in a field of its own), and {@code null} reads back as
 * NaN. Files are read strictly: a run file that is not UTF-8 JSON of the expected shape is refused with its name,
 * the key at fault and what was expected ({@link JsonSchema}).
 *
 * <p>Keys follow one rule, {@link #key}: a record component's name in snake_case ({@code bestEpoch} is written
 * {@code best_epoch}), in every run file and every {@code --json} line, so that a key never changes spelling
 * between a file and the record nested in it. Files written before the rule (their records' keys in camelCase)
 * still read: the camelCase name is accepted as an alternate (ADR 0021).
 */
public final class Json {
    /** NaN and the infinities as null; null as NaN. */
    private static final TypeAdapter<Double> FINITE = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Double value) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                out.nullValue();
            } else {
                out.value(value);
            }
        }

        @Override
        public Double read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return Double.NaN;
            }
            return in.nextDouble();
        }
    };

    private static final TypeAdapter<Float> FINITE_FLOAT = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Float value) throws IOException {
            FINITE.write(out, value == null ? null : value.doubleValue());
        }

        @Override
        public Float read(JsonReader in) throws IOException {
            return FINITE.read(in).floatValue();
        }
    };

    /** A separation function as its name ("softmax_1"), the way users write it. */
    private static final TypeAdapter<Separation> SEPARATION = new TypeAdapter<>() {
        @Override
        public void write(JsonWriter out, Separation value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.name());
            }
        }

        @Override
        public Separation read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Separation.parse(in.nextString());
        }
    };

    /** The key of a record component (or field) named {@code javaName}: snake_case. */
    public static String key(String javaName) {
        StringBuilder b = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /** The spellings a key may have in older files besides {@link #key}: the Java name itself. */
    public static List<String> olderKeys(String javaName) {
        return key(javaName).equals(javaName) ? List.of() : List.of(javaName);
    }

    private static final FieldNamingStrategy KEYS = new FieldNamingStrategy() {
        @Override
        public String translateName(Field f) {
            return key(f.getName());
        }

        @Override
        public List<String> alternateNames(Field f) {
            return olderKeys(f.getName());
        }
    };

    private static GsonBuilder builder() {
        return new GsonBuilder().registerTypeAdapter(double.class, FINITE).registerTypeAdapter(Double.class, FINITE)
                .registerTypeAdapter(float.class, FINITE_FLOAT).registerTypeAdapter(Float.class, FINITE_FLOAT)
                .registerTypeAdapter(Separation.class, SEPARATION)
                .setFieldNamingStrategy(KEYS).serializeNulls().disableHtmlEscaping();
    }

    /** Pretty JSON for files. */
    public static final Gson GSON = builder().setPrettyPrinting().create();
    /** One line, for {@code --json} output (scripts take the last line). */
    public static final Gson COMPACT = builder().create();

    private Json() {
    }

    public static void write(Path file, Object value) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(value) + "\n");
    }

    /** One line of JSON, non-finite numbers as null. */
    public static String line(Object value) {
        return COMPACT.toJson(value);
    }

    /** Reads a run file, checked against the shape of {@code type} first. */
    public static <T> T read(Path file, Class<T> type) {
        return read(file, (Type) type);
    }

    public static <T> T read(Path file, Type type) {
        return read(file, parse(file), type);
    }

    /** {@code tree}, parsed from {@code file} already, checked against the shape of {@code type} and read. */
    @SuppressWarnings("unchecked")
    public static <T> T read(Path file, JsonElement tree, Type type) {
        JsonSchema.check(file, tree, type);
        try {
            return (T) GSON.fromJson(tree, type);
        } catch (RuntimeException e) {
            // a record's own checks (a range, a name), which Gson wraps: still this file's fault
            throw new RunException(file + ": " + describe(rootCause(e)) + ". Fix the file by hand, restore it from a"
                    + " copy, or train the run again", e);
        }
    }

    /** Parses a file as UTF-8 JSON, naming it (and the position) when it is not. */
    public static JsonElement parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RunException(file + " is missing" + (Files.exists(file) ? " (it is not a regular file)" : ""));
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RunException(file + " is not a text file (not UTF-8); it is damaged or not Hopcast's."
                    + " Restore it from a copy, or train the run again", e);
        } catch (IOException e) {
            throw new RunException("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
        if (text.isBlank()) {
            throw new RunException(file + " is empty; restore it from a copy, or train the run again");
        }
        try {
            return JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new RunException(file + " is not valid JSON (" + describe(e) + "); restore it from a copy, or"
                    + " train the run again", e);
        }
    }

    /** What went wrong at the bottom of {@code e} (a record's own check that Gson wrapped), in words. */
    public static String rootProblem(Throwable e) {
        return describe(rootCause(e));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** An exception's message without Java class names. */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().contains("Exception"))) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "unreadable" : t.getMessage();
        return m.replaceAll("(?:[a-z]+\\.)+[A-Z][A-Za-z]*(?:Exception|Error): ?", "")
                .replace("See https://github.com/google/gson/blob/main/Troubleshooting.md#malformed-json", "")
                .replaceAll("\\s*See https://github\\.com/google/gson/\\S*", "").trim();
    }
}
