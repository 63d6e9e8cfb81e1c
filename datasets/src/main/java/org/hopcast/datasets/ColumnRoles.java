package org.hopcast.datasets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What each value column of a file is to a forecaster: a target (forecast, scored), a past covariate (observed up
 * to the forecast's origin only: a model input, never forecast) or a future covariate (known ahead: a model input
 * over the input window and again over the forecast period); plus the calendar features derived from the
 * timestamps, which are future covariates too.
 *
 * @param targets the target columns, or null for every read column that is not a covariate (the benchmarks' way)
 * @param pastCovariates past covariate columns (none when null)
 * @param futureCovariates future covariate columns (none when null)
 * @param calendarFeatures the calendar-features setting as written (off, on, or feature names; null: off)
 */
public record ColumnRoles(List<String> targets, List<String> pastCovariates, List<String> futureCovariates,
        List<String> calendarFeatures) {
    /** Every column a target, no covariates: the papers' protocol and the default. */
    public static final ColumnRoles ALL_TARGETS = new ColumnRoles(null, null, null, null);

    public ColumnRoles {
        targets = targets == null || targets.isEmpty() ? null : List.copyOf(targets);
        pastCovariates = pastCovariates == null ? List.of() : List.copyOf(pastCovariates);
        futureCovariates = futureCovariates == null ? List.of() : List.copyOf(futureCovariates);
        calendarFeatures = calendarFeatures == null ? List.of() : List.copyOf(calendarFeatures);
        CalendarFeatures.parse(calendarFeatures); // an unknown feature is refused when the setting is made
    }

    /** These roles with {@code column} a past covariate too (the gap marker, which is never a target). */
    public ColumnRoles withPastCovariate(String column) {
        if (pastCovariates.contains(column)) {
            return this;
        }
        List<String> past = new ArrayList<>(pastCovariates);
        past.add(column);
        return new ColumnRoles(targets, past, futureCovariates, calendarFeatures);
    }

    /**
     * The target columns of a table with {@code columns} (in the file's order when targets are not given), after
     * checking that every named column is there, that no column has two roles and that a target is left.
     *
     * @param source the file's name, for messages
     */
    public List<String> resolveTargets(String source, List<String> columns) {
        check("past-covariates", pastCovariates, source, columns);
        check("future-covariates", futureCovariates, source, columns);
        Set<String> covariates = new HashSet<>(pastCovariates);
        for (String f : futureCovariates) {
            if (!covariates.add(f)) {
                throw DataException.setting("future-covariates", "column '" + f + "' is also a past covariate",
                        "A column is known ahead (future) or only observed (past), not both.");
            }
        }
        List<String> out;
        if (targets == null) {
            out = columns.stream().filter(c -> !covariates.contains(c)).toList();
        } else {
            check("targets", targets, source, columns);
            for (String t : targets) {
                if (covariates.contains(t)) {
                    throw DataException.setting("targets", "column '" + t + "' is both a target and a covariate",
                            "A covariate is an input, never forecast: list it in one place only.");
                }
            }
            out = targets;
        }
        if (out.isEmpty()) {
            throw DataException.setting("targets", "no column of " + source + " is left to forecast: " + columns
                    + " are all covariates", "Name at least one target column.");
        }
        return out;
    }

    private static void check(String setting, List<String> names, String source, List<String> columns) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!columns.contains(n)) {
                throw DataException.setting(setting, "column '" + n + "' is not among the columns read from " + source
                        + ": " + columns, "Check the spelling, or add it to the columns read.");
            }
            if (!seen.add(n)) {
                throw DataException.setting(setting, "column '" + n + "' is listed twice", null);
            }
        }
    }
}
