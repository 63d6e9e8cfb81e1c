package org.hopcast.app;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The options of every command that works on a trained run: the run directory and the device. */
final class RunDirOptions {
    @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "The run directory.")
    Path run;

    @Option(names = "--device", paramLabel = "D", defaultValue = "auto", description = "auto, cpu or gpu.")
    String device;
}
