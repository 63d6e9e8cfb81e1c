package org.hopcast.forecasting.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.hopcast.datasets.DataException;
import org.hopcast.datasets.IoErrors;
import org.hopcast.forecasting.quant.QuantScheme;
import org.hopcast.forecasting.quant.QuantizationStudy;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.RunLock;
import org.hopcast.forecasting.run.RunSpec;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.run.files.Json;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.service.MemoryEvaluation;
import org.hopcast.forecasting.service.RunAnalysis;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.settings.RunSettings;
import org.hopcast.forecasting.train.TrainingListener;
import org.hopcast.forecasting.train.TrainingSession;
import org.hopcast.hopfield.probe.ActivationRecorder;

/**
 * Runs one grid cell, the same way wherever it runs (in the driver, on a Spark executor): its folder
 * {@code OUT/cells/<id>/} is an ordinary run directory; a cell is done when its {@code result.json} is written
 * (atomically); a cell with a run but no result resumes from its checkpoint. Only one cell trains at a time in a
 * JVM (DJL keeps one gradient collector per process, platform.md 3c); each cell's weights and data order come
 * from its own seed, so a cell gives the same numbers alone, in a grid or on a cluster.
 */
public final class CellJob {
    /** The file that marks a cell done. */
    public static final String RESULT = "result.json";

    private CellJob() {
    }

    /** The folder of a cell. */
    public static Path dir(Path out, Grid.Cell cell) {
        return out.resolve(cell.dir());
    }

    /** The cell's result when it is done, else null. */
    public static CellResult done(Path out, Grid.Cell cell) {
        Path file = dir(out, cell).resolve(RESULT);
        return Files.isRegularFile(file) ? Json.read(file, CellResult.class) : null;
    }

    /**
     * Trains (or resumes) and evaluates the cell unless it is done. Problems of the cell itself come back as a
     * failed result; a cancellation or an unwritable output folder is thrown (the grid stops).
     */
    public static CellResult run(Path out, Grid.Cell cell, Grid.Evaluation evaluate, TrainingListener listener,
            BooleanSupplier cancelled) {
        CellResult finished = done(out, cell);
        if (finished != null && missingMemory(finished, evaluate).isEmpty()) {
            return finished;
        }
        Path dir = dir(out, cell);
        synchronized (TrainingSession.ONE_PER_PROCESS) {
            finished = done(out, cell); // another task thread may have finished it meanwhile
            if (finished != null) {
                List<String> missing = missingMemory(finished, evaluate);
                return missing.isEmpty() ? finished : addMemory(dir, cell, finished, missing);
            }
            CellResult r;
            try {
                r = train(dir, cell, evaluate, listener, cancelled);
            } catch (CancelledException e) {
                throw e.cause;
            } catch (RunException | DataException | IllegalArgumentException e) {
                return CellResult.failed(cell, dir.toString(), e.getMessage());
            }
            if (r.ok()) {
                try {
                    Json.write(dir.resolve(RESULT), r);
                } catch (IOException e) {
                    throw new RunException("cannot write " + dir.resolve(RESULT) + ": " + IoErrors.reason(e), e);
                }
            }
            return r;
        }
    }

    private static CellResult train(Path dir, Grid.Cell cell, Grid.Evaluation evaluate, TrainingListener listener,
            BooleanSupplier cancelled) {
        RunSpec spec = RunSettings.resolve(cell.settings());
        boolean resume = RunDirectory.isRun(dir);
        long t0 = System.nanoTime();
        RunService.TrainOutcome o = resume ? RunService.resume(dir, null, null, null, listener, cancelled)
                : RunService.train(spec, dir, listener, cancelled);
        if (o.stop() == StopReason.CANCELLED) {
            throw new CancelledException(new RunException("the grid was cancelled during cell " + cell.id()
                    + "; run the same command again to resume it"));
        }
        if (o.test() == null) {
            return CellResult.failed(cell, dir.toString(), "stopped (" + o.stop().description() + ") before it had a"
                    + " model to test");
        }
        double w8a8 = Double.NaN;
        double w8a8Mae = Double.NaN;
        ActivationRecorder.Summary decoder = null;
        ActivationRecorder.Summary all = null;
        Map<String, Double> quantized = null;
        Map<String, Double> memory = null;
        if (!evaluate.kinds().isEmpty()) {
            List<QuantScheme> schemes = new ArrayList<>();
            if (evaluate.kinds().contains("w8a8")) {
                schemes.add(QuantScheme.W8A8);
            }
            if (evaluate.kinds().contains("quantize-sweep")) {
                QuantScheme.sweep(false).stream().filter(q -> !schemes.contains(q)).forEach(schemes::add);
            }
            try (RunLock lock = RunLock.acquire(dir, "evaluate"); RunAnalysis a = o.open(spec.training().device())) {
                RunService.Study s = RunService.study(a, evaluate.kinds().contains("outliers"), schemes,
                        evaluate.calibrationBatches());
                if (s.quantization() != null) {
                    QuantizationStudy.Result r = s.quantization().of(QuantScheme.W8A8);
                    if (r != null) {
                        w8a8 = r.quantized().mse();
                        w8a8Mae = r.quantized().mae();
                    }
                    if (evaluate.kinds().contains("quantize-sweep")) {
                        quantized = new LinkedHashMap<>();
                        for (QuantizationStudy.Result q : s.quantization().results()) {
                            quantized.put(q.scheme().name(), q.quantized().mse());
                        }
                    }
                }
                if (s.outliers() != null) {
                    decoder = s.outliers().decoder();
                    all = s.outliers().all();
                }
                memory = memory(a, evaluate.kinds());
            }
        }
        return new CellResult(cell.id(), cell.settings(), dir.toString(), o.bestValMse(), o.test().mse(), o.test().mae(),
                o.persistenceMse(), o.epochs(), o.bestEpoch(), o.parameters(), (System.nanoTime() - t0) / 1e9, resume,
                w8a8, w8a8Mae, decoder == null ? Double.NaN : decoder.averageKurtosis(),
                decoder == null ? Double.NaN : decoder.maxInfNorm(), decoder == null ? null : decoder.maxInfNormPath(),
                all == null ? Double.NaN : all.averageKurtosis(), all == null ? Double.NaN : all.maxInfNorm(), null,
                quantized, o.linearPart() == null ? Double.NaN : o.linearPart().mse(), o.testForecasts().windowLosses(2),
                memory);
    }

    /** The memory evaluations {@code evaluate} asks for that a finished cell's result does not have. */
    static List<String> missingMemory(CellResult done, Grid.Evaluation evaluate) {
        List<String> out = new ArrayList<>();
        for (String kind : evaluate.kinds()) {
            boolean asked = Grid.memory(kind) != null;
            if (asked && (done.memory() == null || !done.memory().containsKey(memoryKey(kind) + "/validation_mse"))) {
                out.add(kind);
            }
        }
        return out;
    }

    /**
     * A finished cell with the memory evaluations {@code kinds} added (a grid file that asks for more than its cells
     * were evaluated with): its run opened, nothing trained again, its result written anew.
     */
    private static CellResult addMemory(Path dir, Grid.Cell cell, CellResult done, List<String> kinds) {
        String device = RunSettings.resolve(cell.settings()).training().device();
        Map<String, Double> memory = new LinkedHashMap<>(done.memory() == null ? Map.of() : done.memory());
        try (RunLock lock = RunLock.acquire(dir, "evaluate"); RunAnalysis a = RunAnalysis.open(dir, device)) {
            memory.putAll(memory(a, kinds));
        } catch (RunException | DataException | IllegalArgumentException e) {
            return CellResult.failed(cell, dir.toString(), "adding " + String.join(", ", kinds) + ": " + e.getMessage());
        }
        CellResult r = done.withMemory(memory);
        try {
            Json.write(dir.resolve(RESULT), r);
        } catch (IOException e) {
            throw new RunException("cannot write " + dir.resolve(RESULT) + ": " + IoErrors.reason(e), e);
        }
        return r;
    }

    /** The key a memory kind's numbers go under in a cell's result: {@code memory-pnp-train} is {@code pnp-train}. */
    private static String memoryKey(String kind) {
        return kind.substring(Grid.MEMORY.length());
    }

    /**
     * The external memories {@code kinds} asks for ({@code memory-pnp-train}, ...), each as {@code KIND/SUBSET_mse},
     * {@code KIND/SUBSET_mse_backbone} and the change's interval {@code KIND/SUBSET_change_ci95_low|high} for the all,
     * sudden and normal test windows, {@code KIND/validation_mse} and {@code KIND/lambda_off} (1: the memory was left
     * off); null when none is asked for.
     */
    private static Map<String, Double> memory(RunAnalysis a, List<String> kinds) {
        Map<String, Double> out = null;
        for (String kind : kinds) {
            MemoryEvaluation.Request r = Grid.memory(kind);
            if (r == null) {
                continue;
            }
            MemoryEvaluation m = a.memory(r);
            out = out == null ? new LinkedHashMap<>() : out;
            String key = memoryKey(kind);
            out.put(key + "/validation_mse", m.validationMse());
            for (Map.Entry<String, MemoryEvaluation.Subset> e : m.test().entrySet()) {
                out.put(key + "/" + e.getKey() + "_mse", e.getValue().mse());
                out.put(key + "/" + e.getKey() + "_mse_backbone", e.getValue().mseBackbone());
                out.put(key + "/" + e.getKey() + "_change_ci95_low", e.getValue().deltaMsePercentCi95()[0]);
                out.put(key + "/" + e.getKey() + "_change_ci95_high", e.getValue().deltaMsePercentCi95()[1]);
            }
            out.put(key + "/lambda_off", m.test().get("all").mse() == m.test().get("all").mseBackbone() ? 1.0 : 0.0);
        }
        return out;
    }

    /** Carries a cancellation past the catch that turns a cell's own problems into a failed result. */
    private static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final RunException cause;

        CancelledException(RunException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
