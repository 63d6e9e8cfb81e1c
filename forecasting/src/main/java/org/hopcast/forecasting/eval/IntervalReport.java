package org.hopcast.forecasting.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.StandardScaler;

/**
 * The prediction intervals of a model on the test split, next to the naive fan they have to beat: persistence
 * with its own conformal bands, fitted the same way on its own validation errors. Both methods, both forecasters.
 *
 * @param coverages nominal coverages
 * @param method the method forecasts show
 * @param model the model's bands, by method
 * @param persistence persistence's bands, by method
 * @param notes coverages left out, and why
 */
public record IntervalReport(List<Double> coverages, String method, Map<String, IntervalScores> model,
        Map<String, IntervalScores> persistence, List<String> notes) {

    /**
     * Scores {@code fitted} (the model's calibration with its test bands) on {@code test}, and persistence's own
     * conformal fan on the same windows of {@code data}.
     */
    public static IntervalReport of(PredictionIntervals.Fitted fitted, Forecasts test, PreparedSeries data,
            StandardScaler scaler) {
        PredictionIntervals cal = fitted.intervals();
        List<String> names = data.table().columns();
        Forecasts pVal = Baselines.persistence(data.windows(Split.VAL).build());
        Forecasts pTest = Baselines.persistence(data.windows(Split.TEST).build());
        PredictionIntervals.Fitted naive = PredictionIntervals.fit(pVal, pTest, cal.coverages(), scaler, data.table(),
                cal.validatedBy());
        return new IntervalReport(cal.coverages(), cal.method(), scores(fitted, test, names, scaler),
                scores(naive, pTest, names, scaler), cal.notes());
    }

    private static Map<String, IntervalScores> scores(PredictionIntervals.Fitted f, Forecasts test, List<String> names,
            StandardScaler scaler) {
        Map<String, IntervalScores> m = new LinkedHashMap<>();
        for (String method : PredictionIntervals.METHODS) {
            m.put(method, IntervalScores.of(method, test, f.coverages(), f.testHalfWidth(method), names, scaler));
        }
        return m;
    }

    /** The model's scores with the bands forecasts show. */
    public IntervalScores shown() {
        return model.get(method);
    }

    /**
     * One line's worth: for each coverage (by its percent) the model's empirical coverage, mean width and Winkler
     * score with the bands forecasts show, and persistence's with the same method; the quantile losses.
     */
    public record Summary(String method, Map<String, LevelSummary> levels, double quantileLoss,
            double persistenceQuantileLoss) {
    }

    /** One coverage's scores, the model's beside persistence's. */
    public record LevelSummary(double coverage, double meanWidth, double winkler, double persistenceCoverage,
            double persistenceWinkler) {
    }

    public Summary summary() {
        Map<String, LevelSummary> levels = new LinkedHashMap<>();
        for (IntervalScores.Level l : shown().levels()) {
            IntervalScores.Level p = persistence.get(method).level(l.nominal());
            levels.put(PredictionIntervals.percent(l.nominal()), new LevelSummary(l.coverage(), l.meanWidth(),
                    l.winkler(), p.coverage(), p.winkler()));
        }
        return new Summary(method, levels, shown().quantileLoss(), persistence.get(method).quantileLoss());
    }

}
