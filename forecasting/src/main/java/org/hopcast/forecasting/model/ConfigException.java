package org.hopcast.forecasting.model;

import java.util.List;

/**
 * A configuration that cannot be built, naming the record components it concerns ("modelDim", "heads"), so the
 * settings schema can name its own keys and the desktop app can mark the fields without reading the message.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> components;

    public ConfigException(String message, String... components) {
        super(message);
        this.components = List.of(components);
    }

    /** The record components the problem concerns (one, or several for a rule between them). */
    public List<String> components() {
        return components;
    }

    /** Throws unless {@code ok}. */
    public static void require(boolean ok, String message, String... components) {
        if (!ok) {
            throw new ConfigException(message, components);
        }
    }
}
