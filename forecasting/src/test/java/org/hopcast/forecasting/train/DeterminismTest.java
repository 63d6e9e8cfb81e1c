package org.hopcast.forecasting.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.run.StopReason;
import org.hopcast.forecasting.service.RunService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same command with the same seed and thread count gives the same numbers, and never a NaN, even while the
 * garbage collector runs all the time (it used to free memory that the backward pass still read: about one
 * run in seven ended in "loss became NaN", and the others differed in the fourth digit).
 */
class DeterminismTest {
    @TempDir
    Path tmp;

    @Test
    void repeatedTrainingsUnderGarbageCollectionAgreeAndNeverDiverge() throws InterruptedException {
        List<Double> mses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RunService.TrainOutcome r;
            try (GarbagePressure pressure = GarbagePressure.start()) {
                r = RunService.train(TinyRuns.spec(Map.of("max-steps", 12, "lr", 1e-2)), tmp.resolve("r" + i),
                        new TrainingListener() {
                        }, () -> false);
            }
            assertEquals(StopReason.STEP_BUDGET, r.stop(), "run " + i);
            assertTrue(Double.isFinite(r.test().mse()), "run " + i + " test MSE " + r.test().mse());
            mses.add(r.test().mse());
        }
        for (double m : mses) {
            assertEquals(mses.get(0), m, 1e-5 * mses.get(0), "same seed, same threads, same metrics: " + mses);
        }
    }

    /** A thread that collects garbage and scribbles NaN over freed native memory, fifty times a second. */
    static final class GarbagePressure implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;

        private GarbagePressure() {
            thread = new Thread(this::loop, "garbage-pressure");
            thread.setDaemon(true);
        }

        static GarbagePressure start() {
            GarbagePressure p = new GarbagePressure();
            p.thread.start();
            return p;
        }

        private void loop() {
            while (!stop) {
                System.gc();
                List<ByteBuffer> keep = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
                    b.putFloat(0, Float.NaN).putFloat(4, Float.NaN);
                    keep.add(b);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }
}
