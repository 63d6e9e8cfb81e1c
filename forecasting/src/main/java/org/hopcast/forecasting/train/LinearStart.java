package org.hopcast.forecasting.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.model.LinearBaseline;
import org.hopcast.forecasting.model.LinearMix;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.files.RunException;

/**
 * Where a model's linear path starts (ADR 0019): the linear baseline's least-squares fit on the training windows,
 * with a ridge and shrunk towards the seasonal naive forecast and persistence, by the mix ({@link LinearMix}) that
 * is best on the validation windows, so the untrained model is at least as good there as the best of the three
 * baselines' linear maps. The weights are a grid of tenths and the ridges five (286 mixes with a season, 51
 * without).
 *
 * <p>Mixes are compared by the <em>median</em> window's MSE, not the mean: a level shift inside the validation
 * period makes a few dozen windows' errors large for every forecast, and on such a series the mean chose
 * persistence or the seasonal naive forecast, which were 5x-35x worse than the fit on test (ADR 0019); the median
 * window is what the map does on the period's ordinary days. The median's choice shrinks the fit where the training
 * period's least squares over-fits it (ETTh1: 0.3 seasonal naive and a ridge, test -3.0%; a noisy trend: a ridge,
 * -4.7%).
 *
 * @param mix the chosen mix
 * @param map its weights as one linear map
 * @param valMse the validation MSE (mean over windows) of the linear fit, persistence and the chosen mix, by label;
 *        empty when chosen without validation rows
 */
record LinearStart(LinearMix mix, LinearBaseline map, Map<String, Double> valMse) {
    /** The weights' grid: multiples of 1 / STEPS. */
    static final int STEPS = 10;
    /** The fit's ridges on the grid: the baseline's own (numerical only), then shrinking ones. */
    static final double[] RIDGES = {LinearBaseline.RIDGE, 0.01, 0.03, 0.1, 0.3};

    /** How results and run files name the start. */
    String name() {
        return mix.label();
    }

    /** The mix whose median validation window's MSE is lowest, over every {@code stride}-th validation window. */
    static LinearStart choose(PreparedSeries data, int stride) {
        WindowDataset train = data.windows(Split.TRAIN).build();
        WindowDataset val = data.windows(Split.VAL).build();
        List<LinearBaseline> fits = LinearBaseline.fit(train, RIDGES);
        OptionalInt season = LinearMix.season(data.table(), train.window().inLen());
        List<LinearMix> mixes = grid(season);
        double[][] perWindow = windowErrors(fits, season.orElse(1), mixes, val, stride);
        int best = 0;
        double bestMedian = Double.POSITIVE_INFINITY;
        for (int k = 0; k < mixes.size(); k++) {
            double med = median(perWindow[k]);
            if (med < bestMedian) { // ties go to the first: the least shrinkage
                best = k;
                bestMedian = med;
            }
        }
        LinearMix chosen = mixes.get(best);
        Map<String, Double> mse = new LinkedHashMap<>();
        mse.put(LinearMix.LINEAR.label(), mean(perWindow[mixes.indexOf(LinearMix.LINEAR)]));
        mse.put(LinearMix.PERSISTENCE.label(), mean(perWindow[mixes.indexOf(LinearMix.PERSISTENCE)]));
        mse.put(chosen.label(), mean(perWindow[best]));
        return new LinearStart(chosen, chosen.of(fits.get(ridgeIndex(chosen))),
                java.util.Collections.unmodifiableMap(mse));
    }

    /**
     * The start {@code mix} without validation (a final model has no held-out rows: it starts as the mix its validated
     * run chose, the fit made on every row).
     */
    static LinearStart named(PreparedSeries data, LinearMix mix) {
        WindowDataset train = data.windows(Split.TRAIN).build();
        if (mix.seasonalNaive() > 0 && mix.season() > train.window().inLen()) {
            throw new RunException("the linear path cannot start with a season of " + mix.season() + " steps on windows"
                    + " of " + train.window().inLen());
        }
        return new LinearStart(mix, mix.of(LinearBaseline.fit(train, mix.ridge()).get(0)), Map.of());
    }

    /** One sentence for the training's log: which start, and why. */
    String describe() {
        String why = valMse.isEmpty() ? " (its validated run's choice)" : ", the mix of the linear fit, the seasonal"
                + " naive forecast and persistence best on validation's median window (mean validation MSE: "
                + valMse.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(),
                        e.getValue())).collect(java.util.stream.Collectors.joining(", ")) + ")";
        return "the linear path starts as " + name() + why + "; the Hopfield layers learn a correction to it";
    }

    /** The start its validated run's epoch 0 recorded (the linear fit for runs that recorded none). */
    static LinearMix recordedIn(String validatedRun) {
        return recorded(RunDirectory.open(java.nio.file.Path.of(validatedRun)).readHistory());
    }

    /** The start epoch 0 of history {@code h} recorded (the linear fit when none is recorded). */
    static LinearMix recorded(List<EpochRecord> h) {
        return h.stream().filter(r -> r.epoch() == 0 && r.start() != null).findFirst().map(r -> r.startMix() != null
                ? r.startMix() : LinearBaseline.PERSISTENCE.equals(r.start()) ? LinearMix.PERSISTENCE : LinearMix.LINEAR)
                .orElse(LinearMix.LINEAR);
    }

    /**
     * Every mix on the grid: the baseline's fit first, then by growing shrinkage (the weights, then the ridge); a
     * ridge only where the fit has a weight.
     */
    static List<LinearMix> grid(OptionalInt season) {
        List<LinearMix> mixes = new ArrayList<>();
        int maxSeasonal = season.isPresent() ? STEPS : 0;
        for (double ridge : RIDGES) {
            for (int total = 0; total <= STEPS; total++) {
                for (int s = Math.min(total, maxSeasonal); s >= 0; s--) {
                    if (total == STEPS && ridge != LinearBaseline.RIDGE) {
                        continue; // no weight on the fit: the same forecast for every ridge
                    }
                    mixes.add(new LinearMix(ridge, (double) s / STEPS, s > 0 ? season.getAsInt() : 0,
                            (double) (total - s) / STEPS));
                }
            }
        }
        return mixes;
    }

    private static int ridgeIndex(LinearMix m) {
        for (int i = 0; i < RIDGES.length; i++) {
            if (RIDGES[i] == m.ridge()) {
                return i;
            }
        }
        throw new IllegalArgumentException("ridge " + m.ridge() + " is not on the grid");
    }

    /** Per mix, the MSE of each {@code stride}-th window of {@code ds}. */
    private static double[][] windowErrors(List<LinearBaseline> fits, int season, List<LinearMix> mixes,
            WindowDataset ds, int stride) {
        int in = ds.window().inLen();
        int out = ds.window().outLen();
        int series = ds.columns();
        int per = out * series;
        int step = Math.max(1, stride);
        int n = (int) ((ds.size() + step - 1) / step);
        double[][] err = new double[mixes.size()][n];
        float[][] linear = new float[fits.size()][per];
        int[] fitOf = mixes.stream().mapToInt(LinearStart::ridgeIndex).toArray();
        for (int w = 0; w < n; w++) {
            float[] x = ds.input((long) w * step);
            float[] y = ds.target((long) w * step);
            for (int f = 0; f < fits.size(); f++) {
                fits.get(f).predict(x, linear[f], 0);
            }
            for (int k = 0; k < mixes.size(); k++) {
                LinearMix m = mixes.get(k);
                float[] lin = linear[fitOf[k]];
                double a = m.linear();
                double s = m.seasonalNaive();
                double p = m.persistence();
                double sum = 0;
                for (int h = 0; h < out; h++) {
                    int seasonalRow = (in - season + h % season) * series;
                    for (int c = 0; c < series; c++) {
                        int i = h * series + c;
                        double f = a * lin[i] + s * x[seasonalRow + c] + p * x[(in - 1) * series + c];
                        double e = f - y[i];
                        sum += e * e;
                    }
                }
                err[k][w] = sum / per;
            }
        }
        return err;
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return v.length == 0 ? Double.NaN : sum / v.length;
    }
}
