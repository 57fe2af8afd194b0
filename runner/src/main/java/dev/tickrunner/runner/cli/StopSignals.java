package dev.tickrunner.runner.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a stop request instead of a JVM shutdown, so that {@code run} finishes the tickets in hand,
 * closes storage and returns exit status 0, as the Node runner does (a JVM that shuts down on SIGTERM exits 143).
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, the JDK's supported way to handle a signal).
 * When the JVM does not let a handler be installed (e.g. {@code -Xrs}), the signal stays the JVM's and a shutdown
 * ends the process as before.
 */
final class StopSignals {
    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile String signal;

    private StopSignals() {
    }

    /**
     * Installs the handlers for {@code TERM} and {@code INT}.
     *
     * @return the stop request, signalled by the first of them
     */
    static StopSignals install() {
        StopSignals stop = new StopSignals();
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), s -> stop.request("SIG" + s.getName()));
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal (-Xrs, or in use by the VM): a shutdown still stops the runner.
            }
        }
        return stop;
    }

    private void request(String why) {
        if (signal == null) {
            signal = why;
        }
        requested.countDown();
    }

    /**
     * Waits for the stop request.
     *
     * @return what asked for the stop, e.g. {@code SIGTERM}
     * @throws InterruptedException if the waiting thread is interrupted
     */
    String await() throws InterruptedException {
        requested.await();
        return signal;
    }
}
