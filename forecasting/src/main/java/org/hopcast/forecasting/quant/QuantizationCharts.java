package org.hopcast.forecasting.quant;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hopcast.datasets.IoErrors;
import org.hopcast.forecasting.charts.LineCharts;
import org.hopcast.forecasting.run.files.RunException;
import org.jfree.chart.JFreeChart;

/** Test MSE against bits: one curve per weight width, activation bits on the x axis (widest left). */
public final class QuantizationCharts {
    private QuantizationCharts() {
    }

    /** The sweep's curves: for each weight width, test MSE at each activation width it covers. */
    public static List<LineCharts.Curve> curves(QuantizationStudy.Sweep sweep) {
        List<LineCharts.Curve> out = new ArrayList<>();
        List<Integer> weightBits = sweep.results().stream().map(r -> r.scheme().weightBits()).distinct().toList();
        for (int w : weightBits) {
            List<QuantizationStudy.Result> rs = sweep.results().stream().filter(r -> r.scheme().weightBits() == w)
                    .sorted((a, b) -> Integer.compare(b.scheme().activationBits(), a.scheme().activationBits())).toList();
            double[] x = rs.stream().mapToDouble(r -> r.scheme().activationBits()).toArray();
            double[] y = rs.stream().mapToDouble(r -> r.quantized().mse()).toArray();
            out.add(LineCharts.Curve.of(w + "-bit weights (" + rs.get(0).scheme().granularity() + ")", x, y));
        }
        double fp = sweep.results().get(0).fp().mse();
        double[] xs = sweep.results().stream().mapToDouble(r -> r.scheme().activationBits()).distinct().sorted().toArray();
        double[] flat = new double[xs.length];
        java.util.Arrays.fill(flat, fp);
        out.add(LineCharts.Curve.of("FP32", xs, flat));
        return out;
    }

    public static JFreeChart chart(QuantizationStudy.Sweep sweep) {
        return LineCharts.chart("Test MSE after fake quantization", "activation bits", "test MSE (z-scored)",
                curves(sweep));
    }

    /** Writes the sweep's chart as a PNG. */
    public static void write(Path file, QuantizationStudy.Sweep sweep) {
        try {
            org.hopcast.forecasting.charts.ChartFiles.png(file, chart(sweep), 900, 550);
        } catch (IOException e) {
            throw new RunException("cannot write " + file + ": " + IoErrors.reason(e), e);
        }
    }
}
