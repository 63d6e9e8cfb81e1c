package org.hopcast.forecasting.charts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hopcast.forecasting.eval.Backtest;
import org.hopcast.forecasting.eval.Metrics;

/** The two pictures of a backtest: error against horizon step, and error along the origins, a line per forecaster. */
public final class BacktestCharts {
    public static final String HORIZON = "backtest-horizon.png";
    public static final String ORIGINS = "backtest-origins.png";

    private BacktestCharts() {
    }

    /** Writes both charts into {@code dir}; returns their paths. */
    public static List<Path> write(Backtest b, Path dir) throws IOException {
        List<LineCharts.Curve> byStep = new ArrayList<>();
        List<LineCharts.Curve> byOrigin = new ArrayList<>();
        for (String f : b.forecasters()) {
            List<Metrics.Scores> steps = b.horizonSteps().get(f);
            double[] x = new double[steps.size()];
            double[] y = new double[steps.size()];
            for (int h = 0; h < x.length; h++) {
                x[h] = h + 1;
                y[h] = steps.get(h).mse();
            }
            byStep.add(LineCharts.Curve.of(f, x, y));
            double[] ox = new double[b.origins().size()];
            double[] oy = new double[ox.length];
            for (int i = 0; i < ox.length; i++) {
                ox[i] = b.origins().get(i).row();
                oy[i] = b.origins().get(i).scores().get(f).mse();
            }
            byOrigin.add(LineCharts.Curve.of(f, ox, oy));
        }
        Path horizon = dir.resolve(HORIZON);
        Path origins = dir.resolve(ORIGINS);
        LineCharts.write(horizon, "Backtest: error against horizon step (" + b.originCount() + " origins)",
                "horizon step", "MSE (z-scored)", byStep);
        LineCharts.write(origins, "Backtest: error along the origins (" + b.originCount() + " origins)",
                "origin (row of the file)", "MSE of the origin's forecast (z-scored)", byOrigin);
        return List.of(horizon, origins);
    }
}
