package org.hopcast.forecasting.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.hopcast.forecasting.charts.LineCharts;
import org.jfree.chart.JFreeChart;

/**
 * What one query window retrieves from a bank: the question a forecaster asks of a memory ("which moments of the past
 * does the model think this one resembles?"). Values on the model's z-scored scale.
 *
 * @param bank the bank's kind
 * @param series the series' names
 * @param inLen the windows' length T
 * @param outLen the horizon tau
 * @param queryLabel the query window, in words (its first and last time)
 * @param query the query window (T x D, row-major)
 * @param truth what followed it (tau x D), or null when not known (a forecast beyond the data)
 * @param retrieved the bank windows with a positive weight, the largest first
 */
public record Retrieval(String bank, List<String> series, int inLen, int outLen, String queryLabel, float[] query,
        float[] truth, List<Retrieved> retrieved) {

    /**
     * One retrieved window.
     *
     * @param window its index in the bank
     * @param startRow its first row in the data
     * @param start its first time
     * @param end its last input time
     * @param weight its retrieval weight (the weights sum to 1)
     * @param values its values (T x D)
     * @param future what followed it (tau x D)
     */
    public record Retrieved(int window, int startRow, String start, String end, double weight, float[] values,
            float[] future) {
    }

    /** The most windows a chart draws (the heaviest). */
    public static final int DRAWN = 6;

    /**
     * Series {@code c} of the query and of the heaviest retrieved windows over steps -T+1 .. tau (0 is the query's last
     * input row): each window's input and then its future, the weight and dates in the legend.
     */
    public JFreeChart chart(int c) {
        int d = series.size();
        List<LineCharts.Curve> curves = new ArrayList<>();
        curves.add(LineCharts.Curve.of("query " + queryLabel, steps(0, inLen + (truth == null ? 0 : outLen)),
                values(query, truth, c, d)));
        for (Retrieved r : retrieved.subList(0, Math.min(DRAWN, retrieved.size()))) {
            curves.add(LineCharts.Curve.of(String.format(Locale.ROOT, "%s .. %s, weight %.3f", r.start(), r.end(),
                    r.weight()), steps(0, inLen + outLen), values(r.values(), r.future(), c, d)));
        }
        return LineCharts.chart("what " + series.get(c) + " retrieves from the " + bank + " bank ("
                + retrieved.size() + " windows weighted)", "step (0: the query's last input row)", series.get(c)
                + " (z-scored)", curves);
    }

    private double[] steps(int from, int count) {
        double[] x = new double[count];
        for (int i = 0; i < count; i++) {
            x[i] = from + i - inLen + 1;
        }
        return x;
    }

    private static double[] values(float[] input, float[] future, int c, int d) {
        int rows = input.length / d + (future == null ? 0 : future.length / d);
        double[] y = new double[rows];
        for (int t = 0; t < input.length / d; t++) {
            y[t] = input[t * d + c];
        }
        for (int t = 0; future != null && t < future.length / d; t++) {
            y[input.length / d + t] = future[t * d + c];
        }
        return y;
    }
}
