package dev.tickrunner.sandbox;

/**
 * The object {@code Game.cpu.getHeapStatistics()} returns, in V8's field names, from what the JVM knows of a player's
 * context: the retained-heap figure and what the running tick allocated.
 *
 * <p>Mirrors: driver lib/runtime/runtime-driver.js {@code getHeapStatistics} (isolate.getHeapStatisticsSync()).
 */
final class HeapStatistics {
    private HeapStatistics() {
    }

    /**
     * @param retainedBytes  the context's last retained-heap figure, bytes
     * @param allocatedBytes what the running tick allocated so far, bytes
     * @param limitBytes     the retained-heap limit, bytes
     * @return the JSON text of V8's heap statistics object
     */
    static String json(long retainedBytes, long allocatedBytes, long limitBytes) {
        long total = retainedBytes + allocatedBytes;
        return "{\"total_heap_size\":" + total + ",\"total_heap_size_executable\":0"
                + ",\"total_physical_size\":" + total + ",\"total_available_size\":"
                + Math.max(0, limitBytes - retainedBytes) + ",\"used_heap_size\":" + retainedBytes
                + ",\"heap_size_limit\":" + limitBytes + ",\"malloced_memory\":0,\"peak_malloced_memory\":0"
                + ",\"does_zap_garbage\":0"
                + ",\"externally_allocated_size\":0}";
    }
}
