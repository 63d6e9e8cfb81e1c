package org.hopcast.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The desktop app driven through its own controller, headless (Monocle). */
class GuiTest {
    @TempDir
    Path tmp;

    GuiController controller;
    MainView view;
    Scene scene;

    @BeforeAll
    static void startToolkit() {
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // another test class started the toolkit
        }
        Platform.setImplicitExit(false);
    }

    @BeforeEach
    void openWindow() throws Exception {
        controller = new GuiController(Platform::runLater);
        view = fx(() -> new MainView(controller));
        scene = fx(view::scene);
    }

    @AfterEach
    void closeWindow() {
        controller.close();
    }

    static <T> T fx(Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    void await(BooleanSupplier condition, long seconds, String what) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (fx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what + " (train tab says: "
                + fx(() -> view.trainMessage.getText()) + "; data tab says: " + fx(() -> view.dataMessage.getText()) + ")");
    }

    @Test
    void loadsTheBuiltInDataIntoTheChart() throws Exception {
        controller.loadData(null);
        await(() -> view.dataMessage.getText().contains("17420 rows"), 30, "the built-in data");
        assertEquals(7, (int) fx(() -> view.seriesData.getSeriesCount()));
        assertEquals("HUFL", fx(() -> view.seriesData.getSeriesKey(0).toString()));
        assertTrue(fx(() -> view.seriesData.getItemCount(0)) <= MainView.MAX_POINTS);
        WritableImage shot = fx(() -> scene.snapshot(null));
        assertEquals(1200, (int) shot.getWidth());
    }

    @Test
    void aMalformedFileShowsItsMessage() throws Exception {
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "date,a\n2020-01-01,1\n2020-01-02,oops\n");
        controller.loadData(bad);
        await(() -> view.dataMessage.getText().contains("oops"), 30, "the error message");
        String msg = fx(() -> view.dataMessage.getText());
        assertTrue(msg.contains("line 3") && msg.contains("column 'a'"), msg);
    }

    @Test
    void trainsWithLiveLossAndCancels() throws Exception {
        controller.loadData(null);
        await(() -> controller.data() != null, 30, "data");
        Map<String, Object> tiny = new LinkedHashMap<>();
        tiny.put("split", "rows:600,200,200");
        tiny.put("in-len", 24);
        tiny.put("out-len", 12);
        tiny.put("seg-len", 6);
        tiny.put("d-model", 16);
        tiny.put("d-ff", 32);
        tiny.put("heads", 2);
        tiny.put("e-layers", 1);
        tiny.put("batch-size", 32);
        tiny.put("epochs", 2);
        tiny.put("device", "cpu");
        fx(() -> {
            view.startTraining(tiny, tmp.resolve("run1"));
            return null;
        });
        await(() -> view.start.isDisable(), 5, "start disabled while training");
        await(() -> view.trainMessage.getText().startsWith("Stopped: all epochs ran"), 120, "training to finish");
        assertTrue(fx(() -> view.trainLoss.getItemCount()) > 0, "live loss points");
        assertEquals(2, (int) fx(() -> view.valLoss.getItemCount()));
        assertTrue(fx(() -> view.trainMessage.getText()).contains("Test MSE"));

        Map<String, Object> longer = new LinkedHashMap<>(tiny);
        longer.put("epochs", 50);
        fx(() -> {
            view.startTraining(longer, tmp.resolve("run2"));
            return null;
        });
        await(() -> view.trainLoss.getItemCount() > 2, 60, "some steps");
        fx(() -> {
            view.cancel.fire();
            return null;
        });
        await(() -> !view.start.isDisable(), 60, "the cancelled training to stop");
        assertTrue(fx(() -> view.trainMessage.getText()).contains("cancelled"), fx(() -> view.trainMessage.getText()));
        assertTrue(Files.isRegularFile(tmp.resolve("run2/checkpoint.params")), "a resumable checkpoint is kept");
    }
}
