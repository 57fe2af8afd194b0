package dev.tickrunner.storage.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Projections;
import dev.tickrunner.model.RoomTerrain;
import dev.tickrunner.storage.ShardEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.bson.Document;

/** {@link ShardEnvironment} over MongoDB and Redis in the screepsmod-mongo layout. */
public final class MongoShardEnvironment implements ShardEnvironment {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROOM_NAME = Pattern.compile("^(\\w)(\\d+)(\\w)(\\d+)$");

    private final MongoDatabase db;
    private final RedisConnections redis;

    /**
     * @param db    the shard's database
     * @param redis the shard's Redis
     */
    public MongoShardEnvironment(MongoDatabase db, RedisConnections redis) {
        this.db = db;
        this.redis = redis;
    }

    @Override
    public long gameTime() {
        return ShardEnvironmentReads.gameTime(redis);
    }

    @Override
    public void setGameTime(long gameTimeTicks) {
        if (gameTimeTicks < 0) {
            throw new IllegalArgumentException("gameTime must be >= 0 ticks, was " + gameTimeTicks);
        }
        redis.commands().set(RedisKeys.GAMETIME, Long.toString(gameTimeTicks));
    }

    @Override
    public List<String> activeUserIds() {
        List<JsonNode> users = new ArrayList<>();
        db.getCollection("users").find(new Document("$and", List.of(
                        new Document("active", new Document("$ne", 0)), new Document("cpu", new Document("$gt", 0)))))
                .forEach(d -> users.add(BsonJson.toJson(d)));
        users.sort(Comparator.comparingDouble((JsonNode u) -> JsValues.numberOrZero(u.get("lastUsedDirtyTime")))
                .reversed());
        return users.stream().map(u -> JsValues.keyString(u.get("_id"))).toList();
    }

    @Override
    public List<RoomTerrain> terrain() {
        String compressed = redis.commands().get(RedisKeys.TERRAIN_DATA);
        List<RoomTerrain> out = new ArrayList<>();
        if (compressed == null) {
            db.getCollection("rooms.terrain").find()
                    .forEach(d -> out.add(new RoomTerrain(d.getString("room"), d.getString("terrain"))));
            return out;
        }
        try {
            JsonNode rooms = JSON.readTree(inflate(Base64.getMimeDecoder().decode(compressed)));
            rooms.forEach(r -> out.add(new RoomTerrain(r.get("room").asText(), r.get("terrain").asText())));
            return out;
        } catch (IOException | DataFormatException e) {
            throw new UncheckedIOException(new IOException("Redis terrainData is not zlib-deflated JSON", e));
        }
    }

    @Override
    public int worldSize() {
        List<String> names = new ArrayList<>();
        db.getCollection("rooms").find().projection(Projections.include("_id"))
                .forEach(d -> names.add(String.valueOf(d.get("_id"))));
        return calcWorldSize(names);
    }

    @Override
    public void updateRoomStatusData(long nowMs) {
        Document gtNow = new Document("$gt", nowMs);
        var status = JSON.createObjectNode();
        var novice = status.putObject("novice");
        var respawn = status.putObject("respawn");
        var closed = status.putObject("closed");
        db.getCollection("rooms").find(new Document("$or", List.of(new Document("novice", gtNow),
                new Document("respawnArea", gtNow), new Document("openTime", gtNow),
                new Document("status", "out of borders")))).forEach(d -> {
                    JsonNode room = BsonJson.toJson(d);
                    String id = JsValues.keyString(room.get("_id"));
                    if (JsValues.numberOrZero(room.get("novice")) > nowMs) {
                        novice.set(id, room.get("novice"));
                    } else if (JsValues.numberOrZero(room.get("respawnArea")) > nowMs) {
                        respawn.set(id, room.get("respawnArea"));
                    } else if (JsValues.numberOrZero(room.get("openTime")) > nowMs) {
                        closed.set(id, room.get("openTime"));
                    } else {
                        closed.putNull(id);
                    }
                });
        redis.commands().set(RedisKeys.ROOM_STATUS_DATA, JsJson.stringify(status));
    }

    @Override
    public AutoCloseable onRuntimeRestart(Consumer<String> onRestart) {
        return redis.subscribe(RUNTIME_RESTART_CHANNEL, onRestart);
    }

    /**
     * Mirrors: @screeps/common index.js calcWorldSize and roomNameToXY: minX/minY start at +∞ but maxX/maxY at 0,
     * and names that do not parse are ignored.
     *
     * @return rooms per side, 0 without rooms
     */
    static int calcWorldSize(List<String> roomNames) {
        long minX = Long.MAX_VALUE;
        long minY = Long.MAX_VALUE;
        long maxX = 0;
        long maxY = 0;
        for (String name : roomNames) {
            Matcher m = ROOM_NAME.matcher(name.toUpperCase());
            if (!m.matches()) {
                continue;
            }
            long x = m.group(1).equals("W") ? -Long.parseLong(m.group(2)) - 1 : Long.parseLong(m.group(2));
            long y = m.group(3).equals("N") ? -Long.parseLong(m.group(4)) - 1 : Long.parseLong(m.group(4));
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        if (minX == Long.MAX_VALUE) {
            return 0;
        }
        return (int) Math.max(maxX - minX + 1, maxY - minY + 1);
    }

    static byte[] inflate(byte[] compressed) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 8);
            byte[] buf = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated zlib stream");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }
}
