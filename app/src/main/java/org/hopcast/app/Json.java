package org.hopcast.app;

/**
 * JSON output: one compact object per line, so scripts can take the last line. Numbers are always valid JSON
 * (NaN and infinities become null; the output says why in a field of its own).
 */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        return org.hopcast.forecasting.run.Json.line(value);
    }
}
