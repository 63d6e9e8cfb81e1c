package org.hopcast.forecasting.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.hopcast.forecasting.model.BlockNorms;
import org.hopcast.forecasting.model.InstanceNorm;
import org.hopcast.forecasting.model.LinearPath;
import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.run.TrainingConfig;
import org.hopcast.hopfield.separation.Separation;

/**
 * Named model and training settings: the single source of truth for each configuration Hopcast knows.
 * <ul>
 *   <li>{@code etth1-paper}: the only configuration the STanHop authors ship (stanhop.md 7.2), for ETTh1
 *       168 -> 24;</li>
 *   <li>{@code outeffhop-table1}: the OutEffHop paper's Table 1 STanHop-Net (outeffhop.md 7), with its
 *       one-LayerNorm block layout and softmax_1;</li>
 *   <li>{@code DATASET-HORIZON} (e.g. {@code etth1-24}, {@code wth-168}): the Crossformer protocol lengths
 *       per dataset and horizon (stanhop.md 7.3);</li>
 *   <li>{@code quick}: a small model that trains in minutes on a 2-core CPU, for demos, the desktop app and a
 *       user's own data; the only preset with instance normalization (revin-last), since the paper presets must
 *       stay comparable with the papers. Its one data-dependent choice: a network without the cross-series
 *       stage (channel-independent) where the training period is short ({@link #quickChannelIndependent}).</li>
 * </ul>
 */
public final class Presets {
    /** A named configuration. */
    public record Preset(String name, String description, StanHopConfig model, TrainingConfig training) {
    }

    private static final Map<String, Preset> PRESETS;

    static {
        Map<String, Preset> p = new LinkedHashMap<>();
        StanHopConfig ref = StanHopConfig.REFERENCE_DEFAULTS;
        TrainingConfig train = TrainingConfig.REFERENCE_DEFAULTS;
        add(p, "etth1-paper", "STanHop's shipped config (ETTh1 168->24, seg 12, win 4, e_layers 2, dropout 0.3)",
                model(168, 24).setSegLen(12).setWinSize(4).setEncoderLayers(2).setDropout(0.3)
                        .setSeparation(Separation.parse("alpha-entmax")).build(),
                training(train, 128, 1e-4, 50, 20));
        add(p, "outeffhop-table1", "OutEffHop Table 1 STanHop-Net (ETTh1 168->24, seg 6, win 1, e_layers 11,"
                + " softmax_1, one LayerNorm per block, dropout 0.5)",
                model(168, 24).setSegLen(6).setWinSize(1).setEncoderLayers(11).setDropout(0.5)
                        .setSeparation(Separation.parse("softmax_1")).setBlockNorms(BlockNorms.OUTEFFHOP).build(),
                training(train, 128, 1e-4, 100, 5));
        // issue #15: Table 1's layout at a width a 2-core CPU trains for several epochs (width and batch measured)
        add(p, "outeffhop-small", "OutEffHop Table 1 layout at CPU size (ETTh1 168->24, seg 6, win 1, e_layers 11,"
                + " one LayerNorm per block, d_model 64, softmax_1, dropout 0.5)",
                model(168, 24).setSegLen(6).setWinSize(1).setModelDim(64).setFfDim(128).setEncoderLayers(11)
                        .setDropout(0.5).setSeparation(Separation.parse("softmax_1")).setBlockNorms(BlockNorms.OUTEFFHOP)
                        .build(),
                training(train, 64, 1e-4, 3, 3));
        // for user data: windows normalized on their own (revin-last), chosen by measurement (ADR 0008)
        add(p, "quick", "small STanHop-Net for CPU demos and your data (168->24, d_model 64, e_layers 2, revin-last,"
                + " fixed linear path)",
                model(168, 24).setSegLen(12).setWinSize(4).setModelDim(64).setFfDim(128).setEncoderLayers(2)
                        .setDropout(0.1).setSeparation(Separation.parse("alpha-entmax"))
                        .setInstanceNorm(InstanceNorm.REVIN_LAST).setLinearPath(LinearPath.FIXED).build(),
                training(train, 32, 5e-4, 10, 3));
        // Crossformer protocol (stanhop.md 7.3): defaults dropout 0.2, e_layers 3, win 2, batch 32,
        // d 256 / d_ff 512 / 4 heads unless the row says otherwise.
        crossformer(p, "etth1", new int[][] {{24, 168, 6}, {48, 168, 6}, {168, 720, 24}, {336, 720, 24},
                {720, 720, 24}}, new double[] {1e-4, 1e-4, 1e-5, 1e-5, 1e-5}, 256, 512, 4, 3, 0.2);
        crossformer(p, "ettm1", new int[][] {{24, 288, 12}, {48, 288, 6}, {96, 672, 12}, {288, 672, 24},
                {672, 672, 12}}, new double[] {1e-4, 1e-4, 1e-4, 1e-5, 1e-5}, 256, 512, 4, 3, 0.2);
        crossformer(p, "wth", new int[][] {{24, 48, 6}, {48, 48, 12}, {168, 336, 24}, {336, 336, 24},
                {720, 720, 24}}, new double[] {1e-4, 1e-4, 1e-5, 1e-5, 1e-5}, 256, 512, 4, 3, 0.2);
        crossformer(p, "ecl", new int[][] {{48, 336, 6}, {168, 336, 12}, {336, 168, 24}, {720, 720, 24},
                {960, 720, 24}}, new double[] {5e-4, 5e-4, 5e-4, 5e-5, 5e-5}, 64, 128, 2, 3, 0.2);
        crossformer(p, "ili", new int[][] {{24, 48, 6}, {36, 48, 6}, {48, 60, 6}, {60, 60, 6}},
                new double[] {5e-4, 5e-4, 5e-4, 5e-4}, 256, 512, 4, 2, 0.6);
        crossformer(p, "traffic", new int[][] {{24, 96, 12}, {48, 96, 12}, {168, 336, 24}, {336, 720, 24},
                {720, 336, 24}}, new double[] {1e-3, 1e-3, 1e-3, 1e-3, 5e-3}, 64, 128, 2, 3, 0.2);
        PRESETS = Collections.unmodifiableMap(p);
    }

    private Presets() {
    }

    /**
     * Training windows (summed over a file's series) below which {@code quick} leaves out the cross-series stage
     * (ADR 0019, "Channel independence where the data is short"): with fewer, the stage fits how the series moved
     * together in a short history and forecasts worse than a network that sees each series on its own.
     */
    public static final long QUICK_CROSS_SERIES_MIN_WINDOWS = 1_000;

    /**
     * Whether {@code quick} trains channel-independent on data with {@code trainingWindows} windows in its training
     * period: only where they are fewer than {@link #QUICK_CROSS_SERIES_MIN_WINDOWS} and the model takes no
     * covariates (they reach the targets through the cross-series stage).
     */
    public static boolean quickChannelIndependent(long trainingWindows, boolean covariates) {
        return !covariates && trainingWindows > 0 && trainingWindows < QUICK_CROSS_SERIES_MIN_WINDOWS;
    }

    private static void add(Map<String, Preset> map, String name, String description, StanHopConfig m,
            TrainingConfig t) {
        map.put(name, new Preset(name, description, m, t));
    }

    /**
     * The reference model (d_model 256, d_ff 512, 4 heads, factor 10, mixing on, STanHop's LayerNorms, no instance
     * normalization or linear path) at {@code in -> out}; each preset sets what differs by name.
     */
    private static StanHopConfig.Builder model(int in, int out) {
        return StanHopConfig.builder().setInLen(in).setOutLen(out).setModelDim(256).setFfDim(512).setHeads(4)
                .setFactor(10).setMix(true).setBlockNorms(BlockNorms.STANHOP);
    }

    private static TrainingConfig training(TrainingConfig base, int batch, double lr, int epochs, int patience) {
        return base.toBuilder().setBatchSize(batch).setLearningRate(lr).setEpochs(epochs).setPatience(patience).build();
    }

    private static void crossformer(Map<String, Preset> map, String dataset, int[][] rows, double[] lrs, int d,
            int ff, int heads, int layers, double dropout) {
        TrainingConfig base = TrainingConfig.REFERENCE_DEFAULTS;
        for (int i = 0; i < rows.length; i++) {
            int horizon = rows[i][0];
            int in = rows[i][1];
            int seg = rows[i][2];
            add(map, dataset + "-" + horizon, "Crossformer protocol for " + dataset.toUpperCase(Locale.ROOT) + " "
                    + in + "->" + horizon + " (seg " + seg + ", lr " + lrs[i] + ")",
                    model(in, horizon).setSegLen(seg).setWinSize(2).setModelDim(d).setFfDim(ff).setHeads(heads)
                            .setEncoderLayers(layers).setDropout(dropout).setSeparation(Separation.parse("alpha-entmax"))
                            .build(),
                    training(base, 32, lrs[i], base.epochs(), base.patience()));
        }
    }

    /** A preset by name (case-insensitive), or an exception that lists the known ones. */
    public static Preset get(String name) {
        Preset p = PRESETS.get(name.trim().toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("unknown preset '" + name + "'; known: " + String.join(", ", names()));
        }
        return p;
    }

    public static List<String> names() {
        return new ArrayList<>(PRESETS.keySet());
    }

    public static List<Preset> all() {
        return new ArrayList<>(PRESETS.values());
    }
}
