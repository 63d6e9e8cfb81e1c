package org.hopcast.forecasting.train;

import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.OutlierRecord;

/**
 * Receives a training's progress, in the spirit of DJL's TrainingListener: the CLI draws a progress bar,
 * the GUI live curves. Called on the training thread; implementations must return quickly.
 */
public interface TrainingListener {
    /** What is about to run. */
    record Plan(int epochs, int stepsPerEpoch, long parameters, String device, int startEpoch, int startStep) {
    }

    /** After each optimizer step. */
    record Step(int epoch, int stepInEpoch, int stepsPerEpoch, long globalStep, double loss, double learningRate,
            double elapsedSeconds) {
    }

    default void onStart(Plan plan) {
    }

    default void onStep(Step step) {
    }

    default void onEpoch(EpochRecord epoch) {
    }

    /**
     * Outlier statistics of a run that tracks them: every few steps when it asks for that, and at each epoch's
     * end (that record also arrives with {@link #onEpoch}).
     */
    default void onOutliers(OutlierRecord outliers) {
    }

    /** A line worth telling the user (budget reached, early stop, best checkpoint). */
    default void onMessage(String message) {
    }

    /**
     * Progress of an inference pass ("validating", "testing"): {@code done} of {@code total} windows; called
     * after every batch, so a listener shows what takes more than a moment.
     */
    default void onPass(String pass, long done, long total) {
    }

    /** Several listeners as one. */
    static TrainingListener all(TrainingListener... listeners) {
        return new TrainingListener() {
            @Override
            public void onStart(Plan plan) {
                for (TrainingListener l : listeners) {
                    l.onStart(plan);
                }
            }

            @Override
            public void onStep(Step step) {
                for (TrainingListener l : listeners) {
                    l.onStep(step);
                }
            }

            @Override
            public void onEpoch(EpochRecord epoch) {
                for (TrainingListener l : listeners) {
                    l.onEpoch(epoch);
                }
            }

            @Override
            public void onOutliers(OutlierRecord outliers) {
                for (TrainingListener l : listeners) {
                    l.onOutliers(outliers);
                }
            }

            @Override
            public void onMessage(String message) {
                for (TrainingListener l : listeners) {
                    l.onMessage(message);
                }
            }

            @Override
            public void onPass(String pass, long done, long total) {
                for (TrainingListener l : listeners) {
                    l.onPass(pass, done, total);
                }
            }
        };
    }
}
