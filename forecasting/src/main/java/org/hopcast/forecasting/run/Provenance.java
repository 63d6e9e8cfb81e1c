package org.hopcast.forecasting.run;

import java.util.Map;

import org.hopcast.forecasting.run.files.Omissible;

/**
 * What provenance.json holds (Tribuo's rule: a model says where it came from): when and where the run was
 * created, from which seed, data and code. Every checkpoint's header carries it with the full configuration.
 *
 * @param created when the training started (ISO-8601)
 * @param seed the training's seed
 * @param device the device it trained on
 * @param parameters the model's parameter count
 * @param model the model's signature, as checkpoints must match it
 * @param data the data it was trained on (data.json)
 * @param versions Hopcast (with its commit), DJL, engine, Java, OS, threads and the kernels that decide the last
 *     bits, by name ({@code BuildInfo.versions()}; a map so that a newer Hopcast can add one)
 */
public record Provenance(String created, long seed, String device, long parameters, String model,
        @Omissible RunDirectory.DataInfo data, Map<String, String> versions) {
}
