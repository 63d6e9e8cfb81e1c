package org.hopcast.forecasting.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import org.hopcast.datasets.IoErrors;
import org.hopcast.forecasting.charts.ChartFiles;
import org.hopcast.forecasting.charts.LineCharts;
import org.hopcast.forecasting.run.EpochRecord;
import org.hopcast.forecasting.run.OutlierRecord;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.run.files.RunException;
import org.jfree.chart.JFreeChart;

/**
 * A variant study's curves, one per variant with mean ± std over its seeds: the decoder set's max infinity norm
 * and average kurtosis at each epoch's end (from the cells' tracked history.json), and the test MSE change after
 * quantization against activation bits at 8-bit weights.
 */
public final class StudyCurves {
    /** The files {@link #write} writes. */
    public static final String INF_NORM = "curve-max-inf-norm.png";
    public static final String KURTOSIS = "curve-kurtosis.png";
    public static final String QUANTIZATION = "quantization.png";

    private StudyCurves() {
    }

    /** Decoder max inf-norm (or average kurtosis) per epoch, one curve per variant. */
    public static List<LineCharts.Curve> outlierCurves(List<String> separations, List<CompareStudy.Cell> cells,
            boolean kurtosis) {
        ToDoubleFunction<OutlierRecord> value = kurtosis ? o -> o.decoder().averageKurtosis()
                : o -> o.decoder().maxInfNorm();
        List<LineCharts.Curve> out = new ArrayList<>();
        for (String sep : separations) {
            Map<Integer, List<Double>> byEpoch = new TreeMap<>();
            for (CompareStudy.Cell c : cells) {
                if (!c.separation().equals(sep) || !Files.isDirectory(Path.of(c.runDir()))) {
                    continue;
                }
                for (EpochRecord e : RunDirectory.open(Path.of(c.runDir())).readHistory()) {
                    if (e.outliers() != null && !e.partial()) {
                        byEpoch.computeIfAbsent(e.epoch(), k -> new ArrayList<>()).add(value.applyAsDouble(e.outliers()));
                    }
                }
            }
            if (!byEpoch.isEmpty()) {
                out.add(curve(sep, byEpoch));
            }
        }
        return out;
    }

    /** Test MSE change (percent of FP) against activation bits at 8-bit per-tensor weights, one curve per variant. */
    public static List<LineCharts.Curve> quantizationCurves(List<String> separations, List<CompareStudy.Cell> cells) {
        List<LineCharts.Curve> out = new ArrayList<>();
        for (String sep : separations) {
            Map<Integer, List<Double>> byBits = new TreeMap<>();
            for (CompareStudy.Cell c : cells) {
                if (c.separation().equals(sep)) {
                    for (int bits : org.hopcast.forecasting.quant.QuantScheme.SWEEP_BITS) {
                        double d = c.degradationPercent("w8a" + bits);
                        if (Double.isFinite(d)) {
                            byBits.computeIfAbsent(bits, k -> new ArrayList<>()).add(d);
                        }
                    }
                }
            }
            if (!byBits.isEmpty()) {
                out.add(curve(sep, byBits));
            }
        }
        return out;
    }

    private static LineCharts.Curve curve(String name, Map<Integer, List<Double>> points) {
        double[] x = new double[points.size()];
        double[] mean = new double[x.length];
        double[] std = new double[x.length];
        int i = 0;
        for (Map.Entry<Integer, List<Double>> p : points.entrySet()) {
            CompareStudy.Stat s = CompareStudy.Stat.of(p.getValue());
            x[i] = p.getKey();
            mean[i] = s.mean();
            std[i] = s.std();
            i++;
        }
        return new LineCharts.Curve(name, x, mean, std);
    }

    public static JFreeChart infNormChart(List<LineCharts.Curve> curves) {
        return LineCharts.chart("Decoder max infinity norm during training (mean ± std over seeds)", "epoch",
                "max inf-norm", curves);
    }

    private static JFreeChart kurtosisChart(List<LineCharts.Curve> curves) {
        return LineCharts.chart("Decoder average kurtosis during training (mean ± std over seeds)", "epoch",
                "avg kurtosis", curves);
    }

    private static JFreeChart quantizationChart(List<LineCharts.Curve> curves) {
        return LineCharts.chart("Test MSE change after quantization, 8-bit weights (mean ± std over seeds)",
                "activation bits", "% of FP MSE", curves);
    }

    /** Writes the curves that have data (a study without tracking or a sweep writes fewer); each history read once. */
    static void write(Path out, List<String> separations, List<CompareStudy.Cell> cells) {
        try {
            List<LineCharts.Curve> infNorm = outlierCurves(separations, cells, false);
            if (!infNorm.isEmpty()) {
                ChartFiles.png(out.resolve(INF_NORM), infNormChart(infNorm), 900, 550);
                ChartFiles.png(out.resolve(KURTOSIS), kurtosisChart(outlierCurves(separations, cells, true)), 900, 550);
            }
            List<LineCharts.Curve> quantization = quantizationCurves(separations, cells);
            if (!quantization.isEmpty()) {
                ChartFiles.png(out.resolve(QUANTIZATION), quantizationChart(quantization), 900, 550);
            }
        } catch (IOException e) {
            throw new RunException("cannot write the study's curves into " + out + ": " + IoErrors.reason(e), e);
        }
    }
}
