package dev.tickrunner.sandbox.containment;

import com.oracle.truffle.api.CompilerDirectives;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The threads that must leave their player context for good. Checked on entry to every player function: while no
 * stop is pending that is one volatile read; while one is, the entering thread looks itself up and, when it is
 * marked, throws {@link ExecutionStopped}. The mark is sticky until {@link #release}, so a throw lost to a stack
 * overflow is repeated on the next call, and player code can go no deeper than where it was when stopped.
 */
final class StopRequests {
    private final Set<Thread> stopped = ConcurrentHashMap.newKeySet();
    private volatile int pending;

    void mark(Thread thread) {
        if (stopped.add(thread)) {
            pending = stopped.size();
        }
    }

    void release(Thread thread) {
        if (stopped.remove(thread)) {
            pending = stopped.size();
        }
    }

    /** @throws ExecutionStopped if the current thread is marked */
    void check() {
        if (pending != 0) {
            checkSlow();
        }
    }

    @CompilerDirectives.TruffleBoundary
    private void checkSlow() {
        if (stopped.contains(Thread.currentThread())) {
            throw ExecutionStopped.INSTANCE;
        }
    }
}
