package org.hopcast.forecasting.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.eval.BlockBootstrap;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.hopfield.ops.Scalars;

/**
 * Plug-and-Play (spec memory.md §4.3): the trained model, frozen, with what a retrieval over a bank gives it; nothing
 * is trained. Two readouts of the same retrieval weights: at the input (PnP-A, the spec's default), the model
 * forecasts from {@code (1 - lambda) x + lambda Ret(x; Y)}; at the future (our train-less analogue of the spec's
 * TnP-B values, ADR 0024), the model's forecast f(x) is moved toward the retrieved windows' futures, {@code f(x) +
 * lambda (sum_m p_m (F_m - Y_m,last) + x_last - f(x))}. The readout, lambda, beta and alpha are chosen on the
 * validation split by a small grid (no gradient step), lambda = 0 among them, so the choice is never worse on
 * validation than the backbone; with lambda = 0 the model's own forward pass runs on its own input, bit for bit.
 */
public final class PlugAndPlay {
    /** The input readout's weights: the grid of spec §4.3. */
    public static final List<Double> LAMBDAS = List.of(0.0, 0.1, 0.25, 0.5);
    /**
     * The future readout's weights: a retrieved future replaces no input the model was trained on, so the weights go
     * up to 1 (the analogue forecast alone).
     */
    public static final List<Double> FUTURE_LAMBDAS = List.of(0.0, 0.25, 0.5, 0.75, 1.0);
    public static final List<Double> BETAS = List.of(1.0, 4.0, 16.0, 64.0);
    public static final List<Double> ALPHAS = List.of(1.5, 2.0);

    /** Where what is retrieved goes. */
    public enum Readout {
        /** Into the model's input window (PnP-A). */
        INPUT,
        /** Onto the model's forecast, as the retrieved windows' futures. */
        FUTURE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The readout a saved setting names (older settings have none: input). */
        public static Readout parse(String text) {
            return text == null || text.isBlank() ? INPUT : valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    private final StanHopNet net;
    private final ParameterStore ps;
    private final NDManager manager;
    private final int batchSize;

    /** Plug-and-Play on {@code net}'s forward pass (its arrays in batches of {@code batchSize}, under manager). */
    public PlugAndPlay(StanHopNet net, ParameterStore ps, NDManager manager, int batchSize) {
        this.net = net;
        this.ps = ps;
        this.manager = manager;
        this.batchSize = batchSize;
    }

    /**
     * One setting of the retrieval and its mix.
     *
     * @param readout where the retrieval goes
     * @param lambda the weight of what is retrieved, 0 (the backbone alone) to 1
     * @param beta the inverse temperature of the scores
     * @param alpha entmax's alpha (2: sparsemax)
     */
    public record Setting(Readout readout, double lambda, double beta, double alpha) {
        public Setting {
            if (readout == null) {
                throw new IllegalArgumentException("the memory's readout: input or future");
            }
            if (!(lambda >= 0 && lambda <= 1)) {
                throw new IllegalArgumentException("the memory's lambda must be in [0, 1], not " + lambda);
            }
            if (!(beta > 0) || !(alpha > 1 && alpha <= 2)) {
                throw new IllegalArgumentException("the memory's beta must be positive and alpha in (1, 2]");
            }
        }

        /** A setting of the input readout (PnP-A). */
        public Setting(double lambda, double beta, double alpha) {
            this(Readout.INPUT, lambda, beta, alpha);
        }

        /** The setting as a JSON object's keys. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("readout", readout.label());
            m.put("lambda", lambda);
            m.put("beta", beta);
            m.put("alpha", alpha);
            m.put("c", Retriever.C);
            m.put("top_k", Retriever.TOP_K);
            return m;
        }
    }

    /** A setting and its validation MSE (and its windows' losses, which the choice's noise test reads). */
    public record Tried(Setting setting, double validationMse, double[] windowLosses) {
    }

    /**
     * The setting chosen on validation: the best of the grid ({@code lambda} fixed when not null), and every one tried.
     * Ties keep the earlier setting, so the backbone (lambda = 0, tried first) wins when nothing is better; so does it
     * when the best one's gain is within validation's noise ({@code bestGainCi95}, the 95% block-bootstrap interval of
     * the best setting's change of validation MSE in percent, does not lie below zero).
     *
     * @param bestTried the best setting of the grid, whether kept or not
     * @param bestGainCi95 its change's interval (null when the backbone was the best, or lambda was fixed)
     */
    public record Choice(Setting setting, double validationMse, double backboneValidationMse, List<Tried> tried,
            Tried bestTried, double[] bestGainCi95) {
        /** Whether the best setting was left off because its validation gain was within noise. */
        public boolean withinNoise() {
            return bestGainCi95 != null && setting.lambda() == 0;
        }
    }

    /** The windows' forecasts with the memory at {@code s} (lambda = 0: the backbone's own forward pass). */
    public Forecasts forecasts(WindowDataset ds, Retriever retriever, Setting s) {
        if (s.lambda() == 0) {
            return backbone(ds);
        }
        return forecasts(ds, retriever, retriever.candidates(ds, batchSize), s, null);
    }

    private Forecasts backbone(WindowDataset ds) {
        return Forecasts.of(net, ps, manager, ds, batchSize, (done, total) -> { });
    }

    private Forecasts forecasts(WindowDataset ds, Retriever retriever, Retriever.Candidates c, Setting s,
            Forecasts backbone) {
        if (s.lambda() == 0) {
            return backbone != null ? backbone : backbone(ds);
        }
        if (s.readout() == Readout.FUTURE) {
            Forecasts f = backbone != null ? backbone : backbone(ds);
            return Forecasts.of(ds, towards(f.predictedValues(), futures(ds, retriever, c, s.beta(), s.alpha()),
                    s.lambda()));
        }
        return Forecasts.of(net, ps, manager, ds, batchSize, (start, x) -> {
            int len = (int) x.getShape().get(0);
            return Scalars.mul(x, 1 - s.lambda()).add(Scalars.mul(retriever.retrieve(c, start, len, s.beta(),
                    s.alpha(), x), s.lambda()));
        }, (done, total) -> { });
    }

    /** The future readout of every window of {@code ds} (windows x tau x D; NaN for a window with no known memory). */
    private float[] futures(WindowDataset ds, Retriever retriever, Retriever.Candidates c, double beta, double alpha) {
        int windows = (int) ds.size();
        int per = ds.window().outLen() * ds.columns();
        float[] out = new float[windows * per];
        for (int start = 0; start < windows; start += batchSize) {
            int len = Math.min(batchSize, windows - start);
            try (NDManager step = manager.newSubManager()) {
                float[] f = retriever.future(c, start, len, beta, alpha, ds.batch(step, start, start + len).get(0))
                        .toFloatArray();
                System.arraycopy(f, 0, out, start * per, len * per);
            }
        }
        return out;
    }

    /**
     * {@code forecast + lambda (future - forecast)}, element by element; where the future is NaN (no memory known yet)
     * the forecast as it is.
     */
    public static float[] towards(float[] forecast, float[] future, double lambda) {
        float[] out = new float[forecast.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.isNaN(future[i]) ? forecast[i] : (float) (forecast[i] + lambda * (future[i] - forecast[i]));
        }
        return out;
    }

    /**
     * Chooses the setting on the validation windows {@code val}: the grid of both readouts, or their lambda fixed at
     * {@code lambda}. The future readout needs no pass of the model beyond the backbone's own.
     */
    public Choice choose(WindowDataset val, Retriever retriever, Double lambda) {
        Retriever.Candidates c = retriever.candidates(val, batchSize);
        Forecasts backbone = backbone(val);
        List<Tried> tried = new ArrayList<>();
        tried.add(tried(new Setting(0, BETAS.get(0), ALPHAS.get(ALPHAS.size() - 1)), backbone));
        for (double l : lambda == null ? LAMBDAS : List.of(lambda)) {
            for (double b : l == 0 ? List.<Double>of() : BETAS) {
                for (double a : ALPHAS) {
                    Setting s = new Setting(Readout.INPUT, l, b, a);
                    tried.add(tried(s, forecasts(val, retriever, c, s, backbone)));
                }
            }
        }
        float[] own = backbone.predictedValues();
        for (double b : lambda != null && lambda == 0 ? List.<Double>of() : BETAS) {
            for (double a : ALPHAS) {
                float[] future = futures(val, retriever, c, b, a);
                for (double l : lambda == null ? FUTURE_LAMBDAS : List.of(lambda)) {
                    if (l > 0) {
                        tried.add(tried(new Setting(Readout.FUTURE, l, b, a), Forecasts.of(val,
                                towards(own, future, l))));
                    }
                }
            }
        }
        // a fixed lambda is what was asked for: the best readout, beta and alpha at it, even if the backbone is better
        List<Tried> pool = lambda != null && lambda > 0 ? tried.subList(1, tried.size()) : tried;
        Tried best = pool.get(0);
        for (Tried t : pool) {
            if (t.validationMse() < best.validationMse()) {
                best = t;
            }
        }
        Tried model = tried.get(0);
        if (lambda != null || best == model) {
            return new Choice(best.setting(), best.validationMse(), model.validationMse(), tried, best, null);
        }
        // a gain within validation's noise keeps the model alone: on ILI's 74 validation windows the best of 57
        // settings was 3.5% better there and 6.5% worse on test (blocks of the horizon, in windows of the search)
        int block = Math.max(1, (int) Math.ceil(val.window().outLen() / (double) val.stride()));
        double[] ci = BlockBootstrap.percentChange95(best.windowLosses(), model.windowLosses(), block,
                BlockBootstrap.RESAMPLES);
        Tried kept = ci[1] < 0 ? best : model;
        return new Choice(kept.setting(), kept.validationMse(), model.validationMse(), tried, best, ci);
    }

    private static Tried tried(Setting s, Forecasts f) {
        double[] losses = f.windowLosses(2);
        return new Tried(s, java.util.Arrays.stream(losses).average().orElseThrow(), losses);
    }
}
