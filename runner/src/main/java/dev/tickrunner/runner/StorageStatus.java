package dev.tickrunner.runner;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the workers last found storage unavailable, so that an outage is logged once when it starts and once when
 * it ends, not once per ticket. Thread-safe.
 */
final class StorageStatus {
    private static final Logger LOG = LoggerFactory.getLogger(RuntimeCoordinator.class);
    private final AtomicBoolean down = new AtomicBoolean();

    /** A call failed because MongoDB or Redis is unavailable. */
    void lost(RuntimeException e) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("Storage unavailable, taking no tickets until it returns: {}", e.toString());
        }
    }

    /** A call to the queue succeeded. */
    void back() {
        if (down.compareAndSet(true, false)) {
            LOG.info("Storage available again, taking tickets");
        }
    }

    /** @return whether the last news was an outage */
    boolean isDown() {
        return down.get();
    }
}
