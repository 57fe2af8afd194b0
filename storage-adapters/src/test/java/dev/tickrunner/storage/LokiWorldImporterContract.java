package dev.tickrunner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tickrunner.model.RoomTerrain;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** Import of db.original.json and the shard environment over it. */
abstract class LokiWorldImporterContract extends StorageTestBase {

    @Test
    void importOfDbOriginalLoadsEveryCollectionAndEnvKey() {
        LokiWorldImporter.ImportSummary summary = importWorld(false);
        assertEquals(7L, summary.documentCounts().get("users"));
        assertEquals(121L, summary.documentCounts().get("rooms"));
        assertEquals(340L, summary.documentCounts().get("rooms.objects"));
        assertEquals(121L, summary.documentCounts().get("rooms.terrain"));
        assertEquals(4L, summary.documentCounts().get("users.code"));
        assertEquals(0L, summary.skippedCollections().getOrDefault("market.intents", -1L),
                "market.intents is not in @screeps/common dbCollections, so importDB skips it");
        assertEquals(1, summary.gameTime());
        assertEquals(7, mongo.getCollection("users").countDocuments());
        assertEquals(340, mongo.getCollection("rooms.objects").countDocuments());
        assertEquals("1", redis.get("gameTime"));
        assertEquals("{}", redis.get("memory:" + EMMA));
        assertEquals("4.1", redis.get("databaseVersion"));
        assertEquals("0", redis.get("mainLoopPaused"));
        assertTrue(redis.get("accessibleRooms").startsWith("[\"W0N0\""));
        assertTrue(redis.exists("terrainData") == 1);
        assertEquals(summary.redisKeys(), redis.dbsize() - 1, "every env key plus databaseVersion");
    }

    @Test
    void importRemovesLokiMetaUnlessAskedToKeepIt() {
        importWorld(false);
        Document emma = mongo.getCollection("users").find(new Document("_id", EMMA)).first();
        assertFalse(emma.containsKey("meta"));
        assertFalse(emma.containsKey("$loki"));
        importWorld(true);
        emma = mongo.getCollection("users").find(new Document("_id", EMMA)).first();
        assertEquals(0, emma.get("meta", Document.class).getInteger("revision"));
        assertFalse(emma.containsKey("$loki"), "a $-prefixed field would make every later users update fail");
    }

    @Test
    void importEnsuresTheNpcUsersLikeImportMinimalDb() {
        importWorld(false);
        Document invader = mongo.getCollection("users").find(new Document("_id", "2")).first();
        assertEquals(100, invader.getInteger("cpu"));
        assertEquals(0, invader.getInteger("active"));
        Document screeps = mongo.getCollection("users").find(new Document("username", "Screeps")).first();
        assertEquals("f4b532d08c3952a", screeps.get("_id"), "replaced in place, id kept");
        assertEquals(false, screeps.getBoolean("active"));
    }

    @Test
    void a24HexIdIsStoredAsObjectIdAndOtherIdsStayStrings() throws Exception {
        String hex = "65a1b2c3d4e5f60718293a4b";
        String dump = "{\"collections\":[{\"name\":\"users\",\"data\":[{\"_id\":\"" + hex + "\",\"username\":\"Bot\"},"
                + "{\"_id\":\"17c332744f825c7\",\"username\":\"Emma\"}]},{\"name\":\"env\",\"data\":[{\"data\":"
                + "{\"gameTime\":5,\"activeRooms\":[\"W1N1\"],\"roomEventLog:\":{\"W1N1\":[{\"event\":1}]}}}]}]}";
        storage.worldImporter().importWorld(new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)), false);
        assertInstanceOf(ObjectId.class, mongo.getCollection("users").find(new Document("username", "Bot")).first().get("_id"));
        assertEquals("17c332744f825c7", mongo.getCollection("users").find(new Document("username", "Emma")).first().get("_id"));
        assertEquals("5", redis.get("gameTime"));
        assertEquals(java.util.Set.of("W1N1"), redis.smembers("activeRooms"));
        assertEquals("[{\"event\":1}]", redis.hget("roomEventLog:", "W1N1"));
    }

    @Test
    void aDumpOfMoreDocumentsThanOneBatchIsImportedWhole() throws Exception {
        StringBuilder dump = new StringBuilder("{\"filename\":\"db.json\",\"collections\":[{\"name\":\"rooms.objects\",\"data\":[");
        int objects = 2_500;
        for (int i = 0; i < objects; i++) {
            dump.append(i == 0 ? "" : ",").append("{\"_id\":\"o").append(i).append("\",\"room\":\"W1N1\",\"x\":")
                    .append(i % 50).append(",\"meta\":{\"revision\":0},\"$loki\":").append(i + 1).append('}');
        }
        dump.append("]},{\"data\":[{\"_id\":\"u1\",\"username\":\"Late\"}],\"name\":\"users\"},")
                .append("{\"name\":\"market.intents\",\"data\":[{\"a\":[1,2]},{\"b\":{}}]},")
                .append("{\"name\":\"env\",\"data\":[{\"data\":{\"gameTime\":7}}]}],\"databaseVersion\":1}");
        LokiWorldImporter.ImportSummary summary = storage.worldImporter().importWorld(
                new ByteArrayInputStream(dump.toString().getBytes(StandardCharsets.UTF_8)), false);
        assertEquals((long) objects, summary.documentCounts().get("rooms.objects"));
        assertEquals(objects, mongo.getCollection("rooms.objects").countDocuments());
        Document last = mongo.getCollection("rooms.objects").find(new Document("_id", "o" + (objects - 1))).first();
        assertEquals((objects - 1) % 50, last.getInteger("x"));
        assertFalse(last.containsKey("meta"));
        assertFalse(last.containsKey("$loki"));
        assertEquals(1L, summary.documentCounts().get("users"), "data before name is read too");
        assertEquals("Late", mongo.getCollection("users").find(new Document("_id", "u1")).first().get("username"));
        assertEquals(2L, summary.skippedCollections().get("market.intents"));
        assertEquals(7, summary.gameTime());
        assertEquals(1, summary.redisKeys());
    }

    @Test
    void aDumpWithoutCollectionsIsRejected() {
        for (String dump : List.of("{\"filename\":\"db.json\"}", "[]", "{\"collections\":{}}", "")) {
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> storage.worldImporter().importWorld(
                            new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)), false), dump);
            assertEquals("not a LokiJS dump: no 'collections' array", e.getMessage(), dump);
        }
    }

    @Test
    void terrainOfTheImportedWorldIsTheRecordedTerrain() {
        importWorld(false);
        List<RoomTerrain> terrain = storage.environment().terrain();
        JsonNode recorded = resourceJson("terrain.json");
        JsonNode rooms = recorded.isArray() ? recorded : recorded.get("rooms");
        assertEquals(rooms.size(), terrain.size());
        for (int i = 0; i < terrain.size(); i++) {
            assertEquals(rooms.get(i).get("room").asText(), terrain.get(i).room());
            assertEquals(rooms.get(i).get("terrain").asText(), terrain.get(i).terrain());
        }
    }

    @Test
    void terrainFallsBackToRoomsTerrainWithoutTerrainData() {
        importWorld(false);
        redis.del("terrainData");
        assertEquals(121, storage.environment().terrain().size());
    }

    @Test
    void worldSizeOfTheImportedWorldIs12LikeCalcWorldSize() {
        importWorld(false);
        assertEquals(12, storage.environment().worldSize());
    }

    @Test
    void activeUsersHaveCpuAndAreSortedByLastUsedDirtyTime() {
        importWorld(false);
        mongo.getCollection("users").updateOne(new Document("_id", "e3b732c504eb83a"),
                new Document("$set", new Document("lastUsedDirtyTime", 30)));
        mongo.getCollection("users").updateOne(new Document("_id", EMMA),
                new Document("$set", new Document("lastUsedDirtyTime", 10)));
        mongo.getCollection("users").updateOne(new Document("_id", "eea532c5a2f9e44"),
                new Document("$set", new Document("active", 0)));
        assertEquals(List.of("e3b732c504eb83a", EMMA, "a1123272b261687"), storage.environment().activeUserIds(),
                "NPC users have active 0, Screeps has cpu 0, JackBot was deactivated");
    }

    @Test
    void gameTimeIsReadAndWrittenAsDecimalText() {
        storage.environment().setGameTime(41);
        assertEquals("41", redis.get("gameTime"));
        assertEquals(41, storage.environment().gameTime());
    }

    @Test
    void runtimeRestartReachesTheCallback() throws Exception {
        BlockingQueue<String> got = new ArrayBlockingQueue<>(1);
        try (AutoCloseable sub = storage.environment().onRuntimeRestart(got::add)) {
            Thread.sleep(100);
            redis.publish("runtimeRestart", "1");
            assertEquals("1", got.poll(5, TimeUnit.SECONDS));
        }
    }
}
