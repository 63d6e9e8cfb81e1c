package org.hopcast.forecasting.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.hopcast.forecasting.TinyRuns;
import org.hopcast.forecasting.train.TrainingListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #33's acceptance: a series whose rare events have one shape (the same shock a few times in training, again
 * in validation and test), the rest a daily season with noise. Plug-and-Play with the training bank should lower the
 * error on the event windows clearly; the shuffled bank (the same windows, rows permuted) should not.
 */
class RecurringShockMemoryTest {
    @TempDir
    static Path tmp;

    static Path run;

    /** Eight shocks in training, three in validation, four in test (rows 1440, 480, 480). */
    static final int[] SHOCKS = {90, 230, 370, 520, 650, 820, 1010, 1180, 1500, 1650, 1800, 1990, 2110, 2230, 2350};

    static double shock(int k) {
        if (k < 0 || k >= 40) {
            return 0;
        }
        return k < 8 ? 6.0 * k / 8 : 6.0 * Math.exp(-(k - 8) / 10.0);
    }

    @BeforeAll
    static void train() throws IOException {
        Random r = new Random(11);
        StringBuilder csv = new StringBuilder("date,load,temp\n");
        for (int t = 0; t < 2400; t++) {
            double s = 0;
            for (int at : SHOCKS) {
                s += shock(t - at);
            }
            double load = Math.sin(2 * Math.PI * t / 24) + s + 0.3 * r.nextGaussian();
            double temp = Math.cos(2 * Math.PI * t / 24) + 0.3 * r.nextGaussian();
            csv.append(String.format(java.util.Locale.ROOT, "%s,%.5f,%.5f%n", java.time.LocalDateTime.of(2024, 1, 1, 0,
                    0).plusHours(t).toString().replace('T', ' '), load, temp));
        }
        Path file = Files.writeString(tmp.resolve("shocks.csv"), csv);
        run = tmp.resolve("run");
        RunService.train(TinyRuns.spec(Map.of("input", file.toString(), "split", "rows:1440,480,480", "in-len", 48,
                "out-len", 24, "seg-len", 6, "epochs", 6, "patience", 6)), run, new TrainingListener() {
                }, () -> false);
    }

    @Test
    void theTrainingBankAnswersTheRecurringShockAndTheShuffledOneDoesNot() {
        try (RunAnalysis a = RunAnalysis.open(run, "cpu")) {
            MemoryEvaluation train = a.memory(new MemoryEvaluation.Request("pnp", "train", null, 1));
            MemoryEvaluation shuffled = a.memory(new MemoryEvaluation.Request("pnp", "shuffled", null, 1));
            MemoryEvaluation.Subset t = train.test().get("sudden");
            MemoryEvaluation.Subset s = shuffled.test().get("sudden");
            String report = "train " + train.setting() + " sudden " + t + " " + java.util.Arrays.toString(
                    t.deltaMsePercentCi95()) + "; shuffled " + shuffled.setting() + " sudden " + s + " "
                    + java.util.Arrays.toString(s.deltaMsePercentCi95());
            System.out.println(report);
            assertTrue(t.deltaMsePercentCi95()[1] < 0 && t.deltaMsePercent() < -10, report);
            assertTrue(s.deltaMsePercent() > t.deltaMsePercent() / 2, report);
            // the control's best setting was no better than noise on validation, so it was left off
            assertTrue(shuffled.chosenOn().contains("within noise") && shuffled.test().get("all").mse() == shuffled
                    .test().get("all").mseBackbone(), shuffled.chosenOn());
        }
    }
}
