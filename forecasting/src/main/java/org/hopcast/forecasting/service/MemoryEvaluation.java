package org.hopcast.forecasting.service;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hopcast.datasets.IoErrors;
import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.memory.EventScore;
import org.hopcast.forecasting.memory.MemoryBank;
import org.hopcast.forecasting.memory.PlugAndPlay;
import org.hopcast.forecasting.memory.Retriever;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.run.files.RunException;

/**
 * A run's model with an external memory (spec memory.md, issue #33), evaluated: the bank built from the run's data
 * (its source rows saved in the run directory), the Plug-and-Play setting chosen on the validation split, and the test
 * windows forecast with and without it, over all of them and over the sudden ones (the top 10% by event score, the
 * threshold fixed on validation) and the rest.
 *
 * @param kind the plug-in ("pnp")
 * @param bank the bank ("train", "events", "stream", "shuffled")
 * @param bankSize its windows
 * @param stride rows between its training windows
 * @param bankFile where its source rows are written
 * @param setting the chosen setting (lambda, beta, alpha, c, top-k)
 * @param chosenOn how it was chosen
 * @param validationMse the validation MSE with the memory at that setting
 * @param validationMseBackbone the validation MSE without it
 * @param settingsTried the grid's size
 * @param suddenThreshold the event score from which a window is sudden (validation's 90th percentile)
 * @param test the test windows: {@code all}, {@code sudden}, {@code normal}
 */
public record MemoryEvaluation(String kind, String bank, int bankSize, int stride, String bankFile,
        Map<String, Object> setting, String chosenOn, double validationMse, double validationMseBackbone,
        int settingsTried, double suddenThreshold, Map<String, Subset> test) {

    /** What is asked for: {@code --memory}, {@code --bank}, {@code --memory-lambda} and the bank's stride. */
    public record Request(String kind, String bank, Double lambda, int stride) {
        public Request {
            String k = kind == null ? "none" : kind.trim().toLowerCase(Locale.ROOT);
            if (!List.of("none", "pnp", "tnp").contains(k)) {
                throw new IllegalArgumentException("the memory '" + kind + "': none, pnp or tnp");
            }
            if (k.equals("tnp")) {
                throw new IllegalArgumentException("the memory 'tnp' (Tune-and-Play) is not built yet; 'pnp'"
                        + " (Plug-and-Play, nothing trained) is");
            }
            kind = k;
            MemoryBank.Kind.parse(bank == null ? "train" : bank);
            if (lambda != null && !(lambda >= 0 && lambda <= 1)) {
                throw new IllegalArgumentException("the memory's lambda must be in [0, 1], not " + lambda);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("the bank's stride must be at least 1 row, not " + stride);
            }
        }

        /** Whether a memory is asked for at all. */
        public boolean on() {
            return !kind.equals("none");
        }

        MemoryBank.Kind bankKind() {
            return MemoryBank.Kind.parse(bank == null ? "train" : bank);
        }
    }

    /**
     * One subset of the test windows.
     *
     * @param windows how many
     * @param mse with the memory
     * @param mae with the memory
     * @param mseBackbone without it
     * @param maeBackbone without it
     */
    public record Subset(int windows, double mse, double mae, double mseBackbone, double maeBackbone) {
        /** The memory's change of MSE in percent of the backbone's (negative: better). */
        public double deltaMsePercent() {
            return 100 * (mse / mseBackbone - 1);
        }
    }

    /** Evaluates {@code r} with {@code model} on {@code data}, its backbone test forecasts {@code backbone}. */
    static MemoryEvaluation run(TrainedModel model, PreparedSeries data, Forecasts backbone, Request r, boolean ownData) {
        MemoryBank bank = MemoryBank.of(r.bankKind(), data, r.stride());
        String bankFile = null;
        if (ownData) {
            try {
                bankFile = bank.save(model.run().dir(), data.table()).toString();
            } catch (IOException e) {
                throw new RunException("cannot write the bank's rows into " + model.run().dir() + ": "
                        + IoErrors.reason(e), e);
            }
        }
        int batch = model.spec().training().batchSize();
        PlugAndPlay pnp = new PlugAndPlay(model.net(), model.parameterStore(), model.manager(), batch);
        WindowDataset val = data.windows(Split.VAL).build();
        WindowDataset test = backbone.windows();
        try (Retriever retriever = new Retriever(bank, model.manager())) {
            PlugAndPlay.Choice choice = pnp.choose(val, retriever, r.lambda());
            Forecasts with = choice.setting().lambda() == 0 ? backbone : pnp.forecasts(test, retriever, choice.setting());
            double threshold = EventScore.quantile(scores(val), 0.9);
            double[] testScores = scores(test);
            Map<String, Subset> subsets = new LinkedHashMap<>();
            subsets.put("all", subset(with, backbone, testScores, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
            subsets.put("sudden", subset(with, backbone, testScores, threshold, Double.POSITIVE_INFINITY));
            subsets.put("normal", subset(with, backbone, testScores, Double.NEGATIVE_INFINITY, threshold));
            String chosenOn = r.lambda() == null ? "validation (lambda, beta, alpha)"
                    : "lambda fixed; beta and alpha on validation";
            return new MemoryEvaluation(r.kind(), bank.kind().label(), bank.size(), bank.stride(), bankFile,
                    choice.setting().toJson(), chosenOn, choice.validationMse(), choice.backboneValidationMse(),
                    choice.tried().size(), threshold, subsets);
        }
    }

    private static double[] scores(WindowDataset ds) {
        double[] s = new double[(int) ds.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = EventScore.of(ds.input(i), ds.target(i), ds.window().inLen(), ds.window().outLen(), ds.columns());
        }
        return s;
    }

    /** The windows whose score is in [from, to). */
    private static Subset subset(Forecasts with, Forecasts without, double[] scores, double from, double to) {
        double[] se = with.windowLosses(2);
        double[] ae = with.windowLosses(1);
        double[] seB = without.windowLosses(2);
        double[] aeB = without.windowLosses(1);
        int n = 0;
        double[] sums = new double[4];
        for (int w = 0; w < scores.length; w++) {
            if (scores[w] >= from && scores[w] < to) {
                n++;
                sums[0] += se[w];
                sums[1] += ae[w];
                sums[2] += seB[w];
                sums[3] += aeB[w];
            }
        }
        return n == 0 ? new Subset(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN)
                : new Subset(n, sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n);
    }

    /** Where the bank's rows were written, as a path (null when the data was another file's). */
    public Path bankPath() {
        return bankFile == null ? null : Path.of(bankFile);
    }
}
