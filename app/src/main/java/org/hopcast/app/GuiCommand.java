package org.hopcast.app;

import java.util.concurrent.Callable;

import javafx.application.Application;

import org.hopcast.app.gui.HopcastApp;

import picocli.CommandLine.Command;

/** {@code hopcast gui}: the desktop app. */
@Command(name = "gui", mixinStandardHelpOptions = true,
        description = "Open the desktop app (needs a display): load data, train with live loss curves and cancel.")
final class GuiCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && !"Monocle".equals(System.getProperty("glass.platform"))) {
            throw new HopcastCli.UserError("no display: the GUI needs a desktop session (or xvfb-run); every job is"
                    + " also available headless from the command line");
        }
        Application.launch(HopcastApp.class);
        return 0;
    }
}
