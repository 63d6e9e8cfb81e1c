package org.hopcast.forecasting.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import org.hopcast.hopfield.Hopfield;
import org.hopcast.hopfield.HopfieldPooling;
import org.hopcast.hopfield.ops.GradMode;
import org.hopcast.hopfield.ops.Scopes;
import org.hopcast.hopfield.probe.LayerPath;
import org.hopcast.hopfield.probe.LayerProbe;

/**
 * STanHop-Net (Wu et al., ICLR 2024) as the authors' code builds it (stanhop.md section 3): input (B, T, D)
 * on the z-scored scale, output (B, tau, D).
 * <ol>
 *   <li>Front padding: T is raised to a multiple of L_seg by repeating the first time step in front.</li>
 *   <li>Patch embedding: each series is cut into N_in segments of L_seg, each mapped to d by one shared
 *       Linear; plus a learned position tensor (1, D, N_in, d) ~ N(0, 1); LayerNorm.</li>
 *   <li>Encoder: block 0 is a STanHop block; blocks 1.. coarse-grain by w (no merge layer when w = 1, as in
 *       Crossformer's scale_block) and then apply a STanHop block.
 *       The scales are [embedding, block 0, block 1, ...].</li>
 *   <li>Decoder: the queries are a learned tensor (1, D, N_out, d) ~ N(0, 1); decoder layer i attends to
 *       scale i (layer 0 to the embedding itself) and predicts L_seg steps per segment; the predictions of all
 *       layers are summed, laid out in time order and cut to tau.</li>
 * </ol>
 *
 * <p>Covariates (ADR 0025) are more channels beside the K target series, D = K + C in all: the encoder sees them in
 * the input window like any series, so the cross-series stage can read them; the known-ahead ones (the last F) are
 * also embedded over the forecast period, each output segment's L_seg x F values by one more Linear
 * ({@code future_embedding}), and added to every channel's decoder query for that segment; and a step-wise head
 * ({@link KnownFutureHead}) lets each step's forecast depend on that step's known values directly. Only the targets'
 * forecasts leave the model: (B, tau, K).
 */
public final class StanHopNet extends Module {
    private final StanHopConfig config;
    private final int series;
    private final Dense embedding;
    private final Parameter encoderPosition;
    private final Norm preNorm;
    private final List<StanHopBlock> encoderBlocks = new ArrayList<>();
    private final List<CoarseGrain> merges = new ArrayList<>();
    private final Parameter decoderPosition;
    private final List<DecoderLayer> decoderLayers = new ArrayList<>();
    /** The instance normalization around the network, or null for none. */
    private final ReversibleNorm instanceNorm;
    /** The linear path under the network ({@link LinearPath}), or null for none. */
    private final LinearMap linearPath;
    /** Covariate channels C after the targets, of which the last F are known ahead. */
    private final int covariates;
    private final int known;
    /** The target and covariate channels D = K + C the network sees. */
    private final int channels;
    /** The embedding of the known-ahead covariates' segments over the forecast period, or null without. */
    private final Dense futureEmbedding;
    /** The step-wise correction by the known-ahead covariates, or null without. */
    private final KnownFutureHead knownFutureHead;

    public StanHopNet(StanHopConfig config, int series) {
        this(config, series, 0, 0);
    }

    /**
     * A model of {@code series} targets that also takes {@code covariates} covariate channels, the last {@code known}
     * of them known ahead.
     */
    public StanHopNet(StanHopConfig config, int series, int covariates, int known) {
        if (series < 1) {
            throw new IllegalArgumentException("a model needs at least one series");
        }
        if (covariates < 0 || known < 0 || known > covariates) {
            throw new IllegalArgumentException(covariates + " covariates, " + known + " of them known ahead");
        }
        if (covariates > 0 && config.channelIndependent()) {
            throw new ConfigException("covariates reach the targets through the cross-series stage, which a"
                    + " channel-independent model does not have: turn channel-independent off to use covariates");
        }
        this.config = config;
        this.series = series;
        this.covariates = covariates;
        this.known = known;
        this.channels = series + covariates;
        int d = config.modelDim();
        // a new child only when used: a model without it keeps the reference's parameters and their order
        this.instanceNorm = config.instanceNorm() == InstanceNorm.NONE ? null
                : child("instance_norm", new ReversibleNorm(config.instanceNorm(), channels));
        this.embedding = child("embedding", new Dense(config.segLen(), d));
        // channel independence: the network is built for one series and sees every series as its own sample
        int seen = config.channelIndependent() ? 1 : channels;
        this.encoderPosition = parameter("encoder_position", Parameter.Type.WEIGHT,
                new Shape(1, seen, config.inSegments(), d), new NormalInitializer(1f));
        this.preNorm = child("pre_norm", new Norm(d));
        for (int i = 0; i < config.encoderLayers(); i++) {
            // as Crossformer's scale_block: no merge layer at all when win_size is 1 (it would be a no-op window)
            merges.add(i == 0 || config.winSize() == 1 ? null
                    : child("encoder_merge" + i, LayerPaths.encoderBlock(i).child(LayerPaths.MERGE),
                            new CoarseGrain(d, config.winSize())));
            encoderBlocks.add(child("encoder_block" + i, LayerPaths.encoderBlock(i).child(LayerPaths.STHM),
                    new StanHopBlock(config)));
        }
        this.decoderPosition = parameter("decoder_position", Parameter.Type.WEIGHT,
                new Shape(1, seen, config.outSegments(), d), new NormalInitializer(1f));
        for (int i = 0; i <= config.encoderLayers(); i++) {
            decoderLayers.add(child("decoder_layer" + i, LayerPaths.decoderLayer(i), new DecoderLayer(config)));
        }
        // last, so that a model with it keeps every other parameter's name and order
        this.linearPath = config.linearPath().on()
                ? child("linear_path", new LinearMap(config.inLen(), config.outLen(), series, covariates, known,
                        config.linearPath()))
                : null;
        this.futureEmbedding = known > 0 ? child("future_embedding", new Dense(config.segLen() * known, d)) : null;
        this.knownFutureHead = known > 0 ? child("known_future_head", new KnownFutureHead(series, known, d)) : null;
    }

    public StanHopConfig config() {
        return config;
    }

    /** The number of target series K the model forecasts. */
    public int series() {
        return series;
    }

    /** The covariate channels C it takes beside the targets (0: none). */
    public int covariates() {
        return covariates;
    }

    /** Of those, the ones known ahead F, which it takes over the forecast period too. */
    public int knownCovariates() {
        return known;
    }

    /**
     * The forward pass as in inference (no dropout) but recording the graph, so that gradients reach the input: what
     * Tune-and-Play tunes through. The caller keeps the parameters from changing (they take no gradient there).
     */
    public NDArray predictRecorded(ParameterStore ps, NDArray input) {
        noCovariates();
        return Scopes.scoped(() -> predictInScope(ps, input, null, null, false), input);
    }

    /** As {@link #predictRecorded(ParameterStore, NDArray)} for a batch as windows give it (with its covariates). */
    public NDArray predictRecorded(ParameterStore ps, NDList batch) {
        NDArray[] c = covariatesOf(batch);
        return Scopes.scoped(() -> predictInScope(ps, batch.get(0), c[0], c[1], false), batch.get(0));
    }

    /** A batch's covariates over the input and its known-ahead ones ({null, null} for a model without covariates). */
    private NDArray[] covariatesOf(NDList batch) {
        if (covariates == 0) {
            return new NDArray[2];
        }
        if (batch.size() < 4) {
            throw new IllegalArgumentException("this model takes " + covariates + " covariates; the batch has none");
        }
        return new NDArray[] {batch.get(2), batch.get(3)};
    }

    /** {@code batch} (as windows give it) with its inputs replaced by {@code x}: its truths and covariates kept. */
    public static NDList withInput(NDList batch, NDArray x) {
        NDList out = new NDList(x);
        for (int i = 1; i < batch.size(); i++) {
            out.add(batch.get(i));
        }
        return out;
    }

    /** Forecasts (B, tau, D) from windows x (B, T, D), for a model without covariates. */
    public NDArray predict(ParameterStore ps, NDArray input, boolean training) {
        noCovariates();
        return predict(ps, input, null, null, training);
    }

    /**
     * Forecasts (B, tau, K) from a batch as windows give it ({@code WindowDataset#batch}): x (B, T, K), the truth, and
     * with covariates, the covariates over the input (B, T, C) and the known-ahead ones over the forecast period
     * (B, tau, F).
     */
    public NDArray predict(ParameterStore ps, NDList batch, boolean training) {
        NDArray[] c = covariatesOf(batch);
        return predict(ps, batch.get(0), c[0], c[1], training);
    }

    /** Forecasts (B, tau, K) from x (B, T, K), covariates (B, T, C) and the known-ahead ones (B, tau, F). */
    public NDArray predict(ParameterStore ps, NDArray input, NDArray observed, NDArray ahead, boolean training) {
        if (!training) {
            // inference records no graph, on whichever thread it runs (see GradMode.off)
            return GradMode.off(() -> Scopes.scoped(() -> predictInScope(ps, input, observed, ahead, false), input));
        }
        return Scopes.scoped(() -> predictInScope(ps, input, observed, ahead, training), input);
    }

    private void noCovariates() {
        if (covariates > 0) {
            throw new IllegalArgumentException("this model takes " + covariates + " covariates; none were given");
        }
    }

    private NDArray predictInScope(ParameterStore ps, NDArray targets, NDArray observed, NDArray ahead,
            boolean training) {
        Shape s = checkInput(targets, observed, ahead);
        NDArray input = targets;
        NDArray x = covariates == 0 ? targets : targets.concat(observed, 2);
        NDList normalized = instanceNorm == null ? null : instanceNorm.normalize(ps, x, training);
        if (normalized != null) {
            x = normalized.head();
        }
        long b = s.get(0);
        int segLen = config.segLen();
        int nIn = config.inSegments();
        int padding = nIn * segLen - config.inLen();
        if (padding > 0) {
            NDArray first = x.get(":, 0:1, :").repeat(1, padding);
            x = first.concat(x, 1);
        }
        // (B, D, ...) and, channel-independent, (B * D, 1, ...): the same memory, the series as samples
        long rows = config.channelIndependent() ? b * channels : b;
        long seen = config.channelIndependent() ? 1 : channels;
        NDArray patches = x.transpose(0, 2, 1).reshape(rows, seen, nIn, segLen);
        NDArray embedded = embedding.apply(ps, patches, training)
                .add(ps.getValue(encoderPosition, x.getDevice(), training));
        NDArray h = preNorm.apply(ps, site("embedding_sum", embedded), training);

        List<NDArray> scales = new ArrayList<>();
        scales.add(h);
        for (int i = 0; i < encoderBlocks.size(); i++) {
            if (merges.get(i) != null) {
                h = merges.get(i).apply(ps, h, training);
            }
            h = encoderBlocks.get(i).apply(ps, h, training);
            scales.add(h);
        }

        int nOut = config.outSegments();
        NDArray q = ps.getValue(decoderPosition, x.getDevice(), training)
                .broadcast(new Shape(rows, seen, nOut, config.modelDim()));
        q.attach(x.getManager()); // made from a parameter: keep it out of the parameters' long-lived manager
        if (futureEmbedding != null) {
            q = withKnownFuture(ps, q, ahead, b, training);
        }
        NDArray prediction = null;
        for (int i = 0; i < decoderLayers.size(); i++) {
            NDList out = decoderLayers.get(i).apply(ps, q, scales.get(i), training);
            q = out.get(0);
            prediction = prediction == null ? out.get(1) : prediction.add(out.get(1));
        }
        // (B, D, N_out, L_seg) -> (B, N_out * L_seg, D), then the first tau steps
        NDArray y = prediction.reshape(b, channels, (long) nOut * segLen).transpose(0, 2, 1);
        if (nOut * segLen > config.outLen()) {
            y = y.get(":, 0:" + config.outLen() + ", :");
        }
        if (linearPath != null) {
            // the network corrects the linear forecast: its output mapped back to the data's scale but not
            // re-centred (the linear path carries the level), so heads at zero add exactly nothing
            NDArray correction = targetsOf(normalized != null ? instanceNorm.rescale(ps, y, normalized, training) : y);
            return report(stepwise(ps, linearPath.apply(ps, input, observed, ahead, training).add(correction), ahead,
                    training));
        }
        if (normalized != null) {
            y = instanceNorm.denormalize(ps, y, normalized, training);
        }
        return report(stepwise(ps, targetsOf(y), ahead, training));
    }

    /** The forecast (B, tau, K) with the known-ahead covariates' step-wise correction, when the model takes them. */
    private NDArray stepwise(ParameterStore ps, NDArray forecast, NDArray ahead, boolean training) {
        return knownFutureHead == null ? forecast : knownFutureHead.apply(ps, forecast, ahead, training);
    }

    /** The target channels of (B, tau, D): the covariates' channels are inputs, never forecasts. */
    private NDArray targetsOf(NDArray y) {
        return covariates == 0 ? y : y.get(":, :, 0:" + series);
    }

    /**
     * The decoder queries q (rows, D, N_out, d) with each output segment's known-ahead values (B, tau, F), embedded
     * together (L_seg x F to d), added to every channel's query for that segment. The period is padded to N_out
     * segments by repeating its last step, as the input is padded in front.
     */
    private NDArray withKnownFuture(ParameterStore ps, NDArray q, NDArray ahead, long b, boolean training) {
        int segLen = config.segLen();
        int nOut = config.outSegments();
        int padding = nOut * segLen - config.outLen();
        NDArray f = ahead;
        if (padding > 0) {
            f = f.concat(f.get(":, " + (config.outLen() - 1) + ":, :").repeat(1, padding), 1);
        }
        // (B, N_out, L_seg * F): each output segment's known values, all covariates together
        NDArray segments = f.reshape(b, 1, nOut, (long) segLen * known);
        return q.add(futureEmbedding.apply(ps, segments, training));
    }

    /** The shapes of the inputs, which must be (B, T, K), (B, T, C) and (B, tau, F) for this model. */
    private Shape checkInput(NDArray x, NDArray observed, NDArray ahead) {
        Shape s = x.getShape();
        if (s.dimension() != 3 || s.get(1) != config.inLen() || s.get(2) != series) {
            throw new IllegalArgumentException("expected input (batch, " + config.inLen() + ", " + series + "), got " + s);
        }
        if (covariates > 0) {
            Shape c = observed.getShape();
            if (c.dimension() != 3 || c.get(0) != s.get(0) || c.get(1) != config.inLen() || c.get(2) != covariates) {
                throw new IllegalArgumentException("expected covariates (" + s.get(0) + ", " + config.inLen() + ", "
                        + covariates + "), got " + c);
            }
            Shape k = ahead.getShape();
            if (k.dimension() != 3 || k.get(0) != s.get(0) || k.get(1) != config.outLen() || k.get(2) != known) {
                throw new IllegalArgumentException("expected known-ahead covariates (" + s.get(0) + ", "
                        + config.outLen() + ", " + known + "), got " + k);
            }
        }
        return s;
    }

    /** Whether the model forecasts through a linear path ({@link LinearPath}). */
    public boolean hasLinearPath() {
        return linearPath != null;
    }

    /**
     * The linear path's forecast alone (B, tau, D), without the network's correction: what the model would say
     * without its Hopfield layers. Inference only.
     *
     * @throws IllegalStateException for a model without a linear path
     */
    public NDArray predictLinearPart(ParameterStore ps, NDList batch) {
        if (linearPath == null) {
            throw new IllegalStateException("this model has no linear path");
        }
        NDArray input = batch.get(0);
        NDArray[] c = covariatesOf(batch);
        checkInput(input, c[0], c[1]);
        return GradMode.off(() -> Scopes.scoped(() -> linearPath.apply(ps, input, c[0], c[1], false), input));
    }

    /** Sets the linear path to a closed-form fit (the linear baseline's): the untrained model then is that baseline. */
    public void setLinearPath(LinearBaseline fit) {
        if (linearPath == null) {
            throw new IllegalStateException("this model has no linear path");
        }
        if (covariates > 0) {
            throw new IllegalArgumentException("a model with covariates starts from the fit given them");
        }
        linearPath.setFrom(fit);
    }

    /** Sets the linear path to the linear baseline's fit given the covariates: the untrained model is that baseline. */
    public void setLinearPath(CovariateLinear fit) {
        if (linearPath == null) {
            throw new IllegalStateException("this model has no linear path");
        }
        linearPath.setFrom(fit);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(covariates == 0 ? predict(ps, inputs.head(), training)
                : predict(ps, inputs.get(0), inputs.get(1), inputs.get(2), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), config.outLen(), series)};
    }

    /** Attaches a probe to every block with the model's stable paths (null detaches). */
    public void probe(LayerProbe probe) {
        attachProbe(probe == null ? null : LayerPath.ROOT, probe);
    }

    /** Every Hopfield layer by its stable path, in forward order (HopfieldPooling's under the pooling's path). */
    public Map<LayerPath, Hopfield> hopfieldLayers() {
        return layersOf(Hopfield.class);
    }

    /** Every HopfieldPooling by its stable path. */
    public Map<LayerPath, HopfieldPooling> poolingLayers() {
        return layersOf(HopfieldPooling.class);
    }

    private <T> Map<LayerPath, T> layersOf(Class<T> type) {
        Map<LayerPath, T> out = new LinkedHashMap<>();
        visit(LayerPath.ROOT, (path, block) -> {
            if (type.isInstance(block)) {
                out.putIfAbsent(path, type.cast(block));
            }
        });
        return out;
    }

    /** Trainable parameters. */
    public long parameterCount() {
        long n = 0;
        for (Pair<String, Parameter> p : getParameters()) {
            n += p.getValue().getShape().size();
        }
        return n;
    }

    /** Parameters per top-level block, in order. */
    public Map<String, Long> parameterCountsByBlock() {
        Map<String, Long> out = new LinkedHashMap<>();
        if (instanceNorm != null) {
            out.put("instance_norm", count(instanceNorm));
        }
        out.put("embedding", count(embedding));
        out.put("encoder_position", encoderPosition.getShape().size());
        out.put("pre_norm", count(preNorm));
        for (int i = 0; i < encoderBlocks.size(); i++) {
            if (merges.get(i) != null) {
                out.put(pathOf(merges.get(i)).toString(), count(merges.get(i)));
            }
            out.put(pathOf(encoderBlocks.get(i)).toString(), count(encoderBlocks.get(i)));
        }
        out.put("decoder_position", decoderPosition.getShape().size());
        for (int i = 0; i < decoderLayers.size(); i++) {
            out.put(pathOf(decoderLayers.get(i)).toString(), count(decoderLayers.get(i)));
        }
        if (linearPath != null) {
            out.put("linear_path", count(linearPath));
        }
        if (futureEmbedding != null) {
            out.put("future_embedding", count(futureEmbedding));
            out.put("known_future_head", count(knownFutureHead));
        }
        return out;
    }

    private static long count(Block b) {
        long n = 0;
        for (Pair<String, Parameter> p : b.getParameters()) {
            n += p.getValue().getShape().size();
        }
        return n;
    }
}
