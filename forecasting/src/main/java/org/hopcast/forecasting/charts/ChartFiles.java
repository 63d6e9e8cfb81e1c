package org.hopcast.forecasting.charts;

import java.io.IOException;
import java.nio.file.Path;

import org.hopcast.forecasting.run.files.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/**
 * Where charts become PNG files, and the one place that tells AWT there is no screen: the chart classes of
 * this package load it before they build anything, so a chart renders the same from a terminal, a test, a
 * Spark executor or the desktop app (which shows charts through JavaFX, not AWT windows).
 */
public final class ChartFiles {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartFiles() {
    }

    /** Loads this class, which sets AWT headless (a no-op after the first call). */
    static void headless() {
        // the static initializer did the work
    }

    /** Writes {@code chart} as a PNG of the given size, atomically. */
    public static void png(Path file, JFreeChart chart, int width, int height) throws IOException {
        AtomicFiles.write(file, o -> ChartUtils.writeChartAsPNG(o, chart, width, height));
    }
}
