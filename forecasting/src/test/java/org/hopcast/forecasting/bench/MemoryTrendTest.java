package org.hopcast.forecasting.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryTrendTest {
    @Test
    void theSlopeIsTheLeastSquaresLineThroughTheReadings() {
        assertEquals(2.5, MemoryTrend.slope(new double[] {10, 12.5, 15, 17.5}), 1e-12);
        assertEquals(0, MemoryTrend.slope(new double[] {7, 7, 7}), 1e-12);
        // a spike in the middle does not tilt the line
        assertEquals(0, MemoryTrend.slope(new double[] {5, 9, 5}), 1e-12);
        assertEquals(0.5, MemoryTrend.slope(new double[] {1, 3, 2}), 1e-12);
        assertTrue(Double.isNaN(MemoryTrend.slope(new double[] {3})));
    }

    @Test
    void theLiveHeapIsWhatIsStillReferenced() {
        double before = MemoryTrend.liveHeapMb();
        byte[] held = new byte[64 << 20];
        double holding = MemoryTrend.liveHeapMb();
        assertTrue(holding - before > 60, before + " -> " + holding);
        assertEquals(64 << 20, held.length);
    }
}
