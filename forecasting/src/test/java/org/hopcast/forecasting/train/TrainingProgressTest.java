package org.hopcast.forecasting.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainingProgressTest {
    private static TrainingListener.Step step(int epoch, int inEpoch, double loss) {
        return new TrainingListener.Step(epoch, inEpoch, 10, (epoch - 1) * 10L + inEpoch, loss, 1e-3, 0);
    }

    @Test
    void theRestIsTimedAtThisTrainingsOwnPace() {
        TrainingProgress p = new TrainingProgress();
        // a resumed run: epoch 2 of 3, starting at its step 5
        p.start(new TrainingListener.Plan(3, 10, 100, "cpu()", 2, 4));
        assertTrue(Double.isNaN(p.planSecondsLeft()));
        p.step(step(2, 5, 1.0), 0);
        assertTrue(Double.isNaN(p.secondsPerStep()), "one step gives no pace yet");
        p.step(step(2, 6, 1.0), 2_000_000_000L);
        p.step(step(2, 7, 1.0), 4_000_000_000L);
        assertEquals(2.0, p.secondsPerStep(), 1e-12);
        assertEquals(3 * 2.0, p.epochSecondsLeft(), 1e-12);
        assertEquals((30 - 17) * 2.0, p.planSecondsLeft(), 1e-12);
        assertEquals(17 / 30.0, p.planFraction(), 1e-12);
        assertEquals(0.7, p.epochFraction(), 1e-12);
    }

    @Test
    void theLossIsAnExponentialAverageThatRestartsWithATraining() {
        TrainingProgress p = new TrainingProgress();
        p.step(step(1, 1, 2.0), 0);
        p.step(step(1, 2, 1.0), 1);
        assertEquals(TrainingProgress.SMOOTHING * 2 + (1 - TrainingProgress.SMOOTHING), p.smoothedLoss(), 1e-12);
        p.start(new TrainingListener.Plan(1, 10, 1, "cpu()", 1, 0));
        p.step(step(1, 1, 5.0), 10);
        assertEquals(5.0, p.smoothedLoss(), 0);
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals("42 s", TrainingProgress.duration(41.6));
        assertEquals("3m 05s", TrainingProgress.duration(185));
        assertEquals("2h 07m", TrainingProgress.duration(2 * 3600 + 7 * 60 + 20));
        assertEquals("--", TrainingProgress.duration(Double.NaN));
    }
}
