package org.hopcast.forecasting;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.hopcast.forecasting.model.StanHopConfig;
import org.hopcast.forecasting.model.StanHopNet;
import org.hopcast.forecasting.train.TrainStep;

/**
 * Seconds per training step (forward, backward, clipping, Adam) of a preset at its batch size, on random
 * data of the preset's shape, after warm-up, median of several steps; with the process's peak resident
 * memory. Used by {@code hopcast bench train}.
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
     * @param peakRssMb the process's peak resident set (VmHWM), MiB; -1 when unknown
     * @param device the device
     */
    public record Result(String preset, int batch, int series, long params, double stepSeconds,
            List<Double> allStepSeconds, double forwardSeconds, double peakRssMb, String device) {
    }

    private TrainBenchmark() {
    }

    public static Result run(String presetName, int batch, int series, int warmup, int steps, String device) {
        Presets.Preset preset = Presets.get(presetName);
        StanHopConfig c = preset.model();
        int b = batch > 0 ? batch : preset.training().batchSize();
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager(Devices.choose(device))) {
            StanHopNet net = new StanHopNet(c, series);
            net.initialize(manager, DataType.FLOAT32, new Shape(b, c.inLen(), series));
            ParameterStore ps = new ParameterStore(manager, false);
            TrainStep step = new TrainStep(net, ps, manager);
            List<Double> times = new ArrayList<>();
            List<Double> forwards = new ArrayList<>();
            for (int i = -warmup; i < steps; i++) {
                try (NDManager scratch = manager.newSubManager()) {
                    NDArray x = scratch.randomNormal(new Shape(b, c.inLen(), series));
                    NDArray y = scratch.randomNormal(new Shape(b, c.outLen(), series));
                    long f0 = System.nanoTime();
                    net.predict(ps, x, true).sum().getFloat();
                    long t0 = System.nanoTime();
                    step.run(x, y, preset.training().learningRate(), preset.training().clipNorm(), scratch);
                    long t1 = System.nanoTime();
                    if (i >= 0) {
                        times.add((t1 - t0) / 1e9);
                        forwards.add((t0 - f0) / 1e9);
                    }
                }
            }
            return new Result(preset.name(), b, series, net.parameterCount(), median(times), times, median(forwards),
                    peakRssMb(), manager.getDevice().toString());
        }
    }

    /** The native allocator in use: jemalloc when preloaded (the launcher's default), else the system's. */
    public static String allocator() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("libjemalloc")) {
                    return "jemalloc";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
        return "system malloc";
    }

    /** VmHWM of /proc/self/status in MiB, or -1 off Linux. */
    public static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The result as the JSON keys the CLI promises. */
    public static Map<String, Object> toJson(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", r.preset());
        m.put("batch", r.batch());
        m.put("step_seconds", r.stepSeconds());
        m.put("forward_seconds", r.forwardSeconds());
        m.put("peak_rss_mb", r.peakRssMb());
        m.put("params", r.params());
        m.put("steps", r.allStepSeconds());
        m.put("device", r.device());
        m.put("allocator", allocator());
        m.put("threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
        return m;
    }
}
