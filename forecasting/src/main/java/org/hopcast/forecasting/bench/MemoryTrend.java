package org.hopcast.forecasting.bench;

/**
 * The two readings the memory benchmarks share (resident memory itself is {@code Machine.rssMb()}): the Java heap
 * still referenced, and the trend of a series of readings.
 */
public final class MemoryTrend {
    private MemoryTrend() {
    }

    /**
     * The live Java heap in MiB after a full collection (two, with a pause between, so that cleaners of the first
     * have run): what is still referenced, not what is not yet collected.
     */
    public static double liveHeapMb() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }

    /** Least-squares slope of {@code y} against 0, 1, 2, ... (per reading); NaN under two readings. */
    public static double slope(double[] y) {
        int n = y.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = (n - 1) / 2.0;
        double my = 0;
        for (double v : y) {
            my += v;
        }
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - mx) * (y[i] - my);
            sxx += (i - mx) * (i - mx);
        }
        return sxy / sxx;
    }
}
