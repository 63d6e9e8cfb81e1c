package org.hopcast.app;

import org.hopcast.forecasting.service.MemoryEvaluation;

import picocli.CommandLine.Option;

/** The options of an external memory beside a trained model (evaluate, forecast): STanHop-Net's plug-ins. */
final class MemoryOptions {
    @Option(names = "--memory", paramLabel = "M", defaultValue = "none", description = "An external memory beside"
            + " the trained model (STanHop-Net's plug-ins): none (default), pnp (Plug-and-Play: the frozen model is"
            + " given what it retrieves from a bank, either mixed into its input or as the retrieved windows' futures"
            + " its forecast moves toward; the readout, lambda, beta and alpha chosen on validation, nothing trained)"
            + " or tnp (Tune-and-Play: the retrieval's projections, beta, alpha and a lambda per series tuned from pnp's"
            + " choice, the model frozen; on the training windows, or with --bank stream on the first 20% of the test"
            + " stream, evaluated on the rest). evaluate reports the test windows with and without it, the sudden ones"
            + " apart, and saves pnp's setting and tnp's tuned retrieval (RUN_DIR/memory/); forecast uses them.")
    String memory;

    @Option(names = "--bank", paramLabel = "B", defaultValue = "train", description = "The memory's bank: train"
            + " (default: the training windows), events (the top 10% of training and validation windows by event"
            + " score), stream (every window, each once its future is known) or shuffled (train with each window's"
            + " time order permuted: the control).")
    String bank;

    @Option(names = "--memory-lambda", paramLabel = "X", description = "Fix the memory's weight lambda in [0, 1]"
            + " instead of choosing it on validation (the readout, beta and alpha still are); 0 is the model alone.")
    Double memoryLambda;

    @Option(names = "--bank-stride", paramLabel = "N", defaultValue = "1", description = "Rows between the bank's"
            + " windows (default ${DEFAULT-VALUE}; larger for long files).")
    int bankStride;

    /** What the options ask for, or a user error naming them. */
    MemoryEvaluation.Request request() {
        MemoryEvaluation.Request asked;
        try {
            asked = new MemoryEvaluation.Request(memory, bank, memoryLambda, bankStride);
        } catch (IllegalArgumentException ex) {
            throw new HopcastCli.UserError("--memory/--bank/--memory-lambda/--bank-stride: " + ex.getMessage());
        }
        if (!asked.on() && (memoryLambda != null || !"train".equals(bank) || bankStride != 1)) {
            throw new HopcastCli.UserError("--bank, --memory-lambda and --bank-stride set up a memory: add --memory pnp");
        }
        return asked;
    }
}
