package org.hopcast.forecasting.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hopcast.datasets.PreparedSeries;
import org.hopcast.datasets.Split;
import org.hopcast.datasets.WindowDataset;
import org.hopcast.forecasting.eval.Forecasts;
import org.hopcast.forecasting.memory.MemoryBank;
import org.hopcast.forecasting.memory.PlugAndPlay;
import org.hopcast.forecasting.memory.Retriever;
import org.hopcast.forecasting.memory.TuneAndPlay;
import org.hopcast.forecasting.run.TrainedModel;
import org.hopcast.forecasting.run.machine.Machine;

/**
 * The cost of the external memory against the size of its bank (spec memory.md §4.6): a run's test split forecast
 * with a training bank of each size (0: the model alone), the time per test batch of Plug-and-Play in both readouts
 * (the search for candidates and the forecasts with the retrieval, at one fixed setting) and of Tune-and-Play (its
 * projections at their start: the cost of a tuned one), the bank's bytes and the process's peak resident memory after
 * each size (sizes run smallest first, so each peak is that size's or an earlier one's).
 */
public final class MemoryBenchmark {
    /** The setting timed: mid-grid, so the mix is computed (lambda &gt; 0). */
    public static final PlugAndPlay.Setting SETTING = new PlugAndPlay.Setting(0.25, 16, 1.5);
    /** The same in the future readout. */
    public static final PlugAndPlay.Setting FUTURE = new PlugAndPlay.Setting(PlugAndPlay.Readout.FUTURE, 0.25, 16,
            1.5);

    private MemoryBenchmark() {
    }

    /**
     * One bank size.
     *
     * @param bankWindows the bank's windows (0: no memory)
     * @param bankMb the bank's values in MiB (floats)
     * @param msPerBatch median milliseconds per test batch over the repeats, Plug-and-Play at the input
     * @param ratioToModel that over the model alone's
     * @param futureRatioToModel Plug-and-Play's future readout, over the model alone
     * @param tuneAndPlayRatioToModel Tune-and-Play at the input (a tuned retrieval's forward cost), over the model
     * @param peakRssMb the process's peak resident memory after this size, MiB
     */
    public record Size(int bankWindows, double bankMb, double msPerBatch, double ratioToModel,
            double futureRatioToModel, double tuneAndPlayRatioToModel, double peakRssMb) {
    }

    /**
     * @param run the run
     * @param batches test batches per pass
     * @param batchSize windows per batch
     * @param sizes the sizes measured
     */
    public record Result(String run, int batches, int batchSize, List<Size> sizes) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run", run);
            m.put("batches", batches);
            m.put("batch_size", batchSize);
            m.put("setting", SETTING.toJson());
            m.put("sizes", sizes);
            return m;
        }
    }

    /** The median over {@code repeats} runs of {@code pass}, in milliseconds per test batch. */
    private static double median(int repeats, int batches, Runnable pass) {
        double[] ms = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long t0 = System.nanoTime();
            pass.run();
            ms[r] = (System.nanoTime() - t0) / 1e6 / batches;
        }
        java.util.Arrays.sort(ms);
        return ms[repeats / 2];
    }

    /** Measures {@code sizes} (a negative size: the whole training bank) over {@code repeats} passes each. */
    public static Result run(Path runDir, List<Integer> sizes, int repeats) {
        try (TrainedModel m = TrainedModel.load(runDir, "cpu")) {
            PreparedSeries data = m.evaluationData(null);
            WindowDataset test = data.windows(Split.TEST).build();
            int batch = m.spec().training().batchSize();
            int batches = (int) ((test.size() + batch - 1) / batch);
            PlugAndPlay pnp = new PlugAndPlay(m.net(), m.parameterStore(), m.manager(), batch);
            MemoryBank all = MemoryBank.of(MemoryBank.Kind.TRAIN, data, 1);
            List<Size> out = new ArrayList<>();
            double model = Double.NaN;
            // unmeasured: the first passes of a process are slower (the JIT, the allocator's first pages)
            Forecasts.of(m.net(), m.parameterStore(), m.manager(), test, batch, (d, t) -> { });
            try (Retriever retriever = new Retriever(all.thinned(Math.min(256, all.size())), m.manager())) {
                pnp.forecasts(test, retriever, SETTING);
            }
            for (int size : sizes.stream().sorted((a, b) -> Integer.compare(a < 0 ? Integer.MAX_VALUE : a,
                    b < 0 ? Integer.MAX_VALUE : b)).toList()) {
                MemoryBank bank = size == 0 ? null : size < 0 ? all : all.thinned(size);
                int windows = bank == null ? 0 : bank.size();
                double input = median(repeats, batches, () -> {
                    if (bank == null) {
                        Forecasts.of(m.net(), m.parameterStore(), m.manager(), test, batch, (d, t) -> { });
                    } else {
                        try (Retriever retriever = new Retriever(bank, m.manager())) {
                            pnp.forecasts(test, retriever, SETTING);
                        }
                    }
                });
                if (size == 0) {
                    model = input;
                }
                double future = bank == null ? input : median(repeats, batches, () -> {
                    try (Retriever retriever = new Retriever(bank, m.manager())) {
                        pnp.forecasts(test, retriever, FUTURE);
                    }
                });
                double tuned = bank == null ? input : median(repeats, batches, () -> {
                    try (TuneAndPlay tnp = new TuneAndPlay(m.net(), m.parameterStore(), m.manager(), bank, batch,
                            SETTING)) {
                        tnp.forecasts(test);
                    }
                });
                double mb = (double) windows * all.inLen() * all.series() * Float.BYTES / (1024 * 1024);
                out.add(new Size(windows, mb, input, input / model, future / model, tuned / model, Machine.peakRssMb()));
            }
            return new Result(runDir.toString(), batches, batch, out);
        }
    }
}
