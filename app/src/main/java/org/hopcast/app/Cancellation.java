package org.hopcast.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Ctrl-C during training: the first signal asks the training to stop after the current step and save a
 * resumable checkpoint; the JVM waits (up to two minutes) for that before exiting.
 */
final class Cancellation implements BooleanSupplier, AutoCloseable {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    Cancellation() {
        hook = new Thread(() -> {
            cancelled.set(true);
            try {
                finished.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "hopcast-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public boolean getAsBoolean() {
        return cancelled.get();
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already: the hook is running and now sees 'finished'
        }
    }
}
