package org.hopcast.forecasting.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.hopfield.ops.Scalars;

/**
 * Plug-and-Play, input level (spec memory.md §4.3, PnP-A): the trained model, frozen, forecasts from
 * {@code (1 - lambda) x + lambda Ret(x; Y)} instead of its input x; nothing is trained. lambda, beta and alpha are
 * chosen on the validation split by a small grid (no gradient step), lambda = 0 among them, so the choice is never worse
 * on validation than the backbone; with lambda = 0 the model's own forward pass runs on its own input, bit for bit.
 */
public final class PlugAndPlay {
    /** The grid of spec §4.3. */
    public static final List<Double> LAMBDAS = List.of(0.0, 0.1, 0.25, 0.5);
    public static final List<Double> BETAS = List.of(1.0, 4.0, 16.0, 64.0);
    public static final List<Double> ALPHAS = List.of(1.5, 2.0);

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
     * @param lambda the weight of the retrieved window, 0 (the backbone alone) to 1
     * @param beta the inverse temperature of the scores
     * @param alpha entmax's alpha (2: sparsemax)
     */
    public record Setting(double lambda, double beta, double alpha) {
        public Setting {
            if (!(lambda >= 0 && lambda <= 1)) {
                throw new IllegalArgumentException("the memory's lambda must be in [0, 1], not " + lambda);
            }
            if (!(beta > 0) || !(alpha > 1 && alpha <= 2)) {
                throw new IllegalArgumentException("the memory's beta must be positive and alpha in (1, 2]");
            }
        }

        /** The setting as a JSON object's keys. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lambda", lambda);
            m.put("beta", beta);
            m.put("alpha", alpha);
            m.put("c", Retriever.C);
            m.put("top_k", Retriever.TOP_K);
            return m;
        }
    }

    /** A setting and its validation MSE. */
    public record Tried(Setting setting, double validationMse) {
    }

    /**
     * The setting chosen on validation: the best of the grid ({@code lambda} fixed when not null), and every one tried.
     * Ties keep the earlier setting, so the backbone (lambda = 0, tried first) wins when nothing is better.
     */
    public record Choice(Setting setting, double validationMse, double backboneValidationMse, List<Tried> tried) {
    }

    /** The windows' forecasts with the memory mixed in by {@code s} (lambda = 0: the backbone's own forward pass). */
    public Forecasts forecasts(WindowDataset ds, Retriever retriever, Setting s) {
        if (s.lambda() == 0) {
            return Forecasts.of(net, ps, manager, ds, batchSize, (done, total) -> { });
        }
        return forecasts(ds, retriever, retriever.candidates(ds, batchSize), s);
    }

    private Forecasts forecasts(WindowDataset ds, Retriever retriever, Retriever.Candidates c, Setting s) {
        if (s.lambda() == 0) {
            return Forecasts.of(net, ps, manager, ds, batchSize, (done, total) -> { });
        }
        return Forecasts.of(net, ps, manager, ds, batchSize, (start, x) -> {
            int len = (int) x.getShape().get(0);
            return Scalars.mul(x, 1 - s.lambda()).add(Scalars.mul(retriever.retrieve(c, start, len, s.beta(),
                    s.alpha(), x), s.lambda()));
        }, (done, total) -> { });
    }

    /** Chooses the setting on the validation windows {@code val}: the grid, or its lambda fixed at {@code lambda}. */
    public Choice choose(WindowDataset val, Retriever retriever, Double lambda) {
        List<Setting> grid = new ArrayList<>();
        grid.add(new Setting(0, BETAS.get(0), ALPHAS.get(ALPHAS.size() - 1)));
        for (double l : lambda == null ? LAMBDAS : List.of(lambda)) {
            if (l == 0) {
                continue;
            }
            for (double b : BETAS) {
                for (double a : ALPHAS) {
                    grid.add(new Setting(l, b, a));
                }
            }
        }
        Retriever.Candidates c = retriever.candidates(val, batchSize);
        List<Tried> tried = new ArrayList<>();
        Tried best = null;
        for (Setting s : grid) {
            Tried t = new Tried(s, java.util.Arrays.stream(forecasts(val, retriever, c, s).windowLosses(2)).average()
                    .orElseThrow());
            tried.add(t);
            if (best == null || t.validationMse() < best.validationMse()) {
                best = t;
            }
        }
        if (lambda != null && lambda > 0) {
            // a fixed lambda is what was asked for: the best beta and alpha at it, even if the backbone is better
            best = tried.stream().skip(1).min(java.util.Comparator.comparingDouble(Tried::validationMse)).orElseThrow();
        }
        return new Choice(best.setting(), best.validationMse(), tried.get(0).validationMse(), tried);
    }
}
