package org.hopcast.forecasting.model;

import java.util.Locale;
import java.util.OptionalInt;

import org.hopcast.datasets.Calendar;
import org.hopcast.datasets.SeriesTable;

/**
 * A linear path's start as a mix of three linear maps of the window (ADR 0019): the linear baseline's least-squares
 * fit (with a ridge), the seasonal naive forecast and persistence, with weights {@code 1 - seasonalNaive - persistence},
 * {@code seasonalNaive} and {@code persistence}. All three are maps of the last-value-normalized window, so the mix is
 * one map of the same form: the fit shrunk towards forecasts that fit nothing to the training period.
 *
 * @param ridge the fit's ridge, as a fraction of the mean diagonal of X'X ({@link LinearBaseline#RIDGE}: the linear
 *        baseline's own fit)
 * @param seasonalNaive the seasonal naive forecast's weight, in [0, 1]
 * @param season the seasonal naive forecast's period in steps (0 when its weight is 0)
 * @param persistence persistence's weight, in [0, 1 - seasonalNaive]
 */
public record LinearMix(double ridge, double seasonalNaive, int season, double persistence) {
    /** The linear baseline's fit itself. */
    public static final LinearMix LINEAR = new LinearMix(LinearBaseline.RIDGE, 0, 0, 0);
    /** The fit shrunk all the way to "no change". */
    public static final LinearMix PERSISTENCE = new LinearMix(LinearBaseline.RIDGE, 0, 0, 1);

    public LinearMix {
        if (!(ridge >= 0 && ridge < Double.POSITIVE_INFINITY)) {
            throw new ConfigException("a linear path's start fits with a ridge of at least 0 (" + ridge + ")");
        }
        if (!(seasonalNaive >= 0 && persistence >= 0 && seasonalNaive + persistence <= 1 + 1e-9)) {
            throw new ConfigException("a linear path's start mixes the linear fit, the seasonal naive forecast and"
                    + " persistence with weights in [0, 1] that sum to 1 (seasonal naive " + seasonalNaive
                    + ", persistence " + persistence + ")");
        }
        if (seasonalNaive > 0 && season < 1) {
            throw new ConfigException("a seasonal naive weight needs a season of at least one step (" + season + ")");
        }
        if (seasonalNaive == 0) {
            season = 0;
        }
        if (seasonalNaive + persistence >= 1) {
            ridge = LinearBaseline.RIDGE; // the fit has no weight: its ridge changes nothing
        }
    }

    /** The linear fit's weight. */
    public double linear() {
        return Math.max(0, 1 - seasonalNaive - persistence);
    }

    /**
     * The season the seasonal naive forecast repeats on {@code table}'s data with windows of {@code in} steps, as
     * the seasonal naive baseline takes it: empty without timestamps, without a known season for the step, or when
     * the season is longer than the window.
     */
    public static OptionalInt season(SeriesTable table, int in) {
        OptionalInt m = Calendar.season(table);
        return m.isPresent() && m.getAsInt() <= in ? m : OptionalInt.empty();
    }

    /** This mix of {@code fit} (the fit on the training windows with this mix's ridge) as one map. */
    public LinearBaseline of(LinearBaseline fit) {
        return fit.mixed(linear(), seasonalNaive, season);
    }

    /** Whether the fit is the linear baseline's own (no ridge beyond its numerical one). */
    public boolean baselineFit() {
        return ridge == LinearBaseline.RIDGE;
    }

    /** How results and logs name it: "linear", "persistence", or the weights. */
    public String label() {
        if (equals(LINEAR)) {
            return LinearBaseline.LINEAR;
        }
        if (equals(PERSISTENCE)) {
            return LinearBaseline.PERSISTENCE;
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.2g linear", linear()));
        if (!baselineFit()) {
            b.append(" (ridge ").append(java.math.BigDecimal.valueOf(ridge).stripTrailingZeros().toPlainString())
                    .append(')');
        }
        if (seasonalNaive > 0) {
            b.append(String.format(Locale.ROOT, " + %.2g seasonal naive (%d)", seasonalNaive, season));
        }
        if (persistence > 0) {
            b.append(String.format(Locale.ROOT, " + %.2g persistence", persistence));
        }
        return b.toString();
    }
}
