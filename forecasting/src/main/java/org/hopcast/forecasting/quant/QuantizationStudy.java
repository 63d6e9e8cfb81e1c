package org.hopcast.forecasting.quant;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.run.TrainedModel;

/**
 * FP32 versus W8A8 test metrics of a trained model (outeffhop.md 5.3): calibrate activation ranges on K
 * training batches (eval mode, in the seeded training order), freeze them, evaluate the test split with
 * quantized weights and activations. The model on disk and in memory keeps its float parameters.
 */
public final class QuantizationStudy {
    /** Calibration batches the OutEffHop BERT runs used (the OPT runs used 4). */
    public static final int DEFAULT_CALIBRATION_BATCHES = 16;

    /**
     * FP and W8A8 metrics side by side; {@code drift} is the mean squared difference between the W8A8 and the
     * FP predictions (z-scored), the quantization error itself, whatever the model's accuracy.
     */
    public record Result(Metrics fp, Metrics w8a8, double drift, int calibrationBatches, int sites, int weights) {
        /** Relative MSE change, (W8A8 - FP) / FP. */
        public double degradation() {
            return (w8a8.mse() - fp.mse()) / fp.mse();
        }

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fp_mse", fp.mse());
            m.put("fp_mae", fp.mae());
            m.put("w8a8_mse", w8a8.mse());
            m.put("w8a8_mae", w8a8.mae());
            m.put("mse_degradation", degradation());
            m.put("prediction_drift", drift);
            m.put("calibration_batches", calibrationBatches);
            m.put("activation_sites", sites);
            m.put("quantized_weights", weights);
            return m;
        }
    }

    private QuantizationStudy() {
    }

    public static Result run(TrainedModel model, PreparedSeries data, int calibrationBatches, int batchSize, long seed) {
        return run(model, data, Forecasts.of(model.net(), model.parameterStore(), model.manager(), data, Split.TEST,
                batchSize), calibrationBatches, batchSize, seed);
    }

    /**
     * As {@link #run(TrainedModel, PreparedSeries, int, int, long)}, with the model's FP32 forecasts over the test
     * split of {@code data} already made (a caller that holds them saves a pass over the split).
     */
    public static Result run(TrainedModel model, PreparedSeries data, Forecasts fpForecasts, int calibrationBatches,
            int batchSize, long seed) {
        if (calibrationBatches < 1) {
            throw new IllegalArgumentException("the number of calibration batches must be at least 1, got " + calibrationBatches);
        }
        if (fpForecasts.windows().split() != Split.TEST
                || fpForecasts.windows().size() != data.layout().windows(Split.TEST)) {
            throw new IllegalArgumentException("the FP32 forecasts must cover the test split of the same data");
        }
        Metrics fp = fpForecasts.metrics(data.table().columns(), model.scaler());
        try (W8A8Quantizer q = new W8A8Quantizer(model.manager())) {
            model.net().probe(q);
            try {
                WindowDataset train = data.windows(Split.TRAIN).build();
                int n = (int) train.size();
                java.util.Random rnd = new java.util.Random(seed);
                for (int b = 0; b < calibrationBatches; b++) {
                    long[] idx = new long[Math.min(batchSize, n)];
                    for (int k = 0; k < idx.length; k++) {
                        idx[k] = rnd.nextInt(n);
                    }
                    try (NDManager step = model.manager().newSubManager()) {
                        NDList xy = train.batch(step, idx);
                        model.net().predict(model.parameterStore(), xy.get(0), false);
                    }
                }
                q.freeze();
                Forecasts quantized = Forecasts.of(model.net(), model.parameterStore(), model.manager(), data,
                        Split.TEST, batchSize);
                Metrics w8a8 = quantized.metrics(data.table().columns(), model.scaler());
                return new Result(fp, w8a8, quantized.meanSquaredDifference(fpForecasts), calibrationBatches,
                        q.ranges().size(), q.quantizedWeights());
            } finally {
                model.net().probe(null);
            }
        }
    }
}
