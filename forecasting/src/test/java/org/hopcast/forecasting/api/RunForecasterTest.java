package org.hopcast.forecasting.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.hopcast.datasets.SeriesTable;
import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.eval.FutureForecast;
import org.hopcast.forecasting.run.files.RunException;
import org.hopcast.forecasting.service.RunService;
import org.hopcast.forecasting.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API from many threads: calls batched into shared passes answer what a call alone answers, bit for bit. */
class RunForecasterTest {
    @TempDir
    static Path tmp;

    static Path run;
    static SeriesTable data;

    @BeforeAll
    static void train() {
        run = tmp.resolve("run");
        RunService.train(TinyRuns.spec(Map.of("max-steps", 6, "linear-path", "fixed")), run, new TrainingListener() {
        }, () -> false);
        data = TinyRuns.spec(Map.of()).prepareData().table();
    }

    /** Rows [from, from + 60) of the run's data as CSV bytes: a request's input. */
    static byte[] input(int from) {
        return data.toCsv(from, from + 60).getBytes(StandardCharsets.UTF_8);
    }

    static void assertSameBits(FutureForecast a, FutureForecast b) {
        assertEquals(a.timestamps(), b.timestamps());
        for (int h = 0; h < a.values().length; h++) {
            for (int c = 0; c < a.series().size(); c++) {
                assertEquals(Float.floatToIntBits(a.values()[h][c]), Float.floatToIntBits(b.values()[h][c]));
                assertEquals(Float.floatToIntBits(a.bands().upper()[1][h][c]), Float.floatToIntBits(b.bands().upper()[1][h][c]));
            }
        }
    }

    @Test
    void concurrentCallsShareForwardPassesAndAnswerAsAlone() throws Exception {
        int calls = 32;
        List<FutureForecast> alone = new ArrayList<>();
        try (RunForecaster one = RunForecaster.builder().setRun(run).optMaxBatch(1).build()) {
            for (int i = 0; i < calls; i++) {
                alone.add(one.forecast(input(10 * i), "call " + i));
            }
            assertEquals(calls, one.passes());
        }
        ExecutorService threads = Executors.newFixedThreadPool(calls);
        try (RunForecaster shared = RunForecaster.builder().setRun(run).optName("shared").build()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<FutureForecast>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int k = i;
                answers.add(threads.submit(() -> {
                    go.await();
                    return shared.forecast(input(10 * k), "call " + k);
                }));
            }
            go.countDown();
            for (int i = 0; i < calls; i++) {
                assertSameBits(alone.get(i), answers.get(i).get());
            }
            assertTrue(shared.passes() < calls, "calls waiting together share passes: " + shared.passes());
            assertEquals("shared", shared.name());
            assertEquals(run.toAbsolutePath().normalize().toString(), shared.info().runDir());
            // a bad input fails its own call only, with the reason
            byte[] fiveRows = data.toCsv(0, 5).getBytes(StandardCharsets.UTF_8);
            RunException e = assertThrows(RunException.class, () -> shared.forecast(fiveRows, "short"));
            assertTrue(e.getMessage().contains("in_len"), e.getMessage());
            shared.reload();
            assertSameBits(alone.get(0), shared.forecast(input(0), "after reload"));
        } finally {
            threads.shutdownNow();
        }
    }
}
