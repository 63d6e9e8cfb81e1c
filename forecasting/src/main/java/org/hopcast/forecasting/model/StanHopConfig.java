package org.hopcast.forecasting.model;

import static org.hopcast.forecasting.model.ConfigException.require;

import org.hopcast.hopfield.separation.Separation;

/**
 * The architecture of a STanHop-Net. Defaults are the reference code's (run.py, stanhop.md 7.1); presets
 * ({@link org.hopcast.forecasting.settings.Presets}) override some of them.
 *
 * @param inLen input window length T
 * @param outLen forecast horizon tau
 * @param segLen patch length L_seg
 * @param winSize coarse-graining window w
 * @param modelDim d_model
 * @param ffDim d_ff (the STanHop blocks' MLP width)
 * @param heads n_heads
 * @param encoderLayers e_layers (the decoder has e_layers + 1 layers)
 * @param factor c, the learned memory patterns of each HopfieldPooling
 * @param dropout dropout rate
 * @param separation the separation function of every Hopfield layer (written by its name in run files)
 * @param mix the reference's head "mix" reshape (true) or plain head concatenation
 * @param blockNorms the LayerNorm layout of the STanHop blocks
 * @param instanceNorm how each input window is normalized on its own ({@link InstanceNorm}; none in the paper)
 * @param linearPath whether a linear map of the input forecasts under the network ({@link LinearPath}; none in the
 *        paper, and in runs from before the option)
 * @param channelIndependent whether the network sees each series on its own (PatchTST's channel independence: one
 *        network shared by the series, no cross-series stage at work) instead of all series together (the paper;
 *        false in runs from before the option)
 */
public record StanHopConfig(int inLen, int outLen, int segLen, int winSize, int modelDim, int ffDim, int heads,
        int encoderLayers, int factor, double dropout, Separation separation, boolean mix, BlockNorms blockNorms,
        InstanceNorm instanceNorm, LinearPath linearPath, boolean channelIndependent) {

    public static final StanHopConfig REFERENCE_DEFAULTS = new StanHopConfig(96, 24, 6, 1, 256, 512, 4, 3, 10, 0.1,
            Separation.DEFAULT, true, BlockNorms.STANHOP, InstanceNorm.NONE, LinearPath.NONE, false);

    public StanHopConfig {
        require(inLen >= 1, "in_len must be at least 1", "inLen");
        require(outLen >= 1, "out_len must be at least 1", "outLen");
        require(segLen >= 1, "seg_len must be at least 1", "segLen");
        require(winSize >= 1, "win_size must be at least 1", "winSize");
        require(heads >= 1 && modelDim >= heads && modelDim % heads == 0,
                "d_model (" + modelDim + ") must be a positive multiple of n_heads (" + heads + ")", "modelDim",
                "heads");
        require(ffDim >= 1, "d_ff must be at least 1", "ffDim");
        require(encoderLayers >= 1, "e_layers must be at least 1", "encoderLayers");
        require(factor >= 1, "factor must be at least 1", "factor");
        require(dropout >= 0 && dropout < 1, "dropout must be in [0, 1)", "dropout");
        require(separation != null, "separation is missing (a separation function's name)", "separation");
        if (blockNorms == null) {
            blockNorms = BlockNorms.STANHOP;
        }
        if (instanceNorm == null) {
            instanceNorm = InstanceNorm.NONE; // runs from before the option
        }
        if (linearPath == null) {
            linearPath = LinearPath.NONE; // runs from before the option
        }
    }

    /** A model without a linear path. */
    public StanHopConfig(int inLen, int outLen, int segLen, int winSize, int modelDim, int ffDim, int heads,
            int encoderLayers, int factor, double dropout, Separation separation, boolean mix, BlockNorms blockNorms,
            InstanceNorm instanceNorm) {
        this(inLen, outLen, segLen, winSize, modelDim, ffDim, heads, encoderLayers, factor, dropout, separation, mix,
                blockNorms, instanceNorm, LinearPath.NONE, false);
    }

    /** The reference model: no instance normalization. */
    public StanHopConfig(int inLen, int outLen, int segLen, int winSize, int modelDim, int ffDim, int heads,
            int encoderLayers, int factor, double dropout, Separation separation, boolean mix, BlockNorms blockNorms) {
        this(inLen, outLen, segLen, winSize, modelDim, ffDim, heads, encoderLayers, factor, dropout, separation, mix,
                blockNorms, InstanceNorm.NONE, LinearPath.NONE, false);
    }

    /** Input segments N_in = ceil(T / L_seg). */
    public int inSegments() {
        return Math.floorDiv(inLen + segLen - 1, segLen);
    }

    /** Output segments N_out = ceil(tau / L_seg). */
    public int outSegments() {
        return Math.floorDiv(outLen + segLen - 1, segLen);
    }

    /** Segments at each encoder scale: [N_in, N_in, ceil(N_in / w), ...], length e_layers + 1. */
    public int[] scaleSegments() {
        int[] n = new int[encoderLayers + 1];
        n[0] = inSegments();
        n[1] = inSegments();
        for (int i = 2; i <= encoderLayers; i++) {
            n[i] = Math.floorDiv(n[i - 1] + winSize - 1, winSize);
        }
        return n;
    }

    public StanHopConfig withInstanceNorm(InstanceNorm n) {
        return toBuilder().setInstanceNorm(n).build();
    }

    public StanHopConfig withSeparation(Separation s) {
        return toBuilder().setSeparation(s).build();
    }

    public StanHopConfig withLinearPath(LinearPath p) {
        return toBuilder().setLinearPath(p).build();
    }

    public StanHopConfig withChannelIndependence(boolean independent) {
        return toBuilder().setChannelIndependent(independent).build();
    }

    /** A builder that starts from the reference model (stanhop.md); set what differs. */
    public static Builder builder() {
        return REFERENCE_DEFAULTS.toBuilder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.inLen = inLen;
        b.outLen = outLen;
        b.segLen = segLen;
        b.winSize = winSize;
        b.modelDim = modelDim;
        b.ffDim = ffDim;
        b.heads = heads;
        b.encoderLayers = encoderLayers;
        b.factor = factor;
        b.dropout = dropout;
        b.separation = separation;
        b.mix = mix;
        b.blockNorms = blockNorms;
        b.instanceNorm = instanceNorm;
        b.linearPath = linearPath;
        b.channelIndependent = channelIndependent;
        return b;
    }

    /** Sets fields by name, so that no setting is put in another's place; {@link #build} checks them all. */
    public static final class Builder {
        private int inLen;
        private int outLen;
        private int segLen;
        private int winSize;
        private int modelDim;
        private int ffDim;
        private int heads;
        private int encoderLayers;
        private int factor;
        private double dropout;
        private Separation separation;
        private boolean mix;
        private BlockNorms blockNorms;
        private InstanceNorm instanceNorm;
        private LinearPath linearPath;
        private boolean channelIndependent;

        private Builder() {
        }

        public Builder setInLen(int inLen) {
            this.inLen = inLen;
            return this;
        }

        public Builder setOutLen(int outLen) {
            this.outLen = outLen;
            return this;
        }

        public Builder setSegLen(int segLen) {
            this.segLen = segLen;
            return this;
        }

        public Builder setWinSize(int winSize) {
            this.winSize = winSize;
            return this;
        }

        public Builder setModelDim(int modelDim) {
            this.modelDim = modelDim;
            return this;
        }

        public Builder setFfDim(int ffDim) {
            this.ffDim = ffDim;
            return this;
        }

        public Builder setHeads(int heads) {
            this.heads = heads;
            return this;
        }

        public Builder setEncoderLayers(int encoderLayers) {
            this.encoderLayers = encoderLayers;
            return this;
        }

        public Builder setFactor(int factor) {
            this.factor = factor;
            return this;
        }

        public Builder setDropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        public Builder setSeparation(Separation separation) {
            this.separation = separation;
            return this;
        }

        public Builder setMix(boolean mix) {
            this.mix = mix;
            return this;
        }

        public Builder setBlockNorms(BlockNorms blockNorms) {
            this.blockNorms = blockNorms;
            return this;
        }

        public Builder setInstanceNorm(InstanceNorm instanceNorm) {
            this.instanceNorm = instanceNorm;
            return this;
        }

        public Builder setLinearPath(LinearPath linearPath) {
            this.linearPath = linearPath;
            return this;
        }

        public Builder setChannelIndependent(boolean channelIndependent) {
            this.channelIndependent = channelIndependent;
            return this;
        }

        public StanHopConfig build() {
            return new StanHopConfig(inLen, outLen, segLen, winSize, modelDim, ffDim, heads, encoderLayers, factor, dropout,
                    separation, mix, blockNorms, instanceNorm, linearPath, channelIndependent);
        }
    }
}
