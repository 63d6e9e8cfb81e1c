package org.hopcast.forecasting.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.model.LinearBaseline;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunException;

/**
 * Where a model's linear path starts (ADR 0019): the linear baseline's least-squares fit on the training windows, or
 * that map shrunk all the way to "no change" (persistence: every weight 0), whichever has the lower validation MSE.
 * So the untrained model is the better of the two baselines, and early stopping never publishes a model worse on
 * validation than that. On most files it is the fit; on a random walk it is persistence, which a least-squares fit
 * of 169 weights per step only approaches. The seasonal naive forecast, a linear map too, is not a candidate: on a
 * series whose level jumps inside the validation period it won there and lost 5x on test (ADR 0019).
 *
 * @param name the baseline's name ({@link LinearBaseline#LINEAR} or {@link LinearBaseline#PERSISTENCE})
 * @param map its weights
 * @param valMse each candidate's validation MSE (empty when chosen without validation rows)
 */
record LinearStart(String name, LinearBaseline map, Map<String, Double> valMse) {

    /** The candidate best on every {@code stride}-th validation window of {@code data}. */
    static LinearStart choose(PreparedSeries data, int stride) {
        WindowDataset train = data.windows(Split.TRAIN).build();
        WindowDataset val = data.windows(Split.VAL).build();
        Map<String, LinearBaseline> candidates = candidates(train);
        Map<String, Double> mse = new LinkedHashMap<>();
        String best = null;
        for (Map.Entry<String, LinearBaseline> e : candidates.entrySet()) {
            double m = e.getValue().mse(val, stride);
            mse.put(e.getKey(), m);
            if (best == null || m < mse.get(best)) {
                best = e.getKey(); // ties go to the first: the linear fit
            }
        }
        return new LinearStart(best, candidates.get(best), java.util.Collections.unmodifiableMap(mse));
    }

    /**
     * The start named {@code name}, without validation (a final model has no held-out rows: it starts as the baseline
     * its validated run chose, fitted on every row).
     */
    static LinearStart named(PreparedSeries data, String name) {
        LinearBaseline map = candidates(data.windows(Split.TRAIN).build()).get(name);
        if (map == null) {
            throw new RunException("the linear path cannot start as the " + name + " baseline on this data");
        }
        return new LinearStart(name, map, Map.of());
    }

    /** One sentence for the training's log: which start, and why. */
    String describe() {
        String why = valMse.isEmpty() ? " (its validated run's choice)" : ", the best on validation ("
                + valMse.entrySet().stream().map(e -> String.format(java.util.Locale.ROOT, "%s %.4f", e.getKey(),
                        e.getValue())).collect(java.util.stream.Collectors.joining(", ")) + ")";
        return "the linear path starts as the " + name + " baseline" + why + "; the Hopfield layers learn a correction"
                + " to it";
    }

    /** The start its validated run's epoch 0 recorded (the linear fit for runs that recorded none). */
    static String recordedIn(String validatedRun) {
        List<EpochRecord> h = RunDirectory.open(java.nio.file.Path.of(validatedRun)).readHistory();
        return h.stream().filter(r -> r.epoch() == 0 && r.start() != null).map(EpochRecord::start).findFirst()
                .orElse(LinearBaseline.LINEAR);
    }

    private static Map<String, LinearBaseline> candidates(WindowDataset train) {
        Map<String, LinearBaseline> c = new LinkedHashMap<>();
        c.put(LinearBaseline.LINEAR, LinearBaseline.fit(train));
        c.put(LinearBaseline.PERSISTENCE, LinearBaseline.persistence(train.window().inLen(), train.window().outLen(),
                train.columns()));
        return c;
    }
}
