package dev.tickrunner.sandbox;

/**
 * The object {@code Game.cpu.getHeapStatistics()} returns, in V8's field names and order, from what the JVM knows of a
 * player's context: the retained-heap figure, what the running tick allocated, what building the context allocated,
 * and the shared terrain the context sees.
 *
 * <p>Mirrors: driver lib/runtime/runtime-driver.js {@code getHeapStatistics} (isolate.getHeapStatisticsSync() of the
 * isolate user-vm.js creates with {@code memoryLimit: 256 + staticTerrainDataSize/1024/1024} MB). Deviates from V8: the
 * sizes are the JVM's estimates, not a V8 heap's; their relations hold as in V8 (used ≤ total &lt; limit).
 */
final class HeapStatistics {
    /**
     * V8's young generation on top of the old-generation limit: Node 20 reports {@code heap_size_limit} 274,726,912
     * bytes (262 MiB) for user-vm.js's 256 MB (+ 0.34 MB of terrain) isolate.
     */
    static final long YOUNG_GENERATION_BYTES = 6L * 1024 * 1024;

    private HeapStatistics() {
    }

    /**
     * @param retainedBytes   the context's last retained-heap figure, bytes
     * @param allocatedBytes  what the running tick allocated so far, bytes
     * @param limitBytes      the retained-heap limit (V8's old generation), bytes
     * @param createdBytes    what building the context allocated (the runtime's own structures, V8's malloced
     *                        memory), bytes
     * @param externalBytes   the shared static terrain the context views (V8: the terrain SharedArrayBuffer), bytes
     * @return the JSON text of V8's heap statistics object; {@code total_heap_size} stays below
     *         {@code heap_size_limit} however much a tick allocates (garbage is not heap V8 would keep)
     */
    static String json(long retainedBytes, long allocatedBytes, long limitBytes, long createdBytes, long externalBytes) {
        long heapSizeLimit = limitBytes + YOUNG_GENERATION_BYTES;
        long used = Math.max(0, Math.min(retainedBytes, limitBytes));
        long total = Math.min(used + Math.max(0, allocatedBytes), heapSizeLimit - 1);
        return "{\"total_heap_size\":" + total + ",\"total_heap_size_executable\":0"
                + ",\"total_physical_size\":" + total + ",\"total_available_size\":" + (heapSizeLimit - total)
                + ",\"used_heap_size\":" + used + ",\"heap_size_limit\":" + heapSizeLimit
                + ",\"malloced_memory\":" + createdBytes + ",\"peak_malloced_memory\":" + createdBytes
                + ",\"does_zap_garbage\":0,\"externally_allocated_size\":" + externalBytes + "}";
    }
}
