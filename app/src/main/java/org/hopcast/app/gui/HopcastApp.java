package org.hopcast.app.gui;

import java.nio.file.Path;
import java.util.Map;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The JavaFX application; started by {@code hopcast gui} (the launcher class must not extend Application).
 * Named parameters: {@code --run=DIR} opens a run at start; {@code --demo-screenshots=DIR} (with
 * {@code --demo-minutes=M} and {@code --demo-study=DIR}) runs the screenshot demo and exits.
 */
public final class HopcastApp extends Application {
    private GuiController controller;

    @Override
    public void start(Stage stage) {
        Map<String, String> named = getParameters().getNamed();
        controller = new GuiController(Platform::runLater);
        MainView view = new MainView(controller);
        Scene scene = view.scene();
        stage.setTitle("Hopcast");
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.show();
        if (named.containsKey("demo-screenshots")) {
            new DemoScreenshots(view, scene, controller, Path.of(named.get("demo-screenshots")),
                    Double.parseDouble(named.getOrDefault("demo-minutes", "1")),
                    named.containsKey("demo-study") ? Path.of(named.get("demo-study")) : null).start();
            return;
        }
        controller.loadData(null);
        if (named.containsKey("run")) {
            view.openRun(Path.of(named.get("run")));
        }
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }
}
