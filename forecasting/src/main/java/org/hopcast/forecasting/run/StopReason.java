package org.hopcast.forecasting.run;

/** Why a training ended. */
public enum StopReason {
    COMPLETED("all epochs ran"),
    EARLY_STOPPED("validation MSE stopped improving (patience reached)"),
    STEP_BUDGET("the step budget (max-steps) was reached"),
    TIME_BUDGET("the time budget (max-minutes) was reached"),
    CANCELLED("cancelled"),
    DIVERGED("the loss became NaN or infinite");

    private final String description;

    StopReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Whether a resume can continue the run from here (with a larger budget where a budget stopped it). */
    public boolean resumable() {
        return this == CANCELLED || this == STEP_BUDGET || this == TIME_BUDGET;
    }
}
