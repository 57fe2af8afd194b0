package dev.tickrunner.sandbox;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * How busy the JIT compilers of this JVM are, from JMX alone: the CPU time of Truffle's compiler threads (the Graal
 * JIT compiling player and engine JavaScript; threads named {@value #TRUFFLE_COMPILER_THREAD}…), HotSpot's own
 * compilation time (C1/C2 compiling Java, the Graal compiler itself included: on a stock JDK it is Java code that
 * HotSpot must compile first) and the process's CPU time. A {@link Snapshot} taken now and one taken later give the
 * share of the process's CPU that went to compiling in between: after warm-up it should fall under a few percent and
 * stay there ("compilation settles").
 *
 * <p>Truffle's compiler threads end when idle and new ones start: their CPU is summed over every compiler thread seen,
 * ended ones included ({@link ThreadCpuTotal}), so that the figure never goes down (it used to, and a minute's share
 * then read 0 % while 126 compilations ran).
 *
 * <p>Thread-safe; each {@link #snapshot()} walks the JVM's threads (tens of µs), so take one per second, not per tick.
 */
public final class CompilerActivity {
    /** Name prefix of Truffle's background compiler threads. */
    public static final String TRUFFLE_COMPILER_THREAD = "TruffleCompilerThread";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final ThreadCpuTotal TRUFFLE_TOTAL = new ThreadCpuTotal();
    private static final CompilationMXBean COMPILATION = ManagementFactory.getCompilationMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CompilerActivity() {
    }

    /**
     * Cumulative figures at one instant.
     *
     * @param wallNanos             {@link System#nanoTime()} when taken, ns
     * @param processCpuNanos       CPU time of the whole process so far, ns
     * @param truffleCompilerNanos  CPU time of Truffle's compiler threads so far, ended ones included
     *                              ({@link ThreadCpuTotal}), ns
     * @param hotspotCompileMillis  HotSpot's accumulated compilation time, ms (-1 when the JVM does not say)
     */
    public record Snapshot(long wallNanos, long processCpuNanos, long truffleCompilerNanos, long hotspotCompileMillis) {
        /**
         * @param earlier a snapshot taken before this one
         * @return the share of the process's CPU between the two spent in the Truffle compiler threads, 0–1
         */
        public double truffleShareSince(Snapshot earlier) {
            long process = processCpuNanos - earlier.processCpuNanos;
            return process <= 0 ? 0 : Math.max(0, truffleCompilerNanos - earlier.truffleCompilerNanos) / (double) process;
        }

        /**
         * @param earlier a snapshot taken before this one
         * @return the share of the process's CPU between the two spent compiling, Truffle and HotSpot together, 0–1
         *         (HotSpot's figure is wall time of its compiler threads, a slight overestimate of their CPU)
         */
        public double compileShareSince(Snapshot earlier) {
            long process = processCpuNanos - earlier.processCpuNanos;
            if (process <= 0) {
                return 0;
            }
            long hotspot = hotspotCompileMillis < 0 ? 0 : (hotspotCompileMillis - earlier.hotspotCompileMillis) * 1_000_000;
            long truffle = Math.max(0, truffleCompilerNanos - earlier.truffleCompilerNanos);
            return Math.min(1, (hotspot + truffle) / (double) process);
        }

        /**
         * @param earlier a snapshot taken before this one
         * @return Truffle compiler CPU between the two per wall second, in cores (1.0 = one core busy compiling)
         */
        public double truffleCoresSince(Snapshot earlier) {
            long wall = wallNanos - earlier.wallNanos;
            return wall <= 0 ? 0 : Math.max(0, truffleCompilerNanos - earlier.truffleCompilerNanos) / (double) wall;
        }
    }

    /** @return the figures now */
    public static Snapshot snapshot() {
        Map<Long, Long> alive = new HashMap<>();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids, 0);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && infos[i].getThreadName().startsWith(TRUFFLE_COMPILER_THREAD)) {
                long cpu = THREADS.getThreadCpuTime(ids[i]);
                if (cpu >= 0) {
                    alive.put(ids[i], cpu);
                }
            }
        }
        long truffle;
        synchronized (TRUFFLE_TOTAL) {
            truffle = TRUFFLE_TOTAL.update(alive);
        }
        long hotspot = COMPILATION != null && COMPILATION.isCompilationTimeMonitoringSupported()
                ? COMPILATION.getTotalCompilationTime() : -1;
        return new Snapshot(System.nanoTime(), OS.getProcessCpuTime(), truffle, hotspot);
    }
}
