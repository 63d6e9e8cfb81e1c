package org.hopcast.forecasting.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import org.hopcast.datasets.Calendar;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.StandardScaler;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.model.CovariateLinear;
import org.hopcast.forecasting.model.LinearBaseline;
import org.hopcast.forecasting.model.LinearMix;
import org.hopcast.forecasting.run.files.Omissible;

/**
 * The naive forecasts every result stands beside, on exactly the model's windows, with the same metrics:
 * <ul>
 *   <li>{@code persistence}: repeat each series' last input value;</li>
 *   <li>{@code seasonal naive}: repeat the last season of the input (its length from the data's calendar,
 *       {@link Calendar#season()}; unavailable when the calendar has none or the season is longer than the
 *       input window);</li>
 *   <li>{@code linear}: one linear map from input to horizon per series on last-value-normalized windows, fitted
 *       on the training windows ({@link LinearBaseline}).</li>
 * </ul>
 * A model that does not beat the best of them on validation and test is not yet a forecaster for that data;
 * {@link #verdict} says so in one sentence.
 */
public final class Baselines {
    /** One baseline's result: its test metrics and its validation MSE (the model's selection criterion). */
    public record Result(String name, String detail, Metrics test, double valMse) {
    }

    /** Why a baseline could not be computed (the seasonal one without a season). */
    public record Unavailable(String name, String reason) {
    }

    private final List<Result> results;
    private final List<Unavailable> unavailable;

    private Baselines(List<Result> results, List<Unavailable> unavailable) {
        this.results = List.copyOf(results);
        this.unavailable = List.copyOf(unavailable);
    }

    /** Baselines computed elsewhere (pooled over many series' forecasts, {@link PanelEvaluation}). */
    static Baselines of(List<Result> results, List<Unavailable> unavailable) {
        return new Baselines(results, unavailable);
    }

    public static final String PERSISTENCE = LinearBaseline.PERSISTENCE;
    public static final String SEASONAL = "seasonal naive";
    public static final String LINEAR = LinearBaseline.LINEAR;

    /**
     * Every baseline on the validation and test windows of {@code data}, scaled with {@code scaler} for the
     * metrics in original units; validation MSE as the mean of per-batch MSEs over {@code batchSize} windows, as
     * the model's.
     */
    public static Baselines of(PreparedSeries data, StandardScaler scaler, int batchSize) {
        return of(data, scaler, batchSize, 1);
    }

    /**
     * As above, with the validation MSE over every {@code valStride}-th validation window (as a training under a
     * time budget validated; 0 or 1: all).
     */
    public static Baselines of(PreparedSeries data, StandardScaler scaler, int batchSize, int valStride) {
        WindowDataset val = data.windows(Split.VAL).build();
        WindowDataset test = data.windows(Split.TEST).build();
        Forecasters all = forecasters(data, data.windows(Split.TRAIN).build());
        List<Result> results = new ArrayList<>();
        int stride = Math.max(1, valStride);
        MaseScale scale = MaseScale.of(data);
        for (Forecaster f : all.available()) {
            Forecasts t = f.forecast(test);
            Forecasts v = f.forecast(val);
            results.add(new Result(f.name(), f.detail(), t.metrics(data.table().columns(), scaler, scale),
                    v.batchMeanMse(batchSize, stride)));
        }
        return new Baselines(results, all.unavailable());
    }

    /** One baseline as a forecaster of any windows of its data. */
    public record Forecaster(String name, String detail, java.util.function.Function<WindowDataset, float[]> method) {
        /** Its forecasts over every window of {@code ds}. */
        public Forecasts forecast(WindowDataset ds) {
            return Forecasts.of(ds, method.apply(ds));
        }
    }

    /** The baselines that exist on some data, in the order results list them, and those that do not, with why. */
    public record Forecasters(List<Forecaster> available, List<Unavailable> unavailable) {
    }

    /**
     * The baselines of {@code data}, the linear one fitted on the windows of {@code training} (the run's training
     * split; the rows before an origin when a backtest refits).
     */
    public static Forecasters forecasters(PreparedSeries data, WindowDataset training) {
        int in = training.window().inLen();
        List<Forecaster> available = new ArrayList<>();
        List<Unavailable> missing = new ArrayList<>();
        available.add(new Forecaster(PERSISTENCE, "repeating the last value", w -> seasonal(w, 1)));
        // the same rule as a linear path's seasonal naive part: one decision, the reason only for the user
        OptionalInt season = LinearMix.season(data.table(), in);
        if (season.isPresent()) {
            int m = season.getAsInt();
            available.add(new Forecaster(SEASONAL, "repeating the last " + m + " steps", w -> seasonal(w, m)));
        } else {
            missing.add(new Unavailable(SEASONAL, noSeason(data, in)));
        }
        if (training.covariateColumns() > 0) {
            // the same inputs as the model: a baseline that never saw the covariates would flatter it
            CovariateLinear linear = CovariateLinear.fit(training);
            available.add(new Forecaster(LINEAR, "one linear map per series over its window and the covariates"
                    + " (NLinear with covariates)", linear::predict));
        } else {
            LinearBaseline linear = LinearBaseline.fit(training);
            available.add(new Forecaster(LINEAR, "one linear map per series (NLinear)", w -> apply(linear, w)));
        }
        return new Forecasters(List.copyOf(available), List.copyOf(missing));
    }

    /** Why the seasonal naive forecast is not available on {@code data} with windows of {@code in} steps. */
    private static String noSeason(PreparedSeries data, int in) {
        Calendar calendar = Calendar.of(data.table());
        if (calendar == null) {
            return "the file has no timestamps";
        }
        OptionalInt season = calendar.season();
        return season.isEmpty() ? "no season is known for a step of " + calendar.label() : "the season ("
                + season.getAsInt() + " steps) is longer than the input window (" + in + ")";
    }

    /** The persistence forecasts over every window of {@code ds}. */
    public static Forecasts persistence(WindowDataset ds) {
        return Forecasts.of(ds, seasonal(ds, 1));
    }

    /** Repeats the last {@code m} input steps over the horizon (m = 1: persistence). */
    private static float[] seasonal(WindowDataset ds, int m) {
        int in = ds.window().inLen();
        int out = ds.window().outLen();
        int series = ds.columns();
        float[] pred = new float[(int) ds.size() * out * series];
        for (int i = 0; i < ds.size(); i++) {
            float[] x = ds.input(i);
            for (int h = 0; h < out; h++) {
                System.arraycopy(x, (in - m + h % m) * series, pred, (i * out + h) * series, series);
            }
        }
        return pred;
    }

    private static float[] apply(LinearBaseline linear, WindowDataset ds) {
        int out = ds.window().outLen();
        int series = ds.columns();
        float[] pred = new float[(int) ds.size() * out * series];
        for (int i = 0; i < ds.size(); i++) {
            linear.predict(ds.input(i), pred, i * out * series);
        }
        return pred;
    }

    public List<Result> results() {
        return results;
    }

    public List<Unavailable> unavailable() {
        return unavailable;
    }

    /** A baseline's result by name, or null. */
    public Result get(String name) {
        return results.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /** The baseline with the lowest test MSE. */
    public Result bestOnTest() {
        return results.stream().min(java.util.Comparator.comparingDouble(r -> r.test().mse())).orElseThrow();
    }

    /** The baseline with the lowest validation MSE. */
    public Result bestOnValidation() {
        return results.stream().min(java.util.Comparator.comparingDouble(Result::valMse)).orElseThrow();
    }

    /**
     * Whether a model with these errors beats every baseline on both splits. A NaN validation MSE (not known, or
     * measured on another file) leaves the test split to decide.
     */
    public boolean beatenBy(double modelValMse, double modelTestMse) {
        boolean val = Double.isNaN(modelValMse) || below(modelValMse, bestOnValidation().valMse());
        return val && below(modelTestMse, bestOnTest().test().mse());
    }

    /**
     * Relative difference within which a model's MSE equals a baseline's: a model with a linear path that never
     * improved on its start forecasts what that baseline forecasts, and float32 against float64 arithmetic must
     * not make it "better" (measured: 2e-9 relative).
     */
    static final double SAME = 1e-6;

    private static boolean below(double model, double baseline) {
        return model < baseline * (1 - SAME);
    }

    private static boolean same(double model, double baseline) {
        return Math.abs(model - baseline) <= SAME * Math.abs(baseline);
    }

    /**
     * One plain sentence when the model does not beat the best baseline on validation or test, else null.
     */
    public String verdict(double modelValMse, double modelTestMse) {
        if (beatenBy(modelValMse, modelTestMse)) {
            return null;
        }
        Result t = bestOnTest();
        Result v = bestOnValidation();
        boolean testLost = !below(modelTestMse, t.test().mse());
        Result r = testLost ? t : v;
        String split = testLost ? "test" : "validation";
        double model = testLost ? modelTestMse : modelValMse;
        double baseline = testLost ? r.test().mse() : r.valMse();
        if (same(model, baseline)) {
            return String.format(Locale.ROOT, "The model forecasts what the %s baseline forecasts on the %s split (MSE"
                    + " %.4f): it is still its start, no epoch of training improved on it on validation.", r.name(),
                    split, model);
        }
        return String.format(Locale.ROOT, "The model does not beat the %s baseline on the %s split (MSE %.4f vs"
                + " %.4f); on this data its forecasts are no better than %s.", r.name(), split, model, baseline,
                r.name().equals(LINEAR) ? "a linear map of the input" : r.detail());
    }

    /** Each baseline's overall test MSE by JSON key, for one-line {@code --json} output. */
    public Map<String, Double> testMse() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Result r : results()) {
            m.put(key(r.name()), r.test().mse());
        }
        return m;
    }

    /**
     * One baseline as run files and {@code --json} carry it: its test metrics (overall and per series) and
     * validation MSE, or why it is missing on this data.
     *
     * @param detail what it forecasts, in words
     * @param valMse its validation MSE
     * @param test its test metrics
     * @param unavailable why it is missing (null when it is not)
     */
    public record Entry(String detail, Double valMse, @Omissible Metrics test, String unavailable) {
    }

    /** Every baseline by its key, the missing ones with their reason. */
    public Map<String, Entry> entries() {
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Result r : results) {
            m.put(key(r.name()), new Entry(r.detail(), r.valMse(), r.test(), null));
        }
        for (Unavailable u : unavailable) {
            m.put(key(u.name()), new Entry(null, null, null, u.reason()));
        }
        return m;
    }

    /** The JSON key of a baseline ("seasonal naive" -> seasonal_naive). */
    public static String key(String name) {
        return name.replace(' ', '_');
    }
}
