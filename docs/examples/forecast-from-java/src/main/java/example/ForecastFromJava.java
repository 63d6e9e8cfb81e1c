package example;

import java.nio.file.Path;

import org.hopcast.forecasting.api.RunForecaster;
import org.hopcast.forecasting.eval.FutureForecast;

/** Opens a trained run once and prints its forecast after the last row of a CSV file, with the 80% interval. */
public final class ForecastFromJava {
    private ForecastFromJava() {
    }

    public static void main(String[] args) {
        try (RunForecaster forecaster = RunForecaster.builder().setRun(Path.of(args[0])).build()) {
            RunForecaster.Info info = forecaster.info();
            System.out.println(info.name() + ": " + info.series() + ", " + info.outLen() + " steps ahead");
            FutureForecast f = forecaster.forecast(Path.of(args[1]));
            int last = f.series().size() - 1;
            for (int h = 0; h < f.timestamps().size(); h++) {
                System.out.printf("%s %s %.3f [%.3f, %.3f]%n", f.timestamps().get(h), f.series().get(last),
                        f.values()[h][last], f.bands().lower()[0][h][last], f.bands().upper()[0][h][last]);
            }
        }
    }
}
