package org.hopcast.forecasting.settings;

import java.util.List;

/**
 * Settings that cannot make a run, with the keys the problem concerns, so that the desktop app marks the fields
 * from the keys and the command line can name the options.
 */
public final class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> keys;

    public SettingException(String message, List<String> keys) {
        super(message);
        this.keys = List.copyOf(keys);
    }

    public SettingException(String message, List<String> keys, Throwable cause) {
        super(message, cause);
        this.keys = List.copyOf(keys);
    }

    /** The {@link Setting#key()}s of the settings at fault (empty when none is to blame alone). */
    public List<String> keys() {
        return keys;
    }
}
