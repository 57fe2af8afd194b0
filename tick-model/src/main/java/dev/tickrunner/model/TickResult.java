package dev.tickrunner.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one player's tick produced: the object the driver's {@code lib/runtime/runtime.js} returns from the run
 * reference, plus {@code intents} grouped by the engine's {@code utils.storeIntents} (as {@code make.js} does).
 *
 * <p>Shape and storage of each component (the screepsmod-mongo layout):
 * <ul>
 *   <li>{@code memory}: the Memory string, ≤ 2 MB → Redis {@code memory:<userId>}; null when the tick failed
 *       before the runtime could return (nothing is saved then).</li>
 *   <li>{@code memorySegments}: segment id 0–99 → string ≤ 100 KB, at most 10 → Redis hash
 *       {@code memorySegments:<userId>}; null when none was written.</li>
 *   <li>{@code intentsList}: the raw intents per object id; {@code intents}: room name → object id → intents, plus
 *       the {@code notify}, {@code global} and {@code market} groups → Redis {@code roomIntents:<room>},
 *       Mongo {@code users.intents}, {@code market.intents}, {@code users.notifications}.</li>
 *   <li>{@code visual}: room name → visual text (JSON lines) → Redis {@code roomVisual:<userId>,<room>,<time>}.</li>
 *   <li>{@code activeSegments}: ids set by {@code RawMemory.setActiveSegments} this tick, else null.</li>
 *   <li>{@code activeForeignSegment} and {@code defaultPublicSegment} have three states, as in Node: Java
 *       {@code null} = not called this tick (JS {@code undefined}); a {@code NullNode} = set to null; else the value
 *       ({@code {username, id}} / an int node).</li>
 *   <li>{@code publicSegments}: comma-separated ids → Redis {@code publicMemorySegments:<userId>}, else null.</li>
 * </ul>
 *
 * @param userId               the player's user id
 * <p>How the tick ended is not part of the result: {@link TickOutcome.Completed} carries it.
 *
 * @param error                the error text the player sees (stack or message), null when {@code loop} returned
 * @param intentsList          raw intents, object id → intent name → data (JSON object); empty when none
 * @param intents              stored intents (see above); empty when none
 * @param intentsCpu           CPU charged for intents, ms (0.2 per intent, {@code say}/{@code pull} free)
 * @param memory               the Memory string to save, or null
 * @param consoleLog           {@code console.log} lines in order
 * @param consoleResults       results of console commands, in order
 * @param visual               room → visual text, empty when none
 * @param memorySegments       segments to save, or null
 * @param activeSegments       active segment ids requested for the next tick, or null
 * @param activeForeignSegment see above
 * @param defaultPublicSegment see above
 * @param publicSegments       comma-separated public segment ids, or null
 * @param interShardSegment    the inter-shard segment to save, or null
 * @param usedTimeMs           {@code ceil(cleanTime + intentsCpu)}, ms: what {@code lastUsedCpu} stores
 * @param usedCleanTimeMs      CPU time of {@code game.run} alone, ms
 * @param usedDirtyTimeMs      {@code ceil} of CPU time including preparation, ms
 */
public record TickResult(String userId, String error, ObjectNode intentsList, ObjectNode intents,
                         double intentsCpu, String memory, List<ConsoleMessage> consoleLog,
                         List<String> consoleResults, Map<String, String> visual,
                         Map<Integer, String> memorySegments, List<Integer> activeSegments,
                         JsonNode activeForeignSegment, JsonNode defaultPublicSegment, String publicSegments,
                         String interShardSegment, long usedTimeMs, double usedCleanTimeMs, long usedDirtyTimeMs) {

    /**
     * @throws NullPointerException if {@code userId}, {@code intentsList}, {@code intents},
     *                              {@code consoleLog}, {@code consoleResults} or {@code visual} is null
     */
    public TickResult {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(intentsList, "intentsList");
        Objects.requireNonNull(intents, "intents");
        consoleLog = List.copyOf(consoleLog);
        consoleResults = List.copyOf(consoleResults);
        visual = Map.copyOf(visual);
        memorySegments = memorySegments == null ? null : Map.copyOf(memorySegments);
        activeSegments = activeSegments == null ? null : List.copyOf(activeSegments);
    }
}
