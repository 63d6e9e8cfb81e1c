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

    public StanHopNet(StanHopConfig config, int series) {
        if (series < 1) {
            throw new IllegalArgumentException("a model needs at least one series");
        }
        this.config = config;
        this.series = series;
        int d = config.modelDim();
        // a new child only when used: a model without it keeps the reference's parameters and their order
        this.instanceNorm = config.instanceNorm() == InstanceNorm.NONE ? null
                : child("instance_norm", new ReversibleNorm(config.instanceNorm(), series));
        this.embedding = child("embedding", new Dense(config.segLen(), d));
        // channel independence: the network is built for one series and sees every series as its own sample
        int seen = config.channelIndependent() ? 1 : series;
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
                ? child("linear_path", new LinearMap(config.inLen(), config.outLen(), series, config.linearPath()))
                : null;
    }

    public StanHopConfig config() {
        return config;
    }

    /** The number of series D the model was built for. */
    public int series() {
        return series;
    }

    /**
     * The forward pass as in inference (no dropout) but recording the graph, so that gradients reach the input: what
     * Tune-and-Play tunes through. The caller keeps the parameters from changing (they take no gradient there).
     */
    public NDArray predictRecorded(ParameterStore ps, NDArray input) {
        return Scopes.scoped(() -> predictInScope(ps, input, false), input);
    }

    /** Forecasts (B, tau, D) from windows x (B, T, D). */
    public NDArray predict(ParameterStore ps, NDArray input, boolean training) {
        if (!training) {
            // inference records no graph, on whichever thread it runs (see GradMode.off)
            return GradMode.off(() -> Scopes.scoped(() -> predictInScope(ps, input, false), input));
        }
        return Scopes.scoped(() -> predictInScope(ps, input, training), input);
    }

    private NDArray predictInScope(ParameterStore ps, NDArray x, boolean training) {
        Shape s = checkInput(x);
        NDArray input = x;
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
        long rows = config.channelIndependent() ? b * series : b;
        long seen = config.channelIndependent() ? 1 : series;
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
        NDArray prediction = null;
        for (int i = 0; i < decoderLayers.size(); i++) {
            NDList out = decoderLayers.get(i).apply(ps, q, scales.get(i), training);
            q = out.get(0);
            prediction = prediction == null ? out.get(1) : prediction.add(out.get(1));
        }
        // (B, D, N_out, L_seg) -> (B, N_out * L_seg, D), then the first tau steps
        NDArray y = prediction.reshape(b, series, (long) nOut * segLen).transpose(0, 2, 1);
        if (nOut * segLen > config.outLen()) {
            y = y.get(":, 0:" + config.outLen() + ", :");
        }
        if (linearPath != null) {
            // the network corrects the linear forecast: its output mapped back to the data's scale but not
            // re-centred (the linear path carries the level), so heads at zero add exactly nothing
            NDArray correction = normalized != null ? instanceNorm.rescale(ps, y, normalized, training) : y;
            return report(linearPath.apply(ps, input, training).add(correction));
        }
        if (normalized != null) {
            y = instanceNorm.denormalize(ps, y, normalized, training);
        }
        return report(y);
    }

    /** The shape of windows x, which must be (B, T, D) for this model's T and D. */
    private Shape checkInput(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 3 || s.get(1) != config.inLen() || s.get(2) != series) {
            throw new IllegalArgumentException("expected input (batch, " + config.inLen() + ", " + series + "), got " + s);
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
    public NDArray predictLinearPart(ParameterStore ps, NDArray input) {
        if (linearPath == null) {
            throw new IllegalStateException("this model has no linear path");
        }
        checkInput(input);
        return GradMode.off(() -> Scopes.scoped(() -> linearPath.apply(ps, input, false), input));
    }

    /** Sets the linear path to a closed-form fit (the linear baseline's): the untrained model then is that baseline. */
    public void setLinearPath(LinearBaseline fit) {
        if (linearPath == null) {
            throw new IllegalStateException("this model has no linear path");
        }
        linearPath.setFrom(fit);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
        return new NDList(predict(ps, inputs.head(), training));
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
