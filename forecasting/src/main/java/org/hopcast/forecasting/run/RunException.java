package org.hopcast.forecasting.run;

/**
 * A problem with a run directory or checkpoint, phrased for the user (it names the file and what to do).
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
