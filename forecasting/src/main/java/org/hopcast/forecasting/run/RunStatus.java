package org.hopcast.forecasting.run;

import java.time.Instant;

/**
 * What status.json holds: how the last training of a run ended, and whether a resume can continue it.
 *
 * @param finished whether the training is over (a resume would not continue it)
 * @param stopReason why it stopped
 * @param description the reason in words
 * @param steps optimizer steps taken in all
 * @param updated when it was written (ISO-8601)
 */
public record RunStatus(boolean finished, StopReason stopReason, String description, long steps, String updated) {
    public RunStatus {
        if (stopReason == null) {
            throw new IllegalArgumentException("key stop_reason must be one of the stop reasons, found nothing");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("key steps must be 0 or more, found " + steps);
        }
    }

    /** The status of a training that stopped now for {@code reason} after {@code steps} steps. */
    public static RunStatus now(StopReason reason, long steps) {
        return new RunStatus(!reason.resumable(), reason, reason.description(), steps, Instant.now().toString());
    }
}
