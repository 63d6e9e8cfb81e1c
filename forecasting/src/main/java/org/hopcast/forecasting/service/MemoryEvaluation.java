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
import org.hopcast.forecasting.eval.BlockBootstrap;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.memory.EventScore;
import org.hopcast.forecasting.memory.MemoryBank;
import org.hopcast.forecasting.memory.PlugAndPlay;
import org.hopcast.forecasting.memory.Retrieval;
import org.hopcast.forecasting.memory.Retriever;
import org.hopcast.forecasting.memory.TuneAndPlay;
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
     * @param deltaMsePercentCi95 the 95% interval of the change of MSE in percent, by a block bootstrap over the
     *        windows (blocks of the horizon)
     */
    public record Subset(int windows, double mse, double mae, double mseBackbone, double maeBackbone,
            double[] deltaMsePercentCi95) {
        /** The memory's change of MSE in percent of the backbone's (negative: better). */
        public double deltaMsePercent() {
            return 100 * (mse / mseBackbone - 1);
        }
    }

    /**
     * A bank as built, for the {@code memory} command's build step.
     *
     * @param bank its kind
     * @param windows its windows
     * @param stride rows between its training windows
     * @param firstStart the first row of its earliest window
     * @param lastStart the first row of its latest window
     * @param firstKnown the first row from which any of its windows is known (a query forecasting from earlier gets
     *        none)
     * @param megabytes its windows and futures in memory, as the retrieval holds them
     * @param bankFile where its source rows were written (null: not the run's own data)
     */
    public record Built(String bank, int windows, int stride, int firstStart, int lastStart, int firstKnown,
            double megabytes, String bankFile) {
    }

    /** Builds the bank {@code kind} of {@code data} (writing its rows into the run when the data is its own). */
    static Built build(TrainedModel model, PreparedSeries data, MemoryBank.Kind kind, int stride, boolean ownData) {
        MemoryBank bank = MemoryBank.of(kind, data, stride);
        String file = ownData ? saveRows(model, bank, data) : null;
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (int m = 0; m < bank.size(); m++) {
            first = Math.min(first, bank.startRow(m));
            last = Math.max(last, bank.startRow(m));
        }
        double mb = 4.0 * bank.size() * (bank.inLen() + bank.outLen()) * bank.series() / (1024 * 1024);
        return new Built(kind.label(), bank.size(), bank.stride(), first, last, bank.earliestKnown(), mb, file);
    }

    /** Writes {@code bank}'s source rows into the run directory; where. */
    private static String saveRows(TrainedModel model, MemoryBank bank, PreparedSeries data) {
        try {
            return bank.save(model.filesDir(), data.table()).toString();
        } catch (IOException e) {
            throw new RunException("cannot write the bank's rows into " + model.filesDir() + ": " + IoErrors.reason(e),
                    e);
        }
    }

    /** An evaluation and the forecasts with the memory it compared (over the windows it evaluated). */
    record Evaluated(MemoryEvaluation evaluation, Forecasts with) {
    }

    /** Evaluates {@code r} with {@code model} on {@code data}, its backbone test forecasts {@code backbone}. */
    static Evaluated run(TrainedModel model, PreparedSeries data, Forecasts backbone, Request r, boolean ownData) {
        MemoryBank bank = MemoryBank.of(r.bankKind(), data, r.stride());
        String bankFile = ownData ? saveRows(model, bank, data) : null;
        int batch = model.spec().training().batchSize();
        PlugAndPlay pnp = new PlugAndPlay(model.net(), model.parameterStore(), model.manager(), batch);
        WindowDataset val = searchWindows(data);
        WindowDataset test = backbone.windows();
        try (Retriever retriever = new Retriever(bank, model.manager())) {
            PlugAndPlay.Choice choice = pnp.choose(val, retriever, r.lambda());
            Map<String, Object> setting = choice.setting().toJson();
            String chosenOn = chosenOn(r, val) + noise(choice);
            double validationMse = choice.validationMse();
            if (choice.bestGainCi95() != null) {
                setting.put("best_of_grid", choice.bestTried().setting().toJson());
                setting.put("best_validation_change_percent", 100 * (choice.bestTried().validationMse()
                        / choice.backboneValidationMse() - 1));
                setting.put("best_validation_change_ci95", choice.bestGainCi95());
            }
            Forecasts with;
            Forecasts without = backbone;
            if (r.kind().equals("tnp")) {
                // tuned with the backbone frozen: on the training windows at the bank's stride (a long file's bank is
                // thinned, and so is its tuning), or over the stream bank (fast test-time adaptation, spec §4.4 (ii))
                // on the first part of the test stream
                WindowDataset tuneOn = data.windows(Split.TRAIN).optStride(r.stride()).build();
                String tunedOn = r.stride() > 1 ? "one training window in " + r.stride() + " (the bank's stride)"
                        : "the training windows";
                if (bank.kind() == MemoryBank.Kind.STREAM) {
                    Adaptation at = Adaptation.of(data, test);
                    tuneOn = at.tune();
                    test = at.evaluate();
                    without = backbone.slice(test, at.skipped());
                    tunedOn = at.description();
                }
                // started at the grid's best, even one left off as within noise: the tuning has its own test below
                PlugAndPlay.Setting start = choice.bestTried().setting();
                try (TuneAndPlay tnp = new TuneAndPlay(model.net(), model.parameterStore(), model.manager(), bank,
                        batch, start)) {
                    TuneAndPlay.Tuned t = tnp.tune(tuneOn, val);
                    double[] ci = BlockBootstrap.percentChange95(t.bestWindowLosses(),
                            choice.tried().get(0).windowLosses(), block(val), BlockBootstrap.RESAMPLES);
                    boolean off = !(ci[1] < 0);
                    with = off ? without : tnp.forecasts(test);
                    setting = new LinkedHashMap<>(tnp.setting());
                    setting.put("kept_off", off);
                    setting.put("validation_change_ci95", ci);
                    setting.put("started_at", start.toJson());
                    setting.put("tuned_parameters", t.parameters());
                    setting.put("validation_mse_by_epoch", t.validationMse());
                    setting.put("best_epoch", t.bestEpoch());
                    validationMse = t.validationMse().get(t.bestEpoch());
                    chosenOn = "tuned on " + tunedOn + " (Adam, early stopping on validation), started at the"
                            + " Plug-and-Play grid's best on " + chosenOn(r, val) + (off ? "; kept off: its validation"
                            + " change " + change(validationMse / choice.backboneValidationMse(), ci) : "");
                    if (off) {
                        validationMse = choice.backboneValidationMse();
                    }
                    if (ownData) {
                        TunedFile.save(model, r, tnp, setting, "tuned on " + tunedOn, validationMse, off);
                    }
                }
            } else {
                with = choice.setting().lambda() == 0 ? backbone : pnp.forecasts(test, retriever, choice.setting());
                if (ownData) {
                    Chosen.save(model, r, bank, choice);
                }
            }
            double threshold = EventScore.quantile(scores(data.windows(Split.VAL).build()), 0.9);
            double[] testScores = scores(test);
            Losses losses = new Losses(with, without);
            Map<String, Subset> subsets = new LinkedHashMap<>();
            subsets.put("all", subset(losses, testScores, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
            subsets.put("sudden", subset(losses, testScores, threshold, Double.POSITIVE_INFINITY));
            subsets.put("normal", subset(losses, testScores, Double.NEGATIVE_INFINITY, threshold));
            return new Evaluated(new MemoryEvaluation(r.kind(), bank.kind().label(), bank.size(), bank.stride(),
                    bankFile, setting, chosenOn, validationMse, choice.backboneValidationMse(), choice.tried().size(),
                    threshold, subsets), with);
        }
    }

    /**
     * Fast test-time adaptation's split of the test windows (spec §4.4 (ii)): the first {@link #SHARE} of them to tune
     * on, and the windows whose whole future comes after the last of those to evaluate on (the horizon's overlap
     * skipped, so that no evaluated value was a tuning target).
     *
     * @param tune the windows tuned on
     * @param evaluate the windows evaluated
     * @param skipped the test windows before the first evaluated one
     */
    record Adaptation(WindowDataset tune, WindowDataset evaluate, int skipped) {
        /** The share of the test stream tuned on. */
        static final double SHARE = 0.2;

        static Adaptation of(PreparedSeries data, WindowDataset test) {
            int windows = (int) test.size();
            int in = test.window().inLen();
            int out = test.window().outLen();
            int k = Math.max(1, (int) Math.round(SHARE * windows));
            int skipped = k + out - 1;
            if (skipped >= windows) {
                throw new RunException("fast test-time adaptation needs more test windows than " + windows + ": the"
                        + " first " + k + " to tune on, then " + (out - 1) + " skipped, then some to evaluate");
            }
            int first = test.firstRow(0);
            int end = test.firstRow(windows - 1) + in + out;
            return new Adaptation(data.windows(Split.TEST).setRows(first, first + k + in + out - 1).build(),
                    data.windows(Split.TEST).setRows(first + skipped, end).build(), skipped);
        }

        String description() {
            return String.format(Locale.ROOT, "the first %d test windows (%.0f%% of the test stream; evaluated on the"
                    + " %d windows after their futures)", tune.size(), 100 * SHARE, evaluate.size());
        }
    }

    /**
     * The most validation windows a search (and a tuning's early stopping) runs over: more are thinned evenly, every
     * k-th, as a time budget thins a training's validation. ETTm1's 11,425 windows times 25 forward passes are 20
     * minutes on this project's 2-core machine; 2,000 windows keep a search near 4.
     */
    public static final int SEARCH_WINDOWS = 2000;

    /** The validation windows a search runs over: every one, or every k-th when there are more than 2,000. */
    static WindowDataset searchWindows(PreparedSeries data) {
        WindowDataset all = data.windows(Split.VAL).build();
        int stride = (int) Math.ceil(all.size() / (double) SEARCH_WINDOWS);
        return stride <= 1 ? all : data.windows(Split.VAL).optStride(stride).build();
    }

    /** Blocks of the horizon, in windows of a (possibly thinned) validation split. */
    private static int block(WindowDataset val) {
        return Math.max(1, (int) Math.ceil(val.window().outLen() / (double) val.stride()));
    }

    /** What the noise test of a Plug-and-Play choice found, in words ("" when it had nothing to test). */
    private static String noise(PlugAndPlay.Choice c) {
        if (c.bestGainCi95() == null) {
            return "";
        }
        double ratio = c.bestTried().validationMse() / c.backboneValidationMse();
        return c.withinNoise() ? String.format(Locale.ROOT, "; the grid's best (%s, lambda %.2f) changed validation MSE"
                + " by %s, so the model alone", c.bestTried().setting().readout().label(), c.bestTried().setting()
                .lambda(), change(ratio, c.bestGainCi95())) : "; validation change " + change(ratio, c.bestGainCi95());
    }

    /** A change of validation MSE ({@code ratio} with to without) and its interval, in words. */
    private static String change(double ratio, double[] ci) {
        String pct = String.format(Locale.ROOT, "%+.2f%%", 100 * (ratio - 1));
        if (Double.isNaN(ci[0])) {
            return pct + " (too few validation windows for an interval: not told from noise)";
        }
        return String.format(Locale.ROOT, "%s, 95%% [%+.2f%%, %+.2f%%]%s", pct, ci[0], ci[1], ci[1] < 0 ? ""
                : ": within noise");
    }

    private static String chosenOn(Request r, WindowDataset val) {
        String on = "validation" + (val.stride() > 1 ? " (one window in " + val.stride() + ")" : "");
        return r.lambda() == null ? on + ": readout, lambda, beta, alpha" : "lambda fixed; readout, beta and alpha on "
                + on;
    }

    /**
     * A setting chosen on a run's validation split, kept in {@code RUN_DIR/memory/pnp-BANK.json} so that a forecast
     * uses the setting evaluate reported without searching again.
     *
     * @param bank the bank
     * @param stride its stride
     * @param lambdaAsked the lambda that was fixed (null: chosen too)
     * @param readout where the retrieval goes (input or future; null in files written before the future readout)
     * @param validationMse with it
     * @param validationMseBackbone without it
     * @param bankSize the bank's windows
     */
    public record Chosen(String bank, int stride, Double lambdaAsked, String readout, double lambda, double beta,
            double alpha, double validationMse, double validationMseBackbone, int bankSize) {
        static Path file(TrainedModel model, Request r) {
            return model.filesDir().resolve("memory").resolve("pnp-" + r.bankKind().label() + ".json");
        }

        static void save(TrainedModel model, Request r, MemoryBank bank, PlugAndPlay.Choice c) {
            PlugAndPlay.Setting s = c.setting();
            try {
                java.nio.file.Files.createDirectories(file(model, r).getParent());
                org.hopcast.forecasting.run.files.Json.write(file(model, r), new Chosen(bank.kind().label(),
                        r.stride(), r.lambda(), s.readout().label(), s.lambda(), s.beta(), s.alpha(), c.validationMse(),
                        c.backboneValidationMse(), bank.size()));
            } catch (IOException e) {
                throw new RunException("cannot write " + file(model, r) + ": " + IoErrors.reason(e), e);
            }
        }

        /** The saved choice for {@code r}, or null when there is none for this bank, stride and lambda. */
        static Chosen read(TrainedModel model, Request r) {
            Path f = file(model, r);
            if (!java.nio.file.Files.isRegularFile(f)) {
                return null;
            }
            Chosen c = org.hopcast.forecasting.run.files.Json.read(f, Chosen.class);
            boolean same = c.stride() == r.stride() && java.util.Objects.equals(c.lambdaAsked(), r.lambda());
            return same ? c : null;
        }
    }

    /**
     * Tune-and-Play's tuned retrieval, kept in {@code RUN_DIR/memory/tnp-BANK.json} (what it is, and the SHA-256 of
     * its arrays) beside {@code tnp-BANK.params} (the arrays: W_Q, W_K, b, a, g), so that a forecast uses what evaluate
     * tuned; a damaged or foreign file is refused by name.
     *
     * @param bank the bank
     * @param stride its stride
     * @param readout input or future
     * @param setting the tuned setting (beta, alpha, lambda per series, ...)
     * @param tunedOn what it was tuned on
     * @param validationMse the validation MSE it was kept at
     * @param keptOff whether it was left off (its validation gain within noise): forecasts are the model's own
     * @param sha256 the arrays file's SHA-256
     */
    public record TunedFile(String bank, int stride, String readout, Map<String, Object> setting, String tunedOn,
            double validationMse, boolean keptOff, String sha256) {
        static Path json(TrainedModel model, Request r) {
            return model.filesDir().resolve("memory").resolve("tnp-" + r.bankKind().label() + ".json");
        }

        static Path params(TrainedModel model, Request r) {
            return model.filesDir().resolve("memory").resolve("tnp-" + r.bankKind().label() + ".params");
        }

        static void save(TrainedModel model, Request r, TuneAndPlay t, Map<String, Object> setting, String tunedOn,
                double validationMse, boolean off) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
                List<float[]> values = t.values();
                out.writeInt(values.size());
                for (float[] v : values) {
                    out.writeInt(v.length);
                    for (float f : v) {
                        out.writeFloat(f);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            byte[] b = bytes.toByteArray();
            try {
                java.nio.file.Files.createDirectories(params(model, r).getParent());
                org.hopcast.forecasting.run.files.AtomicFiles.write(params(model, r), o -> o.write(b));
                org.hopcast.forecasting.run.files.Json.write(json(model, r), new TunedFile(r.bankKind().label(),
                        r.stride(), t.readout().label(), setting, tunedOn, validationMse, off, sha256(b)));
            } catch (IOException e) {
                throw new RunException("cannot write Tune-and-Play's retrieval into " + model.filesDir() + ": "
                        + IoErrors.reason(e), e);
            }
        }

        /** The saved tuning for {@code r}, or an error saying there is none for this bank and stride. */
        static TunedFile read(TrainedModel model, Request r) {
            Path f = json(model, r);
            TunedFile t;
            try {
                t = java.nio.file.Files.isRegularFile(f) ? org.hopcast.forecasting.run.files.Json.read(f,
                        TunedFile.class) : null;
            } catch (RunException e) {
                throw new RunException(f + " is damaged (" + org.hopcast.forecasting.run.files.Json.rootProblem(e)
                        + "); evaluate the run with Tune-and-Play"
                        + " over the " + r.bankKind().label() + " bank again to tune it anew", e);
            }
            if (t == null || t.stride() != r.stride()) {
                throw new RunException("no Tune-and-Play tuned over the " + r.bankKind().label() + " bank"
                        + (r.stride() > 1 ? " at stride " + r.stride() : "") + " in " + model.filesDir() + ": evaluate"
                        + " the run with Tune-and-Play over that bank first (it tunes the retrieval and keeps it)");
            }
            return t;
        }

        /** The arrays of {@code t}, checked against its SHA-256. */
        static List<float[]> values(TrainedModel model, Request r, TunedFile t) {
            Path p = params(model, r);
            byte[] b;
            try {
                b = java.nio.file.Files.readAllBytes(p);
            } catch (IOException e) {
                throw new RunException("cannot read " + p + ": " + IoErrors.reason(e), e);
            }
            if (!sha256(b).equals(t.sha256())) {
                throw new RunException(p + " is damaged: its contents do not match the SHA-256 in " + json(model, r)
                        + "; evaluate with Tune-and-Play again to tune it anew");
            }
            List<float[]> out = new java.util.ArrayList<>();
            try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(b))) {
                int count = in.readInt();
                for (int i = 0; i < count; i++) {
                    float[] v = new float[in.readInt()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = in.readFloat();
                    }
                    out.add(v);
                }
            } catch (IOException | NegativeArraySizeException e) {
                throw new RunException(p + " is not Tune-and-Play's arrays: " + e.getMessage(), e);
            }
            return out;
        }

        private static String sha256(byte[] b) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JVM has no SHA-256", e);
            }
        }
    }

    /**
     * What a forecast with a memory used: the bank, its size, the windows of it known at the forecast's origin, the
     * setting and where it came from.
     */
    public record Used(String kind, String bank, int bankSize, int usableWindows, int stride, Map<String, Object> setting,
            String chosenOn, String note) {
    }

    /**
     * What the memory gives one forecast.
     *
     * @param input the window the model forecasts from (z-scored; the query itself unless the input readout mixed)
     * @param future the future readout (tau x D, z-scored) the forecast moves toward by {@code lambdas}, or null
     * @param lambdas that weight per series
     * @param used what was used
     */
    record Mix(float[] input, float[] future, double[] lambdas, Used used) {
    }

    /**
     * What the memory of {@code r} gives a forecast from window {@code x}: the bank built from the run's own data
     * ({@code runData}), the windows known at {@code origin} (a row of that data) usable, at the setting saved by an
     * evaluate of the same request, else chosen on the run's validation split now (and saved).
     */
    static Mix mix(TrainedModel model, PreparedSeries runData, Request r, float[] x, int origin) {
        MemoryBank bank = MemoryBank.of(r.bankKind(), runData, r.stride());
        int known = bank.knownBy(origin);
        if (r.kind().equals("tnp")) {
            TunedFile saved = TunedFile.read(model, r);
            try (TuneAndPlay t = new TuneAndPlay(model.net(), model.parameterStore(), model.manager(), bank,
                    model.spec().training().batchSize(), new PlugAndPlay.Setting(PlugAndPlay.Readout.parse(
                    saved.readout()), 0.25, 1, 1.5))) {
                t.load(TunedFile.values(model, r, saved));
                boolean off = saved.keptOff();
                return new Mix(off ? x : t.input(x, origin), off ? null : t.future(x, origin), off
                        ? new double[bank.series()] : t.lambdas(), new Used(r.kind(),
                        bank.kind().label(), bank.size(), known, bank.stride(), saved.setting(), saved.tunedOn()
                        + ", as saved in " + TunedFile.json(model, r), "the intervals are the model's, calibrated"
                        + " without the memory"));
            }
        }
        try (Retriever retriever = new Retriever(bank, model.manager())) {
            Map.Entry<PlugAndPlay.Setting, String> chosen = setting(model, runData, r, bank, retriever);
            PlugAndPlay.Setting s = chosen.getKey();
            String how = chosen.getValue();
            float[] mixed = x;
            float[] future = null;
            if (s.lambda() > 0 && s.readout() == PlugAndPlay.Readout.INPUT) {
                float[] ret = retriever.retrieve(x, origin, s.beta(), s.alpha());
                mixed = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    mixed[i] = (float) ((1 - s.lambda()) * x[i] + s.lambda() * ret[i]);
                }
            } else if (s.lambda() > 0) {
                future = retriever.future(x, origin, s.beta(), s.alpha());
            }
            double[] lambdas = new double[bank.series()];
            java.util.Arrays.fill(lambdas, s.lambda());
            return new Mix(mixed, future, lambdas, new Used(r.kind(), bank.kind().label(), bank.size(), known,
                    bank.stride(), s.toJson(), how, "the intervals are the model's, calibrated without the memory"));
        }
    }

    /**
     * The Plug-and-Play setting of {@code r} for the run: as an evaluate of the same request saved it, else chosen on
     * the run's validation split now (and saved); with how it came.
     */
    private static Map.Entry<PlugAndPlay.Setting, String> setting(TrainedModel model, PreparedSeries runData, Request r,
            MemoryBank bank, Retriever retriever) {
        Chosen saved = Chosen.read(model, r);
        if (saved != null) {
            return Map.entry(new PlugAndPlay.Setting(PlugAndPlay.Readout.parse(saved.readout()), saved.lambda(),
                    saved.beta(), saved.alpha()), "chosen on validation, as saved in " + Chosen.file(model, r));
        }
        PlugAndPlay pnp = new PlugAndPlay(model.net(), model.parameterStore(), model.manager(),
                model.spec().training().batchSize());
        WindowDataset val = searchWindows(runData);
        PlugAndPlay.Choice c = pnp.choose(val, retriever, r.lambda());
        Chosen.save(model, r, bank, c);
        return Map.entry(c.setting(), chosenOn(r, val));
    }

    /**
     * What test window {@code window} of the run's own data retrieves from the bank of {@code r} at its Plug-and-Play
     * setting (saved, or chosen now): the windows and their weights, for the Inspect view; with the setting.
     */
    static Map.Entry<Retrieval, Used> retrieval(TrainedModel model, PreparedSeries runData, Request r, int window) {
        WindowDataset test = runData.windows(Split.TEST).build();
        if (window < 0 || window >= test.size()) {
            throw new RunException("test window " + window + ": the test split has windows 0 to " + (test.size() - 1));
        }
        MemoryBank bank = MemoryBank.of(r.bankKind(), runData, r.stride());
        try (Retriever retriever = new Retriever(bank, model.manager())) {
            Map.Entry<PlugAndPlay.Setting, String> chosen = setting(model, runData, r, bank, retriever);
            PlugAndPlay.Setting s = chosen.getKey();
            float[] x = test.input(window);
            int origin = test.targetRow(window, 0);
            var table = runData.table();
            List<Retrieval.Retrieved> out = new java.util.ArrayList<>();
            for (Retriever.Weighted w : retriever.weights(x, origin, s.beta(), s.alpha())) {
                int start = bank.startRow(w.window());
                out.add(new Retrieval.Retrieved(w.window(), start, MemoryBank.time(table, start),
                        MemoryBank.time(table, start + bank.inLen() - 1), w.weight(), bank.window(w.window()),
                        bank.futureValues(w.window())));
            }
            int first = test.firstRow(window);
            String label = MemoryBank.time(table, first) + " .. " + MemoryBank.time(table, first + bank.inLen() - 1);
            Retrieval retrieval = new Retrieval(bank.kind().label(), table.columns(), bank.inLen(), bank.outLen(),
                    label, x, test.target(window), out);
            return Map.entry(retrieval, new Used(r.kind(), bank.kind().label(), bank.size(), bank.knownBy(origin),
                    bank.stride(), s.toJson(), chosen.getValue(), s.lambda() == 0 ? "lambda 0 was chosen: the model"
                    + " does not use these windows, but they are what it would retrieve" : null));
        }
    }

    private static double[] scores(WindowDataset ds) {
        double[] s = new double[(int) ds.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = EventScore.of(ds.input(i), ds.target(i), ds.window().inLen(), ds.window().outLen(), ds.columns());
        }
        return s;
    }

    /** Each test window's squared and absolute errors with and without the memory, and the horizon (the block). */
    private record Losses(double[] se, double[] ae, double[] seB, double[] aeB, int block) {
        Losses(Forecasts with, Forecasts without) {
            this(with.windowLosses(2), with.windowLosses(1), without.windowLosses(2), without.windowLosses(1),
                    with.windows().window().outLen());
        }
    }

    /** The windows whose score is in [from, to), in time order. */
    private static Subset subset(Losses l, double[] scores, double from, double to) {
        double[] se = l.se();
        double[] ae = l.ae();
        double[] seB = l.seB();
        double[] aeB = l.aeB();
        int[] in = java.util.stream.IntStream.range(0, scores.length).filter(w -> scores[w] >= from && scores[w] < to)
                .toArray();
        if (in.length == 0) {
            return new Subset(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, new double[] {Double.NaN, Double.NaN});
        }
        double[] a = new double[in.length];
        double[] b = new double[in.length];
        double mae = 0;
        double maeB = 0;
        for (int i = 0; i < in.length; i++) {
            a[i] = se[in[i]];
            b[i] = seB[in[i]];
            mae += ae[in[i]];
            maeB += aeB[in[i]];
        }
        int n = in.length;
        return new Subset(n, java.util.Arrays.stream(a).average().orElseThrow(), mae / n,
                java.util.Arrays.stream(b).average().orElseThrow(), maeB / n,
                BlockBootstrap.percentChange95(a, b, l.block(), BlockBootstrap.RESAMPLES));
    }

    /** The result in one paragraph, as the GUI shows it: the setting, then each subset with and without. */
    public String reading() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Memory %s (bank %s, %d windows; %s): %s.",
                kind, bank, bankSize, chosenOn, settingText()));
        test.forEach((name, s) -> {
            if (s.windows() == 0) {
                return;
            }
            double[] ci = s.deltaMsePercentCi95();
            sb.append(String.format(Locale.ROOT, " %s test windows (%d): MSE %.4f with, %.4f without (%+.2f%%%s).",
                    name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1), s.windows(), s.mse(),
                    s.mseBackbone(), s.deltaMsePercent(), Double.isNaN(ci[0]) ? ", too few windows for an interval"
                            : String.format(Locale.ROOT, ", 95%% %+.2f%% to %+.2f%%", ci[0], ci[1])));
        });
        return sb.toString();
    }

    /**
     * The setting as a person reads it: "readout input, lambda 0.25, beta 16.0, alpha 1.50" (a list per series for
     * Tune-and-Play).
     */
    public String settingText() {
        StringBuilder sb = new StringBuilder();
        for (String key : List.of("readout", "lambda", "beta", "alpha")) {
            Object v = setting.get(key);
            String shown = v instanceof double[] a ? java.util.Arrays.stream(a).mapToObj(x -> String.format(
                    Locale.ROOT, "%.3g", x)).toList().toString() : v instanceof Number x ? String.format(Locale.ROOT,
                    "%.3g", x.doubleValue()) : String.valueOf(v);
            sb.append(sb.length() == 0 ? "" : ", ").append(key).append(' ').append(shown);
        }
        return sb.toString();
    }

    /** Where the bank's rows were written, as a path (null when the data was another file's). */
    public Path bankPath() {
        return bankFile == null ? null : Path.of(bankFile);
    }
}
