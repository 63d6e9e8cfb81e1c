package org.hopcast.forecasting.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.hopcast.datasets.IoErrors;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.run.machine.Machine;
import org.hopcast.forecasting.study.CellJob;
import org.hopcast.forecasting.study.Grid;
import org.hopcast.forecasting.study.GridRun;

/**
 * What a process that trains grid cells one after another keeps from one cell to the next (issue #34): the grid
 * is run on a runner whose cells train in this JVM (in-process, or Spark's {@code local[N]}, whose executor is this
 * JVM), and a sampler reads this process's resident memory every half second. When a cell's {@code result.json}
 * appears the sampler collects the heap and records resident memory, the live heap and the peak since the cell
 * before. The first cell is the warm-up (the engine, the allocator's first pages); the slope over the cells after it
 * is what a long-lived executor would grow by per cell.
 */
public final class GridMemoryBenchmark {
    private GridMemoryBenchmark() {
    }

    /**
     * One cell as the sampler saw it end.
     *
     * @param id the cell
     * @param seconds seconds from the start of the grid to the cell's result
     * @param rssMb resident memory after the cell (after a full collection), MiB
     * @param peakRssMb the highest resident memory sampled while the cell ran, MiB
     * @param heapMb the live Java heap after that collection, MiB
     */
    public record CellMemory(String id, double seconds, double rssMb, double peakRssMb, double heapMb) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cell", id);
            m.put("seconds", seconds);
            m.put("rss_mb", rssMb);
            m.put("peak_rss_mb", peakRssMb);
            m.put("heap_mb", heapMb);
            return m;
        }
    }

    /**
     * @param cells the cells in the order they finished
     * @param startRssMb resident memory before the first cell, MiB
     * @param where where the cells ran
     * @param allocator the malloc this process runs on
     */
    public record Result(List<CellMemory> cells, double startRssMb, String where, String allocator) {
        /** Least-squares slope of resident memory after each cell over the cells after the first, MiB per cell. */
        public double rssSlopeMbPerCell() {
            return MemoryTrend.slope(cells.stream().skip(1).mapToDouble(CellMemory::rssMb).toArray());
        }

        /** The same for the peak while each cell ran. */
        public double peakSlopeMbPerCell() {
            return MemoryTrend.slope(cells.stream().skip(1).mapToDouble(CellMemory::peakRssMb).toArray());
        }

        /** The same for the live heap. */
        public double heapSlopeMbPerCell() {
            return MemoryTrend.slope(cells.stream().skip(1).mapToDouble(CellMemory::heapMb).toArray());
        }

        /** The result as the JSON keys the CLI promises. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("where", where);
            m.put("allocator", allocator);
            m.put("start_rss_mb", startRssMb);
            m.put("cells", cells.stream().map(CellMemory::toJson).toList());
            m.put("rss_slope_mb_per_cell", rssSlopeMbPerCell());
            m.put("peak_rss_slope_mb_per_cell", peakSlopeMbPerCell());
            m.put("heap_slope_mb_per_cell", heapSlopeMbPerCell());
            return m;
        }
    }

    /**
     * Runs {@code grid} into {@code out} (which must hold no finished cell: a resumed cell would measure nothing)
     * on {@code runner} and measures it. {@code progress} receives a line per finished cell.
     */
    public static Result run(Grid grid, Path out, GridRun.Runner runner, Consumer<String> progress) {
        List<Grid.Cell> cells = grid.cells();
        for (Grid.Cell c : cells) {
            if (CellJob.done(out, c) != null) {
                throw new RunException(out + " already holds the finished cell " + c.id() + ": the benchmark measures"
                        + " cells as they train; give a new output folder");
            }
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new RunException("cannot create " + out + ": " + IoErrors.reason(e), e);
        }
        Sampler sampler = new Sampler(out, cells, progress);
        MemoryTrend.liveHeapMb();
        double start = Machine.rssMb();
        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hopcast-grid-memory");
            t.setDaemon(true);
            return t;
        });
        every.scheduleWithFixedDelay(sampler::sample, 0, 500, TimeUnit.MILLISECONDS);
        try {
            GridRun.run(grid, out, runner);
        } finally {
            every.shutdown();
            try {
                every.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sampler.sample(); // a cell that ended after the last tick
        return new Result(List.copyOf(sampler.ended), start, runner.describe(), Machine.allocator());
    }

    /** Watches the cells' folders; single-threaded (the scheduler's thread, then the caller's after it stopped). */
    private static final class Sampler {
        private final Path out;
        private final List<Grid.Cell> pending;
        private final Consumer<String> progress;
        private final List<CellMemory> ended = new ArrayList<>();
        private final long t0 = System.nanoTime();
        private double peak;

        Sampler(Path out, List<Grid.Cell> cells, Consumer<String> progress) {
            this.out = out;
            this.pending = new ArrayList<>(cells);
            this.progress = progress;
        }

        void sample() {
            peak = Math.max(peak, Machine.rssMb());
            for (Grid.Cell c : List.copyOf(pending)) {
                if (Files.isRegularFile(CellJob.dir(out, c).resolve(CellJob.RESULT))) {
                    pending.remove(c);
                    double heap = MemoryTrend.liveHeapMb();
                    CellMemory m = new CellMemory(c.id(), (System.nanoTime() - t0) / 1e9, Machine.rssMb(), peak, heap);
                    ended.add(m);
                    peak = m.rssMb();
                    progress.accept(String.format(Locale.ROOT, "cell %d of %d (%s) done at %.0f s: resident %.0f MiB,"
                            + " peak %.0f MiB while it ran, live heap %.0f MiB", ended.size(),
                            ended.size() + pending.size(), c.id(), m.seconds(), m.rssMb(), m.peakRssMb(), m.heapMb()));
                }
            }
        }
    }
}
