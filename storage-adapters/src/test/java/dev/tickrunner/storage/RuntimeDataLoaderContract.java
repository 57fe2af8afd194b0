package dev.tickrunner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runtime data of the imported world, compared with what data.js built for the recordings. */
abstract class RuntimeDataLoaderContract extends StorageTestBase {
    private JsonNode recorded;

    @BeforeEach
    void importRecordedWorld() {
        importWorld(true);
        recorded = resourceJson("empty.tick1.json").get("input");
        // The recording's world: five creeps added, EmmaBot's bucket full, an empty loop as code.
        for (Map.Entry<String, JsonNode> e : recorded.get("roomObjects").properties()) {
            if (e.getKey().startsWith("c0000")) {
                mongo.getCollection("rooms.objects").insertOne(Document.parse(e.getValue().toString()));
            }
        }
        mongo.getCollection("users").updateOne(new Document("_id", EMMA),
                new Document("$set", new Document("cpuAvailable", 10000)));
        // roomStatusData is not in the dump: the main loop writes it (driver updateRoomStatusData).
        storage.environment().updateRoomStatusData(clockMs.get());
        setCode(new Document("main", "module.exports.loop = function(){}\n"), 1_700_000_000_000L);
    }

    @Test
    void emmaBotRuntimeDataEqualsWhatDataJsBuiltForTheRecording() {
        RuntimeData data = ready(EMMA);
        ObjectNode payload = data.payload();
        assertEquals(JsonDiff.keys(recorded), JsonDiff.keys(payload), "payload keys in data.js order");
        assertEquals(JsonDiff.keys(recorded.get("roomObjects")), JsonDiff.keys(payload.get("roomObjects")),
                "others' objects first, then the player's");
        List<String> diffs = new ArrayList<>(JsonDiff.diff(recorded, payload));
        // Legitimate difference: the recording's world lived in @screeps/storage (LokiJS), whose upgradeDb and
        // writes bumped meta.updated of the spawn and of room W1N1; screepsmod-mongo imports the dump as is.
        diffs.removeIf(d -> d.contains("/meta/updated: expected "));
        // Legitimate difference: LokiJS's $loki is never imported (MongoDB refuses updates of $-prefixed fields).
        diffs.removeIf(d -> d.contains("/$loki: expected "));
        assertEquals(List.of(), diffs);
        assertEquals(1, data.gameTime());
        assertEquals(1_700_000_000_000L, data.userCodeTimestamp());
        assertEquals(500, data.cpuLimitMs());
        assertEquals(10000, data.cpuBucketMs());
    }

    @Test
    void aUserWithoutObjectsIsSetInactive() {
        LoadResult result = loadAndCommit("f4b532d08c3952a");
        assertEquals(new LoadResult.Inactive("f4b532d08c3952a"), result);
        assertEquals(0, mongo.getCollection("users").find(new Document("_id", "f4b532d08c3952a")).first()
                .getInteger("active"));
    }

    @Test
    void anUnknownUserIsSkippedWithAnInternalFailure() {
        LoadResult.Skipped skipped = assertInstanceOf(LoadResult.Skipped.class,
                loadAndCommit("nobody"));
        assertEquals(TickOutcome.Skipped.Reason.UNKNOWN_USER, skipped.skipped().reason());
    }

    @Test
    void consoleCommandsAreDeliveredOnceAndThenRemoved() {
        mongo.getCollection("users.console").insertOne(new Document("user", EMMA).append("expression", "1+1")
                .append("hidden", false));
        JsonNode commands = ready(EMMA).payload().get("consoleCommands");
        assertEquals(1, commands.size());
        assertEquals("1+1", commands.get(0).get("expression").asText());
        assertTrue(commands.get(0).get("_id").isTextual(), "ObjectId _id as hex string");
        assertEquals(0, mongo.getCollection("users.console").countDocuments());
        assertEquals(0, ready(EMMA).payload().get("consoleCommands").size());
    }

    @Test
    void activeSegmentsAreReadWithHmgetAndMissingOnesAreEmpty() {
        mongo.getCollection("users").updateOne(new Document("_id", EMMA),
                new Document("$set", new Document("activeSegments", List.of(12, 3))));
        redis.hset("memorySegments:" + EMMA, "3", "three");
        JsonNode segments = ready(EMMA).payload().get("memorySegments");
        assertEquals(List.of("3", "12"), JsonDiff.keys(segments), "integer keys in JavaScript order");
        assertEquals("three", segments.get("3").asText());
        assertEquals("", segments.get("12").asText());
    }

    @Test
    void aForeignSegmentIsDeliveredOnlyWhenItsOwnerMadeItPublic() {
        mongo.getCollection("users").updateOne(new Document("_id", EMMA), new Document("$set",
                new Document("activeForeignSegment", new Document("username", "AliceBot")
                        .append("user_id", "e3b732c504eb83a").append("id", 5))));
        redis.hset("memorySegments:e3b732c504eb83a", "5", "alice data");
        assertFalse(ready(EMMA).payload().has("foreignMemorySegment"));
        redis.set("publicMemorySegments:e3b732c504eb83a", "4,5");
        JsonNode foreign = ready(EMMA).payload().get("foreignMemorySegment");
        assertEquals("{\"username\":\"AliceBot\",\"id\":5,\"data\":\"alice data\"}", foreign.toString());
    }

    @Test
    void aUserWithAnObjectIdIsFoundByItsHexString() {
        ObjectId id = new ObjectId();
        String hex = id.toHexString();
        mongo.getCollection("users").insertOne(new Document("_id", id).append("username", "Live").append("cpu", 0));
        mongo.getCollection("rooms.objects").insertOne(new Document("type", "creep").append("room", "W1N1")
                .append("user", hex).append("x", 1).append("y", 1));
        RuntimeData data = ready(hex);
        assertEquals(hex, data.payload().get("user").get("_id").asText());
        assertEquals(Double.POSITIVE_INFINITY, data.cpuLimitMs(), "no CPU limit when user.cpu is falsy");
        assertTrue(data.payload().get("cpu").isNull(), "Infinity becomes null in JSON");
        assertTrue(data.payload().get("users").has(hex));
        assertTrue(data.payload().get("users").has(EMMA), "owner of the other objects in W1N1");
    }

    @Test
    void moduleNamesAreUnescapedAndMoveLast() {
        mongo.getCollection("users.code").updateOne(new Document("user", EMMA), new Document("$set",
                new Document("modules", new Document("lib$DOT$util", "a").append("main", "b")
                        .append("dir$SLASH$x$BACKSLASH$y", "c"))));
        JsonNode code = ready(EMMA).payload().get("userCode");
        assertEquals(List.of("main", "lib.util", "dir/x\\y"), JsonDiff.keys(code));
    }

    @Test
    void codeIsReadAgainWhenItsTimestampChanges() {
        assertEquals("module.exports.loop = function(){}\n", ready(EMMA).payload().get("userCode").get("main").asText());
        setCode(new Document("main", "// v2"), 1_700_000_000_001L);
        RuntimeData data = ready(EMMA);
        assertEquals("{\"main\":\"// v2\"}", data.payload().get("userCode").toString());
        assertEquals(1_700_000_000_001L, data.userCodeTimestamp());
        assertEquals(1_700_000_000_001L, data.payload().get("userCodeTimestamp").asLong());
    }

    @Test
    void anotherActiveBranchIsReadEvenWithAnOlderTimestamp() {
        ready(EMMA);
        mongo.getCollection("users.code").updateOne(new Document("user", EMMA),
                new Document("$set", new Document("activeWorld", false)));
        mongo.getCollection("users.code").insertOne(new Document("user", EMMA).append("branch", "b2")
                .append("activeWorld", true).append("timestamp", 1_600_000_000_000L)
                .append("modules", new Document("main", "// b2")));
        RuntimeData data = ready(EMMA);
        assertEquals("{\"main\":\"// b2\"}", data.payload().get("userCode").toString());
        assertEquals(1_600_000_000_000L, data.userCodeTimestamp());
    }

    @Test
    void codeWithoutATimestampIsReadWholeEveryTick() {
        mongo.getCollection("users.code").updateOne(new Document("user", EMMA),
                new Document("$unset", new Document("timestamp", true)));
        ready(EMMA);
        mongo.getCollection("users.code").updateOne(new Document("user", EMMA),
                new Document("$set", new Document("modules", new Document("main", "// v2"))));
        RuntimeData data = ready(EMMA);
        assertEquals("{\"main\":\"// v2\"}", data.payload().get("userCode").toString());
        assertEquals(0, data.userCodeTimestamp());
        assertEquals("0", data.payload().get("userCodeTimestamp").toString(), "data.js: timestamp || 0");
    }

    @Test
    void codeWhoseTimestampStandsIsServedFromTheCache() {
        // The assumption ActiveCodeCache shares with Node's runtime (a warm global until the timestamp changes):
        // the server never changes modules without a new timestamp. This pins that the cache is used.
        ready(EMMA);
        mongo.getCollection("users.code").updateOne(new Document("user", EMMA),
                new Document("$set", new Document("modules", new Document("main", "// changed in place"))));
        assertEquals("module.exports.loop = function(){}\n", ready(EMMA).payload().get("userCode").get("main").asText());
    }

    @Test
    void aPlayerWithoutActiveCodeGetsNoModulesAndTimestampZero() {
        ready(EMMA);
        mongo.getCollection("users.code").deleteMany(new Document("user", EMMA));
        RuntimeData data = ready(EMMA);
        assertEquals("{}", data.payload().get("userCode").toString());
        assertEquals("0", data.payload().get("userCodeTimestamp").toString());
        assertEquals(0, data.userCodeTimestamp());
    }

    private void setCode(Document modules, long timestamp) {
        mongo.getCollection("users.code").updateOne(new Document("user", EMMA), new Document("$set",
                new Document("modules", modules).append("timestamp", timestamp)));
    }

    @Test
    void marketOrdersAreCachedPerGameTime() {
        assertEquals("{\"all\":{}}", ready(EMMA).payload().get("market").get("orders").toString());
        mongo.getCollection("market.orders").insertOne(new Document("_id", "o1").append("active", true)
                .append("resourceType", "energy").append("price", 1));
        assertEquals("{\"all\":{}}", ready(EMMA).payload().get("market").get("orders").toString());
        redis.set("gameTime", "2");
        JsonNode orders = ready(EMMA).payload().get("market").get("orders");
        assertEquals("{\"active\":true,\"resourceType\":\"energy\",\"price\":1,\"id\":\"o1\"}",
                orders.get("energy").get("o1").toString());
        assertEquals(orders.get("energy").get("o1"), orders.get("all").get("o1"));
    }

    @Test
    void accessibleRoomsAreCachedForSixtySeconds() {
        ready(EMMA);
        redis.set("accessibleRooms", "[\"W1N1\"]");
        assertTrue(ready(EMMA).payload().get("accessibleRooms").asText().startsWith("[\"W0N0\""));
        clockMs.addAndGet(60_001);
        assertEquals("[\"W1N1\"]", ready(EMMA).payload().get("accessibleRooms").asText());
    }

    @Test
    void accessibleRoomsAreReadAgainOnlyOnceMoreThanSixtySecondsPassed() {
        ready(EMMA);
        redis.set("accessibleRooms", "[\"W1N1\"]");
        clockMs.addAndGet(60_000);
        assertTrue(ready(EMMA).payload().get("accessibleRooms").asText().startsWith("[\"W0N0\""),
                "data.js reads again when Date.now() > time + 60*1000, not at exactly 60 s");
        clockMs.addAndGet(1);
        assertEquals("[\"W1N1\"]", ready(EMMA).payload().get("accessibleRooms").asText());
    }

    @Test
    void transactionsAreTheLatestHundredEachWayAndAddTheirPartners() {
        for (int t = 0; t < 120; t++) {
            mongo.getCollection("transactions").insertOne(new Document("time", t).append("sender", EMMA)
                    .append("recipient", "e3b732c504eb83a"));
        }
        JsonNode payload = ready(EMMA).payload();
        JsonNode outgoing = payload.get("transactions").get("outgoing");
        assertEquals(100, outgoing.size());
        assertEquals(119, outgoing.get(0).get("time").asInt());
        assertTrue(payload.get("users").has("e3b732c504eb83a"));
    }

    private RuntimeData ready(String userId) {
        return assertInstanceOf(LoadResult.Ready.class, loadAndCommit(userId)).data();
    }
}
