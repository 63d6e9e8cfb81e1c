package org.hopcast.app.gui;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The JavaFX application; started by {@code hopcast gui} (the launcher class must not extend Application). */
public final class HopcastApp extends Application {
    private GuiController controller;

    @Override
    public void start(Stage stage) {
        controller = new GuiController(Platform::runLater);
        MainView view = new MainView(controller);
        stage.setTitle("Hopcast");
        stage.setScene(view.scene());
        stage.setMinWidth(800);
        stage.setMinHeight(500);
        stage.show();
        controller.loadData(null);
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }
}
