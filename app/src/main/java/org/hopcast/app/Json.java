package org.hopcast.app;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** JSON output: one compact object per line, so scripts can take the last line. */
final class Json {
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .create();

    private Json() {
    }

    static String write(Object value) {
        return GSON.toJson(value);
    }
}
