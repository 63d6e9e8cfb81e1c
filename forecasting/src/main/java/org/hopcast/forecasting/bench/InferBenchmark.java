package org.hopcast.forecasting.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.run.DataSpec;
import org.hopcast.forecasting.run.machine.Devices;
import org.hopcast.forecasting.run.machine.Machine;
import org.hopcast.forecasting.settings.Presets;
import org.hopcast.hopfield.ops.InvertedDropout;
import org.hopcast.hopfield.ops.Timing;
import org.hopcast.hopfield.trace.OpReplay;
import org.hopcast.hopfield.trace.OpTrace;

/**
 * Seconds to forecast every window of the built-in ETTh1's test split (2,857 windows at 168 -> 24) with a
 * model of a preset's size, through the same code {@code evaluate} uses ({@link Forecasts}); with the GEMM
 * floor of those forecasts (their matrix products alone, forward) and the peak memory. Used by
 * {@code hopcast bench infer}. The weights are the initial ones: a trained model of the same size does the same
 * work.
 */
public final class InferBenchmark {
    /**
     * @param preset the preset
     * @param batch windows per forward pass
     * @param windows windows forecast per run
     * @param params parameters
     * @param seconds median seconds of a whole test split
     * @param allSeconds every measured run
     * @param floorSeconds the runs' matrix products alone
     * @param separationSeconds the runs' separation functions alone
     * @param peakRssMb peak resident memory, MiB
     * @param device the device
     */
    public record Result(String preset, int batch, int windows, long params, double seconds, List<Double> allSeconds,
            double floorSeconds, double separationSeconds, double peakRssMb, String device) {
        /** The result as the JSON keys the CLI promises. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("preset", preset());
            m.put("batch", batch());
            m.put("windows", windows());
            m.put("seconds", seconds());
            m.put("windows_per_second", windowsPerSecond());
            m.put("floor_seconds", floorSeconds());
            m.put("efficiency", efficiency());
            m.put("separation_seconds", separationSeconds());
            m.put("peak_rss_mb", peakRssMb());
            m.put("params", params());
            m.put("runs", allSeconds());
            m.put("device", device());
            m.putAll(Machine.json());
            return m;
        }

        public double windowsPerSecond() {
            return windows / seconds;
        }

        public double efficiency() {
            return floorSeconds / seconds;
        }
    }

    private InferBenchmark() {
    }

    public static Result run(String presetName, int batch, int repeats, String device) {
        Presets.Preset preset = Presets.get(presetName);
        StanHopConfig c = preset.model();
        PreparedSeries data = PreparedSeries.prepare(DataSpec.BUILT_IN.toRequest(c.inLen(), c.outLen()));
        int series = data.table().columns().size();
        int b = batch > 0 ? batch : preset.training().batchSize();
        InvertedDropout.seed(1);
        try (NDManager manager = NDManager.newBaseManager(Devices.choose(device))) {
            StanHopNet net = new StanHopNet(c, series);
            net.initialize(manager, DataType.FLOAT32, new Shape(b, c.inLen(), series));
            ParameterStore ps = new ParameterStore(manager, false);
            int windows = data.layout().windows(Split.TEST);
            // warm-up: the first batches of the split
            predict(net, ps, manager, data, b, Math.min(windows, b));
            predict(net, ps, manager, data, b, Math.min(windows, b));
            List<Double> times = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                long t0 = System.nanoTime();
                Forecasts.of(net, ps, manager, data, Split.TEST, b);
                times.add((System.nanoTime() - t0) / 1e9);
            }
            // the ops of one full batch, and of the last, shorter one, replayed alone and scaled to the split
            List<OpTrace.Op> full = trace(net, ps, manager, data, b, b);
            int fullBatches = windows / b;
            int rest = windows % b;
            Map<OpTrace.Kind, Double> perFull = OpReplay.secondsByKind(manager, full, false, 3);
            double floor = fullBatches * perFull.get(OpTrace.Kind.MATRIX_PRODUCT);
            double separation = fullBatches * perFull.get(OpTrace.Kind.SEPARATION);
            if (rest > 0) {
                Map<OpTrace.Kind, Double> last = OpReplay.secondsByKind(manager, trace(net, ps, manager, data, b, rest),
                        false, 3);
                floor += last.get(OpTrace.Kind.MATRIX_PRODUCT);
                separation += last.get(OpTrace.Kind.SEPARATION);
            }
            return new Result(preset.name(), b, windows, net.parameterCount(), Timing.median(times), times,
                    floor, separation, Machine.peakRssMb(), Machine.device(manager.getDevice()));
        }
    }

    private static List<OpTrace.Op> trace(StanHopNet net, ParameterStore ps, NDManager manager, PreparedSeries data,
            int batch, int windows) {
        OpTrace.start();
        try {
            predict(net, ps, manager, data, batch, windows);
        } catch (RuntimeException e) {
            OpTrace.stop();
            throw e;
        }
        return OpTrace.stop();
    }

    /** The first {@code windows} test windows forecast by the loop {@link Forecasts} uses. */
    private static void predict(StanHopNet net, ParameterStore ps, NDManager manager, PreparedSeries data, int batch,
            int windows) {
        Forecasts.forEachBatch(net, ps, manager, data.windows(Split.TEST).build(), windows, batch,
                (start, len, predicted, truth) -> { });
    }
}
