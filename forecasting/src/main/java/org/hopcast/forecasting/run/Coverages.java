package org.hopcast.forecasting.run;

import java.util.ArrayList;
import java.util.List;

/**
 * The nominal coverages of a run's prediction intervals: a setting ({@code coverage}, in {@link TrainingConfig}:
 * the calibration is the training's last step), with the one rule for what a coverage is and how users write it.
 */
public final class Coverages {
    /** What a run is calibrated at unless told: 80% and 95%, the two bands forecasters read most. */
    public static final List<Double> DEFAULTS = List.of(0.8, 0.95);

    private Coverages() {
    }

    /** Whether {@code c} is a coverage: strictly between 0 and 1. */
    public static boolean isCoverage(double c) {
        return c > 0 && c < 1;
    }

    /** {@code c}, checked. */
    public static double check(double c) {
        if (!isCoverage(c)) {
            throw new IllegalArgumentException("a coverage must lie strictly between 0 and 1 (or 0 and 100%), found "
                    + c);
        }
        return c;
    }

    /** A coverage as users write it: a fraction (0.8) or a percent (80, 80%), checked. */
    public static double parse(String text) {
        double v;
        try {
            v = Double.parseDouble(text.trim().replace("%", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number (example: 0.8,0.95 or 80%)");
        }
        double p = v >= 1 ? v / 100 : v; // 80 and 0.8 both mean 80%
        if (!isCoverage(p)) {
            throw new IllegalArgumentException(text.trim() + " must lie strictly between 0 and 1 (or 0 and 100%)");
        }
        return p;
    }

    /** Coverages as users write them, checked, in their order. */
    public static List<Double> parse(List<String> texts) {
        List<Double> out = new ArrayList<>();
        texts.forEach(t -> out.add(parse(t)));
        return out;
    }
}
