package dev.tickrunner.sandbox;

import java.util.HashMap;
import java.util.Map;

/**
 * The CPU time a changing set of threads has used in all, including threads that have ended since. JMX only gives the
 * CPU time of live threads, and Truffle's compiler threads come and go (an idle one ends after its keep-alive and a
 * new one starts when work comes): summing the live ones alone goes down when one ends, and a counter built on it
 * would lose what the ended thread had done. This keeps each thread's last reading and, once the thread is gone,
 * adds that reading to a retired total. What a thread used between its last reading and its end is not counted.
 *
 * <p>Not thread-safe: the caller serialises {@link #update} calls.
 */
final class ThreadCpuTotal {
    private final Map<Long, Long> lastByThread = new HashMap<>();
    private long retired;

    /**
     * @param alive CPU time so far of every matching thread alive now, ns, by thread id
     * @return CPU time of every matching thread seen so far, ended ones included, ns; never less than the last result
     */
    long update(Map<Long, Long> alive) {
        var seen = lastByThread.entrySet().iterator();
        while (seen.hasNext()) {
            Map.Entry<Long, Long> thread = seen.next();
            if (!alive.containsKey(thread.getKey())) {
                retired += thread.getValue();
                seen.remove();
            }
        }
        long total = retired;
        for (Map.Entry<Long, Long> thread : alive.entrySet()) {
            long cpu = Math.max(thread.getValue(), lastByThread.getOrDefault(thread.getKey(), 0L));
            lastByThread.put(thread.getKey(), cpu);
            total += cpu;
        }
        return total;
    }
}
