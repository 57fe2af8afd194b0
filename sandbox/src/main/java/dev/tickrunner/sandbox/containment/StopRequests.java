package dev.tickrunner.sandbox.containment;

import com.oracle.truffle.api.CompilerDirectives;
import com.oracle.truffle.api.TruffleSafepoint;
import com.oracle.truffle.api.nodes.Node;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the runner asked of player threads, checked on entry to every player function. While nothing is asked that is
 * one volatile read. A thread asked to {@link Level#POLL} (an interrupt or cancel is on its way) polls a Truffle
 * safepoint there, but only with room left on the stack ({@link StackHeadroom}); one asked to {@link Level#STOP}
 * throws {@link ExecutionStopped}. Marks are sticky until {@link #release}, so a throw lost to a stack overflow is
 * repeated on the next call. Nothing here takes a lock on the player thread: Truffle's own pending-action query does,
 * and a lock taken at the edge of the stack can overflow half-way.
 */
final class StopRequests {
    /** What a marked thread must do on entry to a player function; a later, stronger request replaces a weaker. */
    enum Level { POLL, STOP }

    private final Map<Thread, Level> marked = new ConcurrentHashMap<>();
    private volatile int pending;

    void mark(Thread thread, Level level) {
        marked.merge(thread, level, (old, requested) -> old.compareTo(requested) >= 0 ? old : requested);
        pending = marked.size();
    }

    void release(Thread thread) {
        if (marked.remove(thread) != null) {
            pending = marked.size();
        }
    }

    /**
     * @param location the entered player function's node, for the safepoint poll
     * @throws ExecutionStopped if the current thread is marked {@link Level#STOP}
     */
    void check(Node location) {
        if (pending != 0) {
            checkSlow(location);
        }
    }

    @CompilerDirectives.TruffleBoundary
    private void checkSlow(Node location) {
        Level level = marked.get(Thread.currentThread());
        if (level == Level.STOP) {
            throw ExecutionStopped.INSTANCE;
        }
        if (level == Level.POLL && StackHeadroom.enough()) {
            TruffleSafepoint.poll(location);
        }
    }
}
