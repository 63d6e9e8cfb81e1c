package org.hopcast.forecasting.run;

import org.hopcast.forecasting.model.StanHopConfig;

/**
 * Everything that defines a training run, resolved (preset, config file and options merged); saved as the
 * run directory's config.json.
 *
 * @param preset the preset it started from, or null
 * @param data the data
 * @param model the architecture
 * @param training the training settings
 */
public record RunSpec(String preset, DataSpec data, StanHopConfig model, TrainingConfig training) {
}
