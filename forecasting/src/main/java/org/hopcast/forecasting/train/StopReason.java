package org.hopcast.forecasting.train;

/** Why a training ended. */
public enum StopReason {
    COMPLETED("all epochs ran"),
    EARLY_STOPPED("validation MSE stopped improving (patience reached)"),
    STEP_BUDGET("the --max-steps budget was reached"),
    TIME_BUDGET("the --max-minutes budget was reached"),
    CANCELLED("cancelled; resume with --resume"),
    DIVERGED("the loss became NaN or infinite; the best checkpoint is kept");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
