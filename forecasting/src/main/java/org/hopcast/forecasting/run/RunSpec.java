package org.hopcast.forecasting.run;

import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.run.files.Since;

/**
 * Everything that defines a training run, resolved (preset, config file and options merged); saved as the
 * run directory's config.json.
 *
 * @param preset the preset it started from, or null
 * @param data the data
 * @param model the architecture
 * @param training the training settings
 * @param validatedBy for a final model (trained on every row, nothing held out): the run directory whose validation
 *        chose its configuration and epochs and whose test metrics and intervals are its quality statement; null
 *        for an ordinary run
 */
public record RunSpec(String preset, DataSpec data, StanHopConfig model, TrainingConfig training,
        @Since("final models") String validatedBy) {

    /** An ordinary run, validated and tested on its own splits. */
    public RunSpec(String preset, DataSpec data, StanHopConfig model, TrainingConfig training) {
        this(preset, data, model, training, null);
    }

    /** The request that reads and splits this run's data into its windows (the one place that pairs them). */
    public org.hopcast.datasets.DataRequest dataRequest() {
        return data.toRequest(model.inLen(), model.outLen());
    }

    /** The same for {@code input} read as this run reads its own file (same columns, time column, fill). */
    public org.hopcast.datasets.DataRequest dataRequest(java.nio.file.Path input) {
        return data.withInput(input).toRequest(model.inLen(), model.outLen());
    }

    /** This run's data, read, validated and split. */
    public org.hopcast.datasets.PreparedSeries prepareData() {
        return org.hopcast.datasets.PreparedSeries.prepare(dataRequest());
    }

    /** The same, with the table {@code loaded} holds when it was read as this run reads its data. */
    public org.hopcast.datasets.PreparedSeries prepareData(org.hopcast.datasets.LoadedTable loaded) {
        return org.hopcast.datasets.PreparedSeries.prepare(dataRequest(), loaded);
    }

    /** Whether this is a final model, trained on every row. */
    public boolean isFinal() {
        return validatedBy != null;
    }

    /**
     * The final model of this (validated) run's configuration: every row of the same data trained on for
     * {@code epochs} epochs, without early stopping (there is nothing to stop on) or a budget.
     */
    public RunSpec forFinalModel(String validatedRun, int epochs) {
        TrainingConfig fixed = training.toBuilder().setEpochs(epochs).setPatience(Math.max(1, epochs)).setMaxSteps(0)
                .setMaxMinutes(0).build();
        return new RunSpec(preset, data.toBuilder().setSplit(DataSpec.ALL_ROWS).build(), model, fixed, validatedRun);
    }
}
