package org.hopcast.app.gui;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;

/** Runs a task on the JavaFX thread from another thread and waits for its result (the demo and tests). */
final class Fx {
    private Fx() {
    }

    static <T> T call(Callable<T> task, long seconds) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(seconds, TimeUnit.SECONDS);
    }
}
