package org.hopcast.forecasting.run.files;

/**
 * A problem with a run (its directory, files, settings or device), phrased for the user: it names the file or
 * the setting and what to do. The command line exits 2 on it.
 */
public final class RunException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunException(String message) {
        super(message);
    }

    public RunException(String message, Throwable cause) {
        super(message, cause);
    }
}
