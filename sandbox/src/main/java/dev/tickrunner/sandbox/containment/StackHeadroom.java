package dev.tickrunner.sandbox.containment;

import com.oracle.truffle.api.CompilerDirectives;

/**
 * Whether the current thread has room left on its stack for Truffle's safepoint processing. Processing a thread-local
 * action (interrupt, cancel) needs Java frames of its own; started at the very edge of the stack it overflows inside
 * Truffle's handshake code ({@code ThreadLocalHandshake.takeHandshakes}, the JVM warns "Potentially dangerous stack
 * overflow in ReservedStackAccess annotated method") and leaves Truffle's per-thread action state broken: later closes
 * of that context spin forever. Probing costs about {@value #PROBE_FRAMES} tiny calls and is done only while the runner
 * is interrupting or cancelling the thread; an overflow inside the probe is harmless (no locks, nothing half-done).
 */
final class StackHeadroom {
    /** About 100–200 KB of stack, far more than handshake processing uses. */
    private static final int PROBE_FRAMES = 2000;

    private StackHeadroom() {
    }

    @CompilerDirectives.TruffleBoundary
    static boolean enough() {
        try {
            return probe(PROBE_FRAMES, 1L) != 0;
        } catch (StackOverflowError e) {
            return false;
        }
    }

    /** Keeps a few values live in every frame so that each frame takes real stack. */
    private static long probe(int frames, long seed) {
        long a = seed * 31 + frames;
        long b = a ^ (a >>> 7);
        long c = b * 17 + a;
        if (frames == 0) {
            return a | b | c | 1;
        }
        return probe(frames - 1, c) + (a & b & c & 0);
    }
}
