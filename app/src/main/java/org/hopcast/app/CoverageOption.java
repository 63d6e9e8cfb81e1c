package org.hopcast.app;

import java.util.ArrayList;
import java.util.List;

import org.hopcast.forecasting.eval.Conformal;

import picocli.CommandLine.Option;

/** {@code --coverage}: the nominal coverages of the conformal prediction intervals, shared by the commands. */
final class CoverageOption {
    @Option(names = "--coverage", paramLabel = "P[,P...]", split = ",", description = "Nominal coverages of the"
            + " prediction intervals, as fractions or percents (default: the run's saved calibration, for a new run "
            + "0.8,0.95). Other coverages than the run's are calibrated on its validation split and saved.")
    List<String> given;

    /** The coverages asked for, as fractions; null when none were given. */
    List<Double> coverages() {
        if (given == null || given.isEmpty()) {
            return null;
        }
        List<Double> out = new ArrayList<>();
        for (String g : given) {
            double v;
            try {
                v = Double.parseDouble(g.trim().replace("%", ""));
            } catch (NumberFormatException e) {
                throw new HopcastCli.UserError("--coverage: '" + g + "' is not a number (example: --coverage 0.8,0.95)");
            }
            // 80 and 0.8 both mean 80%
            double p = v >= 1 ? v / 100 : v;
            if (!(p > 0 && p < 1)) {
                throw new HopcastCli.UserError("--coverage: " + g + " must lie strictly between 0 and 1 (or 0 and 100%)");
            }
            out.add(p);
        }
        return out;
    }

    /** The coverages a new run is calibrated at. */
    List<Double> forNewRun() {
        List<Double> c = coverages();
        return c == null ? Conformal.DEFAULT_COVERAGES : c;
    }
}
