package org.hopcast.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import javafx.application.Application;

import org.hopcast.app.gui.HopcastApp;
import org.hopcast.forecasting.run.RunDirectory;
import org.hopcast.forecasting.study.CompareStudy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hopcast gui}: the desktop app. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = {"Open the desktop app (needs a display, or xvfb-run): load data, choose and train a model with"
                + " live loss curves, look at forecasts, outlier statistics and inside the Hopfield layers."})
final class GuiCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "RUN_DIR", description = "open this run directory at start")
    Path run;

    @Option(names = "--demo-screenshots", paramLabel = "DIR",
            description = "open the app on ETTh1, train a compact model briefly, save a PNG of each view into DIR"
                    + " and exit (for READMEs and checks; runs under xvfb-run)")
    Path screenshots;

    @Option(names = "--demo-study", paramLabel = "DIR",
            description = "a compare study folder the screenshot demo loads into the Outliers view")
    Path demoStudy;

    @Option(names = "--demo-minutes", paramLabel = "M", defaultValue = "1",
            description = "training time of the screenshot demo (default ${DEFAULT-VALUE})")
    double demoMinutes;

    @Override
    public Integer call() {
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && !"Monocle".equals(System.getProperty("glass.platform"))) {
            throw new HopcastCli.UserError("no display: the GUI needs a desktop session (or xvfb-run ./hopcast gui"
                    + " ...); every job is also available headless from the command line");
        }
        if (run != null && !RunDirectory.isRun(run)) {
            throw new HopcastCli.UserError(run + " is not a run directory (it has no config.json)");
        }
        if (demoStudy != null && !CompareStudy.isStudy(demoStudy)) {
            throw new HopcastCli.UserError(demoStudy + " is not a compare study folder (it has no table.json)");
        }
        if (!(demoMinutes > 0)) {
            throw new HopcastCli.UserError("--demo-minutes must be positive");
        }
        List<String> args = new ArrayList<>();
        if (run != null) {
            args.add("--run=" + run.toAbsolutePath());
        }
        if (screenshots != null) {
            args.add("--demo-screenshots=" + screenshots.toAbsolutePath());
            args.add("--demo-minutes=" + demoMinutes);
            if (demoStudy != null) {
                args.add("--demo-study=" + demoStudy.toAbsolutePath());
            }
        }
        Application.launch(HopcastApp.class, args.toArray(String[]::new));
        return 0;
    }
}
