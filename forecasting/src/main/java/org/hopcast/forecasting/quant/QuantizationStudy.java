package org.hopcast.forecasting.quant;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.eval.Metrics;
import org.hopcast.forecasting.run.TrainedModel;

/**
 * FP32 versus fake-quantized test metrics of a trained model (outeffhop.md 5.3) for a {@link QuantScheme}
 * (W8A8 by default): calibrate activation ranges on K training batches (eval mode, in the seeded training order,
 * weights already quantized), freeze them, evaluate the test split with quantized weights and activations. The
 * model on disk and in memory keeps its float parameters. A sweep repeats this for several schemes on the same
 * FP32 forecasts and the same calibration batches.
 */
public final class QuantizationStudy {
    /** Calibration batches the OutEffHop BERT runs used (the OPT runs used 4). */
    public static final int DEFAULT_CALIBRATION_BATCHES = 16;

    /**
     * FP and quantized metrics side by side; {@code drift} is the mean squared difference between the quantized
     * and the FP predictions (z-scored), the quantization error itself, whatever the model's accuracy.
     */
    public record Result(QuantScheme scheme, Metrics fp, Metrics quantized, double drift, int calibrationBatches,
            int sites, int weights) {
        /** Relative MSE change, (quantized - FP) / FP. */
        public double degradation() {
            return (quantized.mse() - fp.mse()) / fp.mse();
        }

        /** What quantization.json and {@code --json} hold for one scheme. */
        public Line toJson() {
            return new Line(scheme.name(), scheme.weightBits(), scheme.activationBits(), scheme.granularity(), fp.mse(),
                    fp.mae(), quantized.mse(), quantized.mae(), degradation(), 100 * degradation(), drift,
                    calibrationBatches, sites, weights);
        }
    }

    /** Several schemes on the same model, forecasts and calibration batches. */
    public record Sweep(List<Result> results) {
        public Sweep {
            results = List.copyOf(results);
            if (results.isEmpty()) {
                throw new IllegalArgumentException("a sweep needs at least one scheme");
            }
        }

        /** The result of a scheme, or null. */
        public Result of(QuantScheme scheme) {
            return results.stream().filter(r -> r.scheme().equals(scheme)).findFirst().orElse(null);
        }

        /** What quantization-sweep.json and {@code --json} hold: FP once, then every scheme. */
        public SweepLine toJson() {
            return new SweepLine(results.get(0).fp().mse(), results.get(0).fp().mae(),
                    results.stream().map(Result::toJson).toList());
        }
    }

    /**
     * One scheme's FP and quantized metrics as written: the scheme by name and parts, the relative MSE change, how far
     * the forecasts moved (drift), and what was calibrated and quantized.
     */
    public record Line(String scheme, int weightBits, int activationBits, String weightGranularity, double fpMse,
            double fpMae, double quantizedMse, double quantizedMae, double mseDegradation, double mseDegradationPercent,
            double predictionDrift, int calibrationBatches, int activationSites, int quantizedWeights) {
    }

    /** A sweep as written: the FP metrics once, then one line per scheme. */
    public record SweepLine(double fpMse, double fpMae, List<Line> sweep) {
    }

    private QuantizationStudy() {
    }

    /** W8A8, the paper's protocol. */
    public static Result run(TrainedModel model, PreparedSeries data, int calibrationBatches, int batchSize, long seed) {
        return run(model, data, QuantScheme.W8A8, calibrationBatches, batchSize, seed);
    }

    public static Result run(TrainedModel model, PreparedSeries data, QuantScheme scheme, int calibrationBatches,
            int batchSize, long seed) {
        return run(model, data, Forecasts.of(model.net(), model.parameterStore(), model.manager(), data, Split.TEST,
                batchSize), List.of(scheme), calibrationBatches, batchSize, seed).results().get(0);
    }

    /**
     * Every scheme of {@code schemes} with the model's FP32 forecasts over the test split of {@code data} already
     * made (a caller that holds them saves a pass over the split).
     */
    public static Sweep run(TrainedModel model, PreparedSeries data, Forecasts fpForecasts, List<QuantScheme> schemes,
            int calibrationBatches, int batchSize, long seed) {
        if (calibrationBatches < 1) {
            throw new IllegalArgumentException("the number of calibration batches must be at least 1, got " + calibrationBatches);
        }
        if (fpForecasts.windows().split() != Split.TEST
                || fpForecasts.windows().size() != data.layout().windows(Split.TEST)) {
            throw new IllegalArgumentException("the FP32 forecasts must cover the test split of the same data");
        }
        Metrics fp = fpForecasts.metrics(data, model.scaler());
        List<Result> out = new ArrayList<>();
        for (QuantScheme scheme : schemes) {
            out.add(one(model, data, fpForecasts, fp, scheme, calibrationBatches, batchSize, seed));
        }
        return new Sweep(out);
    }

    private static Result one(TrainedModel model, PreparedSeries data, Forecasts fpForecasts, Metrics fp,
            QuantScheme scheme, int calibrationBatches, int batchSize, long seed) {
        try (FakeQuantizer q = new FakeQuantizer(model.manager(), scheme)) {
            model.net().probe(q);
            try {
                WindowDataset train = data.windows(Split.TRAIN).build();
                int n = (int) train.size();
                java.util.Random rnd = new java.util.Random(seed); // the same batches for every scheme
                for (int b = 0; b < calibrationBatches; b++) {
                    long[] idx = new long[Math.min(batchSize, n)];
                    for (int k = 0; k < idx.length; k++) {
                        idx[k] = rnd.nextInt(n);
                    }
                    try (NDManager step = model.manager().newSubManager()) {
                        NDList xy = train.batch(step, idx);
                        model.net().predict(model.parameterStore(), xy, false);
                    }
                }
                q.freeze();
                Forecasts quantized = Forecasts.of(model.net(), model.parameterStore(), model.manager(), data,
                        Split.TEST, batchSize);
                return new Result(scheme, fp, quantized.metrics(data, model.scaler()),
                        quantized.meanSquaredDifference(fpForecasts), calibrationBatches, q.ranges().size(),
                        q.quantizedWeights());
            } finally {
                model.net().probe(null);
            }
        }
    }
}
