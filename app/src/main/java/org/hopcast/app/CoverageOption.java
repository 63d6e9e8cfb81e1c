package org.hopcast.app;

import java.util.ArrayList;
import java.util.List;

import org.hopcast.forecasting.run.Coverages;

import picocli.CommandLine.Option;

/** {@code --coverage}: the nominal coverages of the conformal prediction intervals, shared by the commands. */
final class CoverageOption {
    @Option(names = "--coverage", paramLabel = "P[,P...]", split = ",", description = "Nominal coverages of the"
            + " prediction intervals, as fractions or percents (default: the run's saved calibration, the run's"
            + " coverage setting). Other coverages than the run's are calibrated on its validation split and saved.")
    List<String> given;

    /** The coverages asked for, as fractions; null when none were given. */
    List<Double> coverages() {
        if (given == null || given.isEmpty()) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (String g : given) {
            try {
                out.add(Coverages.parse(g));
            } catch (IllegalArgumentException e) {
                throw new HopcastCli.UserError("--coverage: " + e.getMessage());
            }
        }
        return out;
    }
}
