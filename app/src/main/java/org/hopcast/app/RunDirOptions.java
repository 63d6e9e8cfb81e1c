package org.hopcast.app;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The options of every command that works on a trained run: the run directory and the device. */
final class RunDirOptions {
    @Option(names = "--run", paramLabel = "RUN_DIR", required = true, description = "The run directory.")
    Path run;

    @Option(names = "--device", paramLabel = "D", defaultValue = "auto", description = "auto, cpu or gpu.")
    String device;

    @Option(names = "--series", paramLabel = "ID", description = "For a run over many series (trained with an id"
            + " column): look at this series alone (its id as panel.json names it; several id columns joined by /).")
    String series;

    /** The folder this command's files go to by default: the run's, or the chosen series' own in it. */
    Path filesDir() {
        return series == null ? run : org.hopcast.forecasting.run.RunDirectory.open(run).seriesDir(series);
    }
}
