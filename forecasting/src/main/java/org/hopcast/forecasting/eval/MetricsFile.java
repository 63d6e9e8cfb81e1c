package org.hopcast.forecasting.eval;

import java.nio.file.Path;
import java.util.Map;

import com.google.gson.JsonElement;

import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.Omissible;
import org.hopcast.forecasting.run.files.RunException;

/**
 * metrics.json: what testing a run found, or, for a final model, the validated run's statement that stands for it.
 * One record for each, one schema (the records, {@code JsonSchema}), one reader: a damaged file is named with the
 * key at fault, as config.json is.
 */
public final class MetricsFile {
    private MetricsFile() {
    }

    /**
     * A tested run's metrics.json.
     *
     * @param split the split the numbers are from ("test")
     * @param bestEpoch the epoch of the model tested (0: a linear path's start)
     * @param metrics the model's test metrics, overall and per series
     * @param linearPart the linear path's forecasts alone (a model without one leaves it out)
     * @param persistenceMse persistence's test MSE, the first baseline
     * @param beatsBaselines whether the model beats every baseline on validation and test
     * @param verdict why it does not (null when it does)
     * @param baselines every baseline's scores, by key ({@link Baselines#key})
     * @param intervals the prediction intervals' scores on the test split (runs from before intervals lack them)
     */
    public record Tested(String split, int bestEpoch, Metrics metrics, @Omissible Metrics linearPart,
            double persistenceMse, boolean beatsBaselines, String verdict, Map<String, Baselines.Entry> baselines,
            @Omissible IntervalReport intervals) {
        public Tested {
            if (bestEpoch < 0) {
                throw new IllegalArgumentException("key best_epoch must be an epoch number (0 or more), found "
                        + bestEpoch);
            }
            if (!(metrics.mse() >= 0)) {
                throw new IllegalArgumentException("key metrics.mse must be a test MSE (a number, 0 or more), found "
                        + (Double.isNaN(metrics.mse()) ? "null" : metrics.mse()));
            }
        }

        public double testMse() {
            return metrics.mse();
        }

        /** Whether the intervals' scores are in (what readers check for the results being up to date). */
        public boolean hasIntervals() {
            return intervals != null;
        }
    }

    /**
     * A final model's metrics.json: no test of its own (it trained on every row), the validated run's labelled.
     *
     * @param split what was held out: nothing
     * @param finalModel always true: tells the two kinds of file apart
     * @param rows the rows it trained on
     * @param epochs the epochs it trained for (the validated run's best)
     * @param validatedBy the validated run's folder
     * @param qualityStatement what the numbers below mean for this model, in words
     * @param validatedRunMetrics the validated run's metrics.json
     */
    public record Final(String split, boolean finalModel, int rows, int epochs, String validatedBy,
            String qualityStatement, Tested validatedRunMetrics) {
        public static Final of(int rows, int epochs, String validatedBy, Tested statement) {
            return new Final("none: a final model is trained on every row, nothing is held out", true, rows, epochs,
                    validatedBy, "the test metrics and prediction intervals below are the validated run's ("
                            + validatedBy + "), measured on data this model has trained on; they describe its"
                            + " configuration, not a held-out test of this model", statement);
        }
    }

    public static void write(RunDirectory run, Tested tested) {
        run.writeJson(RunDirectory.METRICS, tested);
    }

    public static void write(RunDirectory run, Final statement) {
        run.writeJson(RunDirectory.METRICS, statement);
    }

    /**
     * A tested run's metrics.json, checked. A final model's file is refused by name: it holds no test of its own.
     *
     * @throws RunException naming the file and the key at fault, when it is missing or damaged
     */
    public static Tested readTested(RunDirectory run) {
        Path f = run.file(RunDirectory.METRICS);
        JsonElement tree = Json.parse(f);
        if (tree.isJsonObject() && tree.getAsJsonObject().has(Json.key("finalModel"))) {
            throw new RunException(f + " is a final model's: it holds no test of its own, only the validated run's ("
                    + readFinal(run).validatedBy() + ")");
        }
        return Json.read(f, tree, Tested.class);
    }

    /** A final model's metrics.json, checked. */
    public static Final readFinal(RunDirectory run) {
        return Json.read(run.file(RunDirectory.METRICS), Final.class);
    }
}
