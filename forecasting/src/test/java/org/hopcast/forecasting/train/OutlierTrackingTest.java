package org.hopcast.forecasting.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.OutlierRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.service.RunService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outlier statistics during training: one record per epoch, every N steps, continuous over a resume, harmless. */
class OutlierTrackingTest {
    @TempDir
    Path tmp;

    private static final Map<String, Object> TRACKED = Map.of("epochs", 2, "track-outliers", true,
            "track-outliers-every", 5);

    @Test
    void oneRecordPerEpochAndEveryFiveStepsWithoutChangingTheModel() {
        List<OutlierRecord> live = new ArrayList<>();
        RunService.TrainOutcome tracked = RunService.train(TinyRuns.spec(TRACKED), tmp.resolve("tracked"),
                new TrainingListener() {
                    @Override
                    public void onOutliers(OutlierRecord o) {
                        live.add(o);
                    }
                }, () -> false);
        RunService.TrainOutcome plain = RunService.train(TinyRuns.spec(Map.of("epochs", 2)), tmp.resolve("plain"),
                new TrainingListener() {
                }, () -> false);
        // eval-mode passes draw no random numbers: the model is the same to the last bit
        assertEquals(plain.test().mse(), tracked.test().mse(), 0);
        List<EpochRecord> h = RunDirectory.open(tmp.resolve("tracked")).readHistory();
        assertEquals(2, h.size());
        // 565 training windows in batches of 32: 18 steps per epoch; the epoch's end measures anyway
        assertEquals(List.of(5L, 10L, 15L), steps(h.get(0).outlierSteps()));
        assertEquals(List.of(20L, 25L, 30L, 35L), steps(h.get(1).outlierSteps()));
        for (EpochRecord e : h) {
            OutlierRecord o = e.outliers();
            assertNotNull(o, "epoch " + e.epoch());
            assertTrue(o.epochEnd() && o.epoch() == e.epoch() && o.step() == 18L * e.epoch());
            assertEquals(189, o.windows()); // every validation window (its 200 rows and the input before them: 189 < 256)
            assertTrue(o.decoder().paths() > 0 && o.all().paths() > o.decoder().paths());
            assertTrue(Double.isFinite(o.decoder().averageKurtosis()) && o.all().maxInfNorm() >= o.decoder().maxInfNorm());
        }
        assertEquals(9, live.size()); // 7 during the epochs, 2 at their ends
        assertNull(RunDirectory.open(tmp.resolve("plain")).readHistory().get(0).outliers());
    }

    @Test
    void aResumeContinuesTheSeriesAsIfUninterrupted() {
        Path whole = tmp.resolve("whole");
        RunService.train(TinyRuns.spec(TRACKED), whole, new TrainingListener() {
        }, () -> false);
        Path cut = tmp.resolve("cut");
        java.util.HashMap<String, Object> budget = new java.util.HashMap<>(TRACKED);
        budget.put("max-steps", 12);
        RunService.train(TinyRuns.spec(budget), cut, new TrainingListener() {
        }, () -> false);
        assertEquals(List.of(5L, 10L), steps(RunDirectory.open(cut).readHistory().get(0).outlierSteps()));
        RunService.resume(cut, null, 0L, null, new TrainingListener() {
        }, () -> false);
        List<EpochRecord> a = RunDirectory.open(whole).readHistory();
        List<EpochRecord> b = RunDirectory.open(cut).readHistory();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).outlierSteps(), b.get(i).outlierSteps(), "epoch " + (i + 1));
            assertEquals(a.get(i).outliers(), b.get(i).outliers(), "epoch " + (i + 1));
        }
    }

    private static List<Long> steps(List<OutlierRecord> records) {
        assertNotNull(records);
        return records.stream().map(OutlierRecord::step).toList();
    }
}
