package org.hopcast.hopfield.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;

import org.junit.jupiter.api.Test;

class GradModeTest {
    @Test
    void offStopsRecordingOnThisThreadAndRestoresIt() throws Exception {
        Engine.getInstance();
        boolean[] seen = new boolean[3];
        // a fresh thread, as the desktop app's analysis thread is (libtorch starts those with recording on)
        Thread t = new Thread(() -> {
            seen[0] = GradMode.isRecording();
            seen[1] = GradMode.off(GradMode::isRecording);
            seen[2] = GradMode.isRecording();
        });
        t.start();
        t.join();
        assertFalse(seen[1], "off inside");
        assertEquals(seen[0], seen[2], "restored after");
    }
}
