package org.hopcast.forecasting.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hopcast.datasets.SeriesTable;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.datasets.Timestamps;
import org.hopcast.forecasting.run.Coverages;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;

/**
 * A run's conformal calibration, saved as {@code intervals.json} so that forecasts, evaluations, the desktop app
 * and exports draw the same bands without fitting them again. Half-widths are in the series' original units,
 * [coverage][step][series], so a model retrained on all the data (another scaler) keeps its validated run's bands.
 *
 * @param version the file's format ({@link #VERSION})
 * @param coverages the nominal coverages, ascending
 * @param series the series, in the model's order
 * @param steps forecast steps (out_len)
 * @param calibration the validation windows the split bands were fitted on
 * @param split split conformal half-widths
 * @param adaptive the adaptive level and half-widths reached at the end of the test split (for forecasts beyond it)
 * @param splitScaled split conformal on scaled scores: multipliers of a window's volatility, free of units
 * @param adaptiveScaled adaptive conformal on scaled scores, its half-widths as multipliers
 * @param method the method whose bands forecasts show ({@link #DEFAULT_METHOD} unless chosen)
 * @param validatedBy the run whose validation and test splits produced this calibration (this run's own folder, or
 *        the validated run a final model was retrained from)
 * @param notes coverages that could not be calibrated, and why
 */
public record PredictionIntervals(int version, List<Double> coverages, List<String> series, int steps,
        Calibration calibration, double[][][] split, Adaptive adaptive, double[][][] splitScaled,
        Adaptive adaptiveScaled, String method, String validatedBy, List<String> notes) {

    /** The format of intervals.json that this version writes and reads. */
    public static final int VERSION = 1;

    /** Split conformal, fitted once on the validation split. */
    public static final String SPLIT = "split";

    /** Adaptive conformal inference, its level moved by every truth that arrives. */
    public static final String ADAPTIVE = "adaptive";

    /** Split conformal on errors relative to each window's volatility. */
    public static final String SPLIT_SCALED = "split-scaled";

    /** Adaptive conformal inference on errors relative to each window's volatility. */
    public static final String ADAPTIVE_SCALED = "adaptive-scaled";

    /** Every method, in the order reports list them. */
    public static final List<String> METHODS = List.of(SPLIT, ADAPTIVE, SPLIT_SCALED, ADAPTIVE_SCALED);

    /**
     * The bands forecasts show: adaptive, because its level has followed the errors through the test split up to
     * the last known row, where a forecast beyond the file starts; on scaled scores, because bands that widen with
     * the series' own swings keep their coverage where the swings grow after the validation period (ILI), at no
     * cost where they do not (docs/results/intervals.md compares all four).
     */
    public static final String DEFAULT_METHOD = ADAPTIVE_SCALED;

    /**
     * The validation windows the bands were fitted on: how many (every {@code stride}-th when a time budget thinned
     * validation), and the target rows (and times) they span.
     */
    public record Calibration(String split, int windows, int stride, int firstRow, int lastRow, String from,
            String to) {
    }

    /**
     * Adaptive conformal inference's state after the test split.
     *
     * @param gamma the level's step size
     * @param scores how many recent scores the quantile is taken over
     * @param alpha [coverage][step][series] the miss level reached
     * @param halfWidth [coverage][step][series] in original units
     * @param throughRow the last row whose truth it has seen
     */
    public record Adaptive(double gamma, int scores, double[][][] alpha, double[][][] halfWidth, int throughRow) {
    }

    public PredictionIntervals {
        if (version != VERSION) {
            throw new RunException("version " + version + " of intervals.json is not known to this Hopcast (it reads "
                    + VERSION + ")");
        }
        if (!METHODS.contains(method)) {
            throw new RunException("method must be one of " + METHODS + ", not " + method);
        }
        check("split", split, coverages.size(), steps, series.size());
        check("adaptive.halfWidth", adaptive.halfWidth(), coverages.size(), steps, series.size());
        check("adaptive.alpha", adaptive.alpha(), coverages.size(), steps, series.size());
        check("splitScaled", splitScaled, coverages.size(), steps, series.size());
        check("adaptiveScaled.halfWidth", adaptiveScaled.halfWidth(), coverages.size(), steps, series.size());
        check("adaptiveScaled.alpha", adaptiveScaled.alpha(), coverages.size(), steps, series.size());
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    private static void check(String key, double[][][] a, int k, int h, int c) {
        boolean ok = a != null && a.length == k;
        for (int i = 0; ok && i < k; i++) {
            ok = a[i] != null && a[i].length == h;
            for (int j = 0; ok && j < h; j++) {
                ok = a[i][j] != null && a[i][j].length == c;
                for (int s = 0; ok && s < c; s++) {
                    ok = Double.isFinite(a[i][j][s]) && (key.endsWith("alpha") || a[i][j][s] >= 0);
                }
            }
        }
        if (!ok) {
            throw new RunException("key " + key + " must hold " + k + " x " + h + " x " + c
                    + " finite numbers (coverage x step x series), non-negative for half-widths");
        }
    }

    /**
     * Calibrates on {@code val} (split conformal) and replays the adaptive method over {@code test}; coverages the
     * validation split has too few windows for are left out with a note.
     */
    public static Fitted fit(Forecasts val, Forecasts test, List<Double> wanted, StandardScaler scaler,
            SeriesTable table, String validatedBy) {
        int n = (int) val.windows().size();
        List<Double> coverages = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (double c : wanted.stream().sorted().distinct().toList()) {
            Coverages.check(c);
            if (n < Conformal.minimumScores(c)) {
                notes.add(String.format(java.util.Locale.ROOT, "%s%%: the validation split has %d windows; a %s%%"
                        + " interval needs at least %d", percent(c), n, percent(c), Conformal.minimumScores(c)));
            } else {
                coverages.add(c);
            }
        }
        double[] cov = coverages.stream().mapToDouble(Double::doubleValue).toArray();
        double[][][] splitZ = Conformal.split(val, cov);
        Conformal.Adaptive aci = Conformal.adaptive(val, test, cov, Conformal.DEFAULT_GAMMA);
        float[] valScales = Conformal.scales(val.windows());
        float[] testScales = Conformal.scales(test.windows());
        double[][][] splitScaled = Conformal.split(val, cov, valScales);
        Conformal.Adaptive aciScaled = Conformal.adaptive(val, test, cov, Conformal.DEFAULT_GAMMA, valScales,
                testScales);
        int out = val.windows().window().outLen();
        int first = val.windows().targetRow(0, 0);
        int last = val.windows().targetRow(n - 1, out - 1);
        int through = test.windows().targetRow(test.windows().size() - 1, out - 1);
        Calibration cal = new Calibration("validation", n, val.windows().stride(), first, last, time(table, first),
                time(table, last));
        PredictionIntervals file = new PredictionIntervals(VERSION, coverages, table.columns(), out, cal,
                original(splitZ, scaler), new Adaptive(Conformal.DEFAULT_GAMMA, n, aci.finalAlpha(),
                        original(aci.finalHalfWidths(), scaler), through), splitScaled,
                new Adaptive(Conformal.DEFAULT_GAMMA, n, aciScaled.finalAlpha(), aciScaled.finalHalfWidths(), through),
                DEFAULT_METHOD, validatedBy, notes);
        return new Fitted(file, splitZ, aci, aciScaled, testScales);
    }

    /**
     * A calibration with its test-split bands (z-scored), as fitted or replayed: split half-widths, both adaptive
     * replays, and the test windows' volatilities the scaled split bands multiply.
     */
    public record Fitted(PredictionIntervals intervals, double[][][] splitZ, Conformal.Adaptive adaptive,
            Conformal.Adaptive adaptiveScaled, float[] testScales) {
        /** The half-widths of {@code method} on the test windows the adaptive methods were replayed over. */
        public IntervalScores.HalfWidth testHalfWidth(String method) {
            int out = intervals.steps();
            int series = intervals.series().size();
            double[][][] q = intervals.splitScaled();
            return switch (method) {
                case SPLIT -> (k, w, h, c) -> splitZ[k][h][c];
                case SPLIT_SCALED -> (k, w, h, c) -> q[k][h][c] * testScales[w * series + c];
                case ADAPTIVE -> (k, w, h, c) -> adaptive.halfWidths()[k][(w * out + h) * series + c];
                case ADAPTIVE_SCALED -> (k, w, h, c) -> adaptiveScaled.halfWidths()[k][(w * out + h) * series + c];
                default -> throw new IllegalArgumentException("unknown interval method " + method);
            };
        }

        public double[] coverages() {
            return intervals.coverageArray();
        }
    }

    /**
     * The same calibration with the adaptive method replayed over another test split (new data evaluated with this
     * run's model): the split bands stay as saved, the adaptive ones start again from {@code val}'s scores.
     */
    public Fitted replay(Forecasts val, Forecasts test, StandardScaler scaler) {
        double[] cov = coverageArray();
        double[][][] splitZ = new double[cov.length][steps][series.size()];
        for (int k = 0; k < cov.length; k++) {
            for (int h = 0; h < steps; h++) {
                for (int c = 0; c < series.size(); c++) {
                    double std = scaler.std(c);
                    splitZ[k][h][c] = std > 0 ? split[k][h][c] / std : 0;
                }
            }
        }
        float[] valScales = Conformal.scales(val.windows());
        float[] testScales = Conformal.scales(test.windows());
        return new Fitted(this, splitZ, Conformal.adaptive(val, test, cov, adaptive.gamma()),
                Conformal.adaptive(val, test, cov, adaptiveScaled.gamma(), valScales, testScales), testScales);
    }

    public double[] coverageArray() {
        return coverages.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The half-widths (original units, [coverage][step][series]) a forecast beyond the data shows, for an input
     * window whose volatility per series is {@code inputScale} (original units; used by the scaled methods).
     */
    public double[][][] futureHalfWidths(double[] inputScale) {
        return switch (method) {
            case SPLIT -> split;
            case ADAPTIVE -> adaptive.halfWidth();
            case SPLIT_SCALED -> times(splitScaled, inputScale);
            default -> times(adaptiveScaled.halfWidth(), inputScale);
        };
    }

    private static double[][][] times(double[][][] q, double[] scale) {
        double[][][] o = new double[q.length][][];
        for (int k = 0; k < q.length; k++) {
            o[k] = new double[q[k].length][];
            for (int h = 0; h < q[k].length; h++) {
                o[k][h] = new double[q[k][h].length];
                for (int c = 0; c < q[k][h].length; c++) {
                    o[k][h][c] = q[k][h][c] * scale[c];
                }
            }
        }
        return o;
    }

    /** Checks that these bands fit a model of {@code outLen} steps over {@code names}. */
    public void checkFits(String file, List<String> names, int outLen) {
        if (!series.equals(names) || steps != outLen) {
            throw new RunException(file + ": the bands are for series " + series + " and " + steps + " steps, the model"
                    + " forecasts " + names + " for " + outLen + " steps; remove the file to calibrate again");
        }
    }

    /** intervals.json of {@code run}, checked; null when the run has none. */
    public static PredictionIntervals read(RunDirectory run) {
        return read(run.file(RunDirectory.INTERVALS));
    }

    /** The intervals file {@code f} (a run's, or one series' of a run over many), checked; null when there is none. */
    public static PredictionIntervals read(Path f) {
        return Files.exists(f) ? Json.read(f, PredictionIntervals.class) : null;
    }

    /** Whether this calibration is at {@code wanted} coverages, in any order (null: whichever it has). */
    public boolean isAt(List<Double> wanted) {
        return wanted == null || new java.util.TreeSet<>(wanted).equals(new java.util.TreeSet<>(coverages));
    }

    /**
     * The intervals of {@code run}'s model around {@code test}: {@code saved} (the run's intervals.json, or null)
     * replayed over {@code test} when it is at these coverages (null: whichever it has), else fitted now on
     * {@code val} and, when {@code save}, written to the run.
     */
    public static Fitted forRun(RunDirectory run, PredictionIntervals saved, Forecasts val, Forecasts test,
            List<Double> coverages, StandardScaler scaler, SeriesTable table, boolean save) {
        return forRun(run.file(RunDirectory.INTERVALS), saved, val, test, coverages, scaler, table, save);
    }

    /**
     * As above, the intervals kept in {@code file} (a run's intervals.json, or one series' of a run over many); the
     * calibration names the folder it is kept in.
     */
    public static Fitted forRun(Path file, PredictionIntervals saved, Forecasts val, Forecasts test,
            List<Double> coverages, StandardScaler scaler, SeriesTable table, boolean save) {
        if (saved != null && saved.isAt(coverages)) {
            saved.checkFits(file.toString(), table.columns(), test.windows().window().outLen());
            return saved.replay(val, test, scaler);
        }
        Fitted fitted = fit(val, test, coverages == null ? Coverages.DEFAULTS : coverages, scaler, table,
                file.toAbsolutePath().normalize().getParent().toString());
        if (save) {
            try {
                Json.write(file, fitted.intervals());
            } catch (java.io.IOException e) {
                throw new RunException("cannot write " + file + ": " + org.hopcast.datasets.IoErrors.reason(e), e);
            }
        }
        return fitted;
    }

    /** "80" for 0.8, "97.5" for 0.975: how a coverage is named in columns and labels. */
    public static String percent(double coverage) {
        double p = Math.round(coverage * 1000) / 10.0;
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private static String time(SeriesTable table, int row) {
        return table.hasTimestamps() ? Timestamps.format(table.timestamp(row)) : null;
    }

    private static double[][][] original(double[][][] z, StandardScaler scaler) {
        return times(z, scaler.stds());
    }
}
