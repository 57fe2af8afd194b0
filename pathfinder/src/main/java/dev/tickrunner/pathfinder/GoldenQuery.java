package dev.tickrunner.pathfinder;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One recorded {@code PathFinder.search} query of a {@code screeps-pathfinder-golden/1} file, ready to replay
 * straight into {@link PathFinder}: the native arguments (as recorded, and as re-derived from the raw options the
 * way driver lib/path-finder.js normalises them), the room callback's table, and the recorded answer.
 * {@link GoldenQueryReplay#readQueries} reads them from a file. Numbers the native takes as {@code uint32} are held as
 * the {@code int} with the same 32 bits, as in {@link PathFinder#search}.
 *
 * @param id            query id in the file
 * @param tags          informational tags
 * @param args          the arguments recorded as handed to {@code native.search}
 * @param derivedArgs   the same arguments re-derived from {@code origin}, {@code goal} and {@code options}
 * @param hasCallback   whether a room callback was passed
 * @param matrices      room id → 2500 cost bytes ({@code x*50+y}); {@code null} value = callback returns false
 * @param expectedCalls recorded callback calls, each {@code "<roomName>:<matrix|false|undefined>"}
 * @param expectedPath  recorded path in world coordinates {@code [xx, yy, ...]}, wrapper order (first step first)
 * @param expectedOps   recorded ops
 * @param expectedCost  recorded cost
 * @param expectedIncomplete recorded incomplete flag
 */
public record GoldenQuery(int id, List<String> tags, NativeArgs args, NativeArgs derivedArgs, boolean hasCallback,
                          Map<Integer, byte[]> matrices, List<String> expectedCalls, int[] expectedPath,
                          long expectedOps, long expectedCost, boolean expectedIncomplete) {

    /**
     * The ten arguments of native {@code search}, uint32 values as {@code int} bit patterns.
     *
     * @param originXX        world column of the origin
     * @param originYY        world row of the origin
     * @param goals           {@code [range, xx, yy, ...]}
     * @param plainCost       plain tile cost
     * @param swampCost       swamp tile cost
     * @param maxRooms        room slots
     * @param maxOps          expansion budget
     * @param maxCost         cost bound (uint32 bits)
     * @param flee            flee mode
     * @param heuristicWeight float64 weight
     */
    public record NativeArgs(int originXX, int originYY, int[] goals, int plainCost, int swampCost, int maxRooms,
                             int maxOps, int maxCost, boolean flee, double heuristicWeight) {
        /** @return whether every argument is equal (goals element-wise, weight bit-exact) */
        boolean sameAs(NativeArgs o) {
            return originXX == o.originXX && originYY == o.originYY && java.util.Arrays.equals(goals, o.goals)
                    && plainCost == o.plainCost && swampCost == o.swampCost && maxRooms == o.maxRooms
                    && maxOps == o.maxOps && maxCost == o.maxCost && flee == o.flee
                    && Double.compare(heuristicWeight, o.heuristicWeight) == 0;
        }
    }

    /**
     * Parses one query object.
     *
     * @param q the query's JSON object
     * @return the query
     * @throws IllegalArgumentException if a room name is invalid or a field is missing
     */
    static GoldenQuery parse(JsonNode q) {
        JsonNode n = q.path("native");
        if (n.isMissingNode()) {
            throw new IllegalArgumentException("query without 'native': " + q.path("id"));
        }
        JsonNode ng = n.path("goals");
        int[] goals = new int[ng.size() * 3];
        for (int i = 0; i < ng.size(); i++) {
            goals[3 * i] = (int) ng.get(i).path("range").asLong();
            goals[3 * i + 1] = (int) ng.get(i).path("pos").path("xx").asLong();
            goals[3 * i + 2] = (int) ng.get(i).path("pos").path("yy").asLong();
        }
        NativeArgs args = new NativeArgs((int) n.path("origin").path("xx").asLong(),
                (int) n.path("origin").path("yy").asLong(), goals, (int) n.path("plainCost").asLong(),
                (int) n.path("swampCost").asLong(), (int) n.path("maxRooms").asLong(), (int) n.path("maxOps").asLong(),
                (int) n.path("maxCost").asLong(), n.path("flee").asBoolean(), n.path("heuristicWeight").asDouble());

        JsonNode options = q.path("options");
        Map<Integer, byte[]> matrices = new HashMap<>();
        boolean hasCallback = options.has("roomCallback");
        for (JsonNode e : options.path("roomCallback")) {
            int roomId = PathFinderTerrain.roomId(e.path("roomName").asText());
            matrices.put(roomId, e.path("blocked").asBoolean(false) ? null
                    : Base64.getDecoder().decode(e.path("matrix").asText()));
        }
        List<String> calls = new ArrayList<>();
        for (JsonNode c : q.path("roomCallbackCalls")) {
            calls.add(c.path("roomName").asText() + ":" + c.path("returned").asText());
        }
        JsonNode result = q.path("result");
        JsonNode path = result.path("path");
        int[] expectedPath = new int[path.size() * 2];
        for (int i = 0; i < path.size(); i++) {
            int room = PathFinderTerrain.roomId(path.get(i).path("roomName").asText());
            expectedPath[2 * i] = path.get(i).path("x").asInt() + 50 * (room & 0xff);
            expectedPath[2 * i + 1] = path.get(i).path("y").asInt() + 50 * (room >>> 8);
        }
        List<String> tags = new ArrayList<>();
        q.path("tags").forEach(t -> tags.add(t.asText()));
        return new GoldenQuery(q.path("id").asInt(), List.copyOf(tags), args, derive(q), hasCallback,
                matrices, List.copyOf(calls), expectedPath, result.path("ops").asLong(), result.path("cost").asLong(),
                result.path("incomplete").asBoolean());
    }

    /**
     * Derives native arguments from the raw call the way driver lib/path-finder.js {@code search} does.
     *
     * <p>Mirrors: driver lib/path-finder.js search (option normalisation, goal conversion, toWorldPosition).
     */
    static NativeArgs derive(JsonNode q) {
        JsonNode o = q.path("options");
        int plain = Math.min(254, Math.max(1, orDefault(toInt32(o.path("plainCost")), 1)));
        int swamp = Math.min(254, Math.max(1, orDefault(toInt32(o.path("swampCost")), 5)));
        double w = o.path("heuristicWeight").asDouble(0);
        double weight = Math.min(9, Math.max(1, w == 0 || Double.isNaN(w) ? 1.2 : w));
        int maxOps = Math.max(1, orDefault(toInt32(o.path("maxOps")), 2000));
        int maxCostI = toInt32(o.path("maxCost"));
        int maxCost = maxCostI == 0 ? -1 : Math.max(1, maxCostI);
        int maxRooms = Math.min(64, Math.max(1, orDefault(toInt32(o.path("maxRooms")), 16)));
        boolean flee = o.path("flee").asBoolean(false);
        JsonNode goal = q.path("goal");
        List<JsonNode> goalList = new ArrayList<>();
        if (goal.isArray()) {
            goal.forEach(goalList::add);
        } else {
            goalList.add(goal);
        }
        int[] goals = new int[goalList.size() * 3];
        for (int i = 0; i < goalList.size(); i++) {
            JsonNode g = goalList.get(i);
            boolean isPos = g.has("x") && g.has("y") && g.has("roomName");
            goals[3 * i] = isPos ? 0 : Math.max(0, toInt32(g.path("range")));
            JsonNode pos = isPos ? g : g.path("pos");
            goals[3 * i + 1] = worldX(pos);
            goals[3 * i + 2] = worldY(pos);
        }
        JsonNode origin = q.path("origin");
        return new NativeArgs(worldX(origin), worldY(origin), goals, plain, swamp, maxRooms, maxOps, maxCost, flee,
                weight);
    }

    private static int orDefault(int v, int dflt) {
        return v == 0 ? dflt : v;
    }

    /** JS {@code value | 0} of a JSON number (missing or non-numeric → 0). */
    private static int toInt32(JsonNode v) {
        if (!v.isNumber()) {
            return 0;
        }
        double d = v.asDouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return 0;
        }
        return (int) (long) (d % 4294967296.0);
    }

    private static int worldX(JsonNode pos) {
        return (pos.path("x").asInt() | 0) + 50 * (PathFinderTerrain.roomId(pos.path("roomName").asText()) & 0xff);
    }

    private static int worldY(JsonNode pos) {
        return (pos.path("y").asInt() | 0) + 50 * (PathFinderTerrain.roomId(pos.path("roomName").asText()) >>> 8);
    }

    /**
     * A callback answering from {@link #matrices}, optionally recording calls as
     * {@code "<roomName>:<matrix|false|undefined>"}.
     *
     * @param record where to append calls, or null to record nothing
     * @return the callback, or null when the query passed none
     */
    RoomCallback callback(List<String> record) {
        if (!hasCallback) {
            return null;
        }
        return (rx, ry, out, offset) -> {
            int roomId = rx | ry << 8;
            if (!matrices.containsKey(roomId)) {
                if (record != null) {
                    record.add(PathFinderTerrain.roomName(rx, ry) + ":undefined");
                }
                return RoomCallback.TERRAIN_ONLY;
            }
            byte[] m = matrices.get(roomId);
            if (record != null) {
                record.add(PathFinderTerrain.roomName(rx, ry) + (m == null ? ":false" : ":matrix"));
            }
            if (m == null) {
                return RoomCallback.BLOCKED;
            }
            if (m.length != RoomTable.ROOM_TILES) {
                return RoomCallback.TERRAIN_ONLY;
            }
            System.arraycopy(m, 0, out, offset, RoomTable.ROOM_TILES);
            return RoomCallback.MATRIX;
        };
    }
}
