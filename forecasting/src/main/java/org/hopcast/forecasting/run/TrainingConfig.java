package org.hopcast.forecasting.run;

import static org.hopcast.forecasting.model.ConfigException.require;

import java.util.List;
import java.util.Locale;

import org.hopcast.forecasting.run.files.Since;

/**
 * How a model is trained. Defaults are the reference's (stanhop.md section 6 and 7.1): Adam (0.9, 0.999,
 * eps 1e-8, no weight decay), MSE, global gradient-norm clipping at 5, the {@code type1} schedule, 50 epochs,
 * early stopping on validation MSE with patience 20, batch 512, lr 1e-4.
 *
 * @param batchSize training batch size (evaluation uses the same)
 * @param learningRate initial learning rate
 * @param epochs maximum epochs
 * @param patience epochs without a better validation MSE before stopping
 * @param schedule {@code type1} (halve at epochs 2, 4, 6, 8, 10), {@code type2} (halve at 5, 10, ..., 25),
 *        or {@code fixed}
 * @param clipNorm global gradient L2-norm limit (0 disables)
 * @param seed seeds initialisation, dropout and data order
 * @param maxSteps stop after this many optimizer steps in all (0: no limit)
 * @param maxMinutes stop after this much training time (0: no limit)
 * @param device {@code auto} (a GPU when the engine sees one), {@code cpu} or {@code gpu}
 * @param trackOutliers whether outlier statistics are measured on fixed validation windows at each epoch's end
 *        (they do not change the model: eval-mode passes draw no random numbers)
 * @param trackOutliersEvery with tracking, also measure every this many optimizer steps (0: at epoch ends only)
 * @param coverages the nominal coverages the prediction intervals are calibrated at after training, on the
 *        validation split ({@link Coverages}; runs from before this setting read as the defaults, 80% and 95%)
 */
public record TrainingConfig(int batchSize, double learningRate, int epochs, int patience, String schedule,
        double clipNorm, long seed, long maxSteps, double maxMinutes, String device,
        @Since("outlier tracking") boolean trackOutliers, @Since("outlier tracking") int trackOutliersEvery,
        @Since("coverage as a setting") List<Double> coverages) {

    public static final TrainingConfig REFERENCE_DEFAULTS = new TrainingConfig(512, 1e-4, 50, 20, "type1", 5.0, 2024,
            0, 0, "auto", false, 0, Coverages.DEFAULTS);

    public TrainingConfig {
        require(batchSize >= 1, "batch size must be at least 1", "batchSize");
        require(learningRate > 0 && Double.isFinite(learningRate), "learning rate must be positive", "learningRate");
        // 0 epochs: a model with a linear path is its start alone (the linear baseline, validated as epoch 0)
        require(epochs >= 0, "epochs must not be negative", "epochs");
        require(patience >= 1, "patience must be at least 1", "patience");
        schedule = schedule == null ? "type1" : schedule.toLowerCase(Locale.ROOT);
        require(schedule.equals("type1") || schedule.equals("type2") || schedule.equals("fixed"),
                "schedule must be type1, type2 or fixed", "schedule");
        require(clipNorm >= 0, "clip norm must not be negative", "clipNorm");
        require(maxSteps >= 0, "max steps must not be negative", "maxSteps");
        require(maxMinutes >= 0, "max minutes must not be negative", "maxMinutes");
        device = device == null ? "auto" : device.toLowerCase(Locale.ROOT);
        require(device.equals("auto") || device.equals("cpu") || device.equals("gpu"), "device must be auto, cpu or gpu",
                "device");
        require(trackOutliersEvery >= 0, "outlier tracking interval must not be negative", "trackOutliersEvery");
        coverages = coverages == null || coverages.isEmpty() ? Coverages.DEFAULTS : List.copyOf(coverages);
        require(coverages.stream().allMatch(c -> c != null && Coverages.isCoverage(c)),
                "a coverage must lie strictly between 0 and 1 (or 0 and 100%), found " + coverages, "coverages");
        require(coverages.stream().distinct().count() == coverages.size(), "coverages must differ, found " + coverages,
                "coverages");
    }

    /** A copy with a new budget (used when resuming a run that stopped at its budget). */
    public TrainingConfig withBudget(Integer newEpochs, Long newMaxSteps, Double newMaxMinutes) {
        return toBuilder().setEpochs(newEpochs == null ? epochs : newEpochs)
                .setMaxSteps(newMaxSteps == null ? maxSteps : newMaxSteps)
                .setMaxMinutes(newMaxMinutes == null ? maxMinutes : newMaxMinutes).build();
    }

    /** A copy that tracks outliers (or not) every {@code every} steps besides epoch ends. */
    public TrainingConfig withOutlierTracking(boolean track, int every) {
        return toBuilder().setTrackOutliers(track).setTrackOutliersEvery(every).build();
    }

    /** The learning rate for epoch {@code epoch} (1-based) as the reference's adjust_learning_rate sets it. */
    public double learningRateAt(int epoch) {
        switch (schedule) {
            case "type1": {
                // after epochs 2, 4, ..., 10 the rate is lr0 * 0.5^(k), k = 1..5; it then stays at lr0 / 32
                int halvings = Math.min(5, (epoch - 1) / 2);
                return learningRate * Math.pow(0.5, halvings);
            }
            case "type2": {
                int halvings = Math.min(5, (epoch - 1) / 5);
                return learningRate * Math.pow(0.5, halvings);
            }
            default:
                return learningRate;
        }
    }

    /** A builder that starts from the reference's training (stanhop.md 6); set what differs. */
    public static Builder builder() {
        return REFERENCE_DEFAULTS.toBuilder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.epochs = epochs;
        b.patience = patience;
        b.schedule = schedule;
        b.clipNorm = clipNorm;
        b.seed = seed;
        b.maxSteps = maxSteps;
        b.maxMinutes = maxMinutes;
        b.device = device;
        b.trackOutliers = trackOutliers;
        b.trackOutliersEvery = trackOutliersEvery;
        b.coverages = coverages;
        return b;
    }

    /** Sets fields by name, so that no setting is put in another's place; {@link #build} checks them all. */
    public static final class Builder {
        private int batchSize;
        private double learningRate;
        private int epochs;
        private int patience;
        private String schedule;
        private double clipNorm;
        private long seed;
        private long maxSteps;
        private double maxMinutes;
        private String device;
        private boolean trackOutliers;
        private int trackOutliersEvery;
        private List<Double> coverages;

        private Builder() {
        }

        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder setLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder setEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder setPatience(int patience) {
            this.patience = patience;
            return this;
        }

        public Builder setSchedule(String schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder setClipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        public Builder setSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder setMaxSteps(long maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        public Builder setMaxMinutes(double maxMinutes) {
            this.maxMinutes = maxMinutes;
            return this;
        }

        public Builder setDevice(String device) {
            this.device = device;
            return this;
        }

        public Builder setTrackOutliers(boolean trackOutliers) {
            this.trackOutliers = trackOutliers;
            return this;
        }

        public Builder setTrackOutliersEvery(int trackOutliersEvery) {
            this.trackOutliersEvery = trackOutliersEvery;
            return this;
        }

        /** The prediction intervals' nominal coverages (fractions); empty or null: the defaults. */
        public Builder setCoverages(List<Double> coverages) {
            this.coverages = coverages;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(batchSize, learningRate, epochs, patience, schedule, clipNorm, seed, maxSteps,
                    maxMinutes, device, trackOutliers, trackOutliersEvery, coverages);
        }
    }
}
