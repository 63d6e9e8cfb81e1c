package org.hopcast.forecasting.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.machine.Devices;
import org.hopcast.forecasting.run.machine.Machine;
import org.hopcast.forecasting.settings.Presets;
import org.hopcast.forecasting.train.TrainStep;
import org.hopcast.hopfield.ops.InvertedDropout;
import org.hopcast.hopfield.ops.Timing;
import org.hopcast.hopfield.trace.OpReplay;
import org.hopcast.hopfield.trace.OpTrace;

/**
 * Seconds per training step (forward, backward, clipping, Adam) of a preset at its batch size, on random
 * data of the preset's shape, after warm-up, median of several steps; with the process's peak resident
 * memory. Used by {@code hopcast bench train}.
 *
 * <p>Beside the step it measures, in the same process and on the same threads, the step's matrix products
 * alone (the shapes one traced step ran, forward and backward: the GEMM floor of this CPU), so that
 * {@code efficiency = floor / step} means the same on every machine; and where the rest of the step goes
 * (separation functions, layer norms, dropout, the optimizer, kernel time for fresh memory).
 */
public final class TrainBenchmark {
    /**
     * @param preset the preset
     * @param batch batch size
     * @param series series count of the synthetic data
     * @param params trainable parameters
     * @param stepSeconds median seconds per step
     * @param allStepSeconds every measured step
     * @param forwardSeconds median seconds of a forward pass alone (training mode, no gradient)
     * @param floorSeconds the step's matrix products alone, forward and backward
     * @param breakdown seconds per step by part (see {@link Breakdown})
     * @param peakRssMb the process's peak resident set (VmHWM), MiB; -1 when unknown
     * @param rssGrowthMbPerStep resident memory after the last measured step less that after warm-up, per step:
     *     memory the allocator keeps and does not reuse, which a few steps' peak hides but a long run accumulates
     * @param device the device
     * @param dropoutMasks where the steps' dropout masks came from ({@link InvertedDropout.Masks#label()})
     */
    public record Result(String preset, int batch, int series, long params, double stepSeconds,
            List<Double> allStepSeconds, double forwardSeconds, double floorSeconds, Breakdown breakdown,
            double peakRssMb, double rssGrowthMbPerStep, String device, String dropoutMasks) {
        /** The result as the JSON keys the CLI promises. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("preset", preset());
            m.put("batch", batch());
            m.put("step_seconds", stepSeconds());
            m.put("floor_seconds", floorSeconds());
            m.put("efficiency", efficiency());
            m.put("forward_seconds", forwardSeconds());
            m.put("peak_rss_mb", peakRssMb());
            m.put("rss_growth_mb_per_step", rssGrowthMbPerStep());
            m.put("params", params());
            m.put("steps", allStepSeconds());
            m.put("breakdown_seconds", breakdown().toJson());
            m.put("device", device());
            m.put("dropout_masks", dropoutMasks());
            m.putAll(Machine.json());
            return m;
        }

        /** floor / step: the share of the step a perfect implementation could not remove on this CPU. */
        public double efficiency() {
            return floorSeconds / stepSeconds;
        }
    }

    /**
     * Where a step's time goes, seconds per step. Each part but the last two is timed alone on the traced
     * shapes; {@code other} is what remains of the step (elementwise ops, reshapes, autograd bookkeeping);
     * {@code kernel} is the kernel time the step spent, mostly page faults of fresh memory, which falls inside
     * the other parts rather than beside them.
     */
    public record Breakdown(double matrixProducts, double separation, double layerNorms, double dropout,
            double optimizer, double other, double kernel, double pageFaults) {

        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("matrix_products", matrixProducts);
            m.put("separation_functions", separation);
            m.put("layer_norms", layerNorms);
            m.put("dropout", dropout);
            m.put("optimizer", optimizer);
            m.put("other", other);
            m.put("kernel_time_within_the_above", kernel);
            m.put("page_faults", pageFaults);
            return m;
        }
    }

    private TrainBenchmark() {
    }

    public static Result run(String presetName, int batch, int series, int warmup, int steps, String device) {
        Presets.Preset preset = Presets.get(presetName);
        StanHopConfig c = preset.model();
        int b = batch > 0 ? batch : preset.training().batchSize();
        InvertedDropout.seed(1);
        try (NDManager manager = NDManager.newBaseManager(Devices.choose(device))) {
            StanHopNet net = new StanHopNet(c, series);
            net.initialize(manager, DataType.FLOAT32, new Shape(b, c.inLen(), series));
            ParameterStore ps = new ParameterStore(manager, false);
            TrainStep step = new TrainStep(net, ps, manager);
            List<Double> times = new ArrayList<>();
            List<Double> forwards = new ArrayList<>();
            List<Double> updates = new ArrayList<>();
            Machine.ProcessTimes kernel = new Machine.ProcessTimes(0, 0);
            List<OpTrace.Op> ops = List.of();
            double rssAfterWarmup = -1;
            double rssAfterSteps = -1;
            for (int i = -warmup; i <= steps; i++) {
                boolean traced = i == steps; // one more step, traced and not timed
                if (i == 0) {
                    rssAfterWarmup = Machine.rssMb();
                }
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray x = scratch.randomNormal(new Shape(b, c.inLen(), series));
                    NDArray y = scratch.randomNormal(new Shape(b, c.outLen(), series));
                    if (traced) {
                        OpTrace.start();
                        step.run(x, y, preset.training().learningRate(), preset.training().clipNorm(), scratch);
                        ops = OpTrace.stop();
                        continue;
                    }
                    long f0 = System.nanoTime();
                    net.predict(ps, x, true).sum().getFloat();
                    Machine.ProcessTimes before = Machine.processTimes();
                    long t0 = System.nanoTime();
                    step.run(x, y, preset.training().learningRate(), preset.training().clipNorm(), scratch);
                    long t1 = System.nanoTime();
                    if (i >= 0) {
                        kernel = kernel.plus(Machine.processTimes().minus(before));
                        times.add((t1 - t0) / 1e9);
                        forwards.add((t0 - f0) / 1e9);
                        updates.add(step.lastUpdateSeconds());
                    }
                }
                if (i == steps - 1) {
                    rssAfterSteps = Machine.rssMb(); // the measured steps' arrays are closed with their scratch manager
                }
            }
            double stepSeconds = Timing.median(times);
            Map<OpTrace.Kind, Double> byKind = OpReplay.secondsByKind(manager, ops, true, replays(stepSeconds));
            double products = byKind.get(OpTrace.Kind.MATRIX_PRODUCT);
            double optimizer = Timing.median(updates);
            double timedParts = products + byKind.get(OpTrace.Kind.SEPARATION) + byKind.get(OpTrace.Kind.LAYER_NORM)
                    + byKind.get(OpTrace.Kind.DROPOUT) + optimizer;
            Breakdown breakdown = new Breakdown(products, byKind.get(OpTrace.Kind.SEPARATION),
                    byKind.get(OpTrace.Kind.LAYER_NORM), byKind.get(OpTrace.Kind.DROPOUT), optimizer,
                    stepSeconds - timedParts, kernel.kernelSeconds() / steps, (double) kernel.minorFaults() / steps);
            return new Result(preset.name(), b, series, net.parameterCount(), stepSeconds, times, Timing.median(forwards),
                    products, breakdown, Machine.peakRssMb(),
                    rssAfterWarmup < 0 || rssAfterSteps < 0 ? Double.NaN : (rssAfterSteps - rssAfterWarmup) / steps,
                    Machine.device(manager.getDevice()), InvertedDropout.masks().label());
        }
    }

    /** Replays of the traced ops: enough for a stable median, without doubling a long benchmark. */
    static int replays(double stepSeconds) {
        return stepSeconds > 5 ? 1 : stepSeconds > 1 ? 3 : 5;
    }
}
