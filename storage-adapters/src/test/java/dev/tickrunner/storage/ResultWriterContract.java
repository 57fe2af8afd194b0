package dev.tickrunner.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.ConsoleMessage;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.TickResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every key, document and message one save writes. */
abstract class ResultWriterContract extends StorageTestBase {
    private static final String USER = "u00000000000001";
    private static final String CONSOLE = "user:" + USER + "/console";
    private static final String CPU = "user:" + USER + "/cpu";
    private RuntimeData data;

    @BeforeEach
    void seedUser() throws Exception {
        redis.set("gameTime", "42");
        mongo.getCollection("users").insertOne(new Document("_id", USER).append("username", "Tester")
                .append("cpu", 100).append("cpuAvailable", 500).append("active", 1));
        mongo.getCollection("users").insertOne(new Document("_id", "e3b732c504eb83a").append("username", "AliceBot")
                .append("defaultPublicSegment", 7));
        mongo.getCollection("rooms.objects").insertOne(new Document("_id", "creep1").append("type", "creep")
                .append("room", "W1N1").append("user", USER));
        data = assertInstanceOf(LoadResult.Ready.class, loadAndCommit(USER)).data();
    }

    @Test
    void saveWritesEveryRedisKeyAndMongoDocumentOfTheTick() throws Exception {
        ObjectNode intents = (ObjectNode) JSON.readTree("{\"W1N1\":{\"creep1\":{\"move\":{\"id\":\"creep1\","
                + "\"direction\":3}}},\"W2N1\":{\"x\":{\"say\":{\"message\":\"hi\"}}},\"notify\":[{\"message\":\"yo\","
                + "\"groupInterval\":5}],\"global\":{\"spawnPowerCreep\":[{\"id\":\"p\"}]},"
                + "\"market\":{\"createOrder\":[{\"price\":1.5}]}}");
        TickResult result = result(intents, "{\"a\":1}", Map.of(3, "seg3", 99, "seg99"), "3,99", null,
                Map.of("W1N1", "{\"t\":\"c\"}\n"), null);
        storage.resultWriter().save(data, result);

        assertEquals("{\"a\":1}", redis.get("memory:" + USER));
        assertEquals(Map.of("3", "seg3", "99", "seg99"), redis.hgetall("memorySegments:" + USER));
        assertEquals("{\"creep1\":{\"move\":{\"id\":\"creep1\",\"direction\":3}}}", redis.hget("roomIntents:W1N1", USER));
        assertEquals("{\"x\":{\"say\":{\"message\":\"hi\"}}}", redis.hget("roomIntents:W2N1", USER));
        assertEquals(Set.of("W1N1", "W2N1"), redis.smembers("activeRooms"));
        assertEquals("3,99", redis.get("publicMemorySegments:" + USER));
        String visualKey = "roomVisual:" + USER + ",W1N1,42";
        assertEquals("{\"t\":\"c\"}\n", redis.get(visualKey));
        long ttl = redis.ttl(visualKey);
        assertTrue(ttl > 0 && ttl <= 5, "mainLoopResetInterval / 1000 s, was " + ttl);

        Document global = mongo.getCollection("users.intents").find().first();
        assertEquals(USER, global.get("user"));
        assertEquals("p", global.get("intents", Document.class).getList("spawnPowerCreep", Document.class).get(0)
                .get("id"));
        Document market = mongo.getCollection("market.intents").find().first();
        assertEquals(1.5, market.get("intents", Document.class).getList("createOrder", Document.class).get(0)
                .get("price"));
        Document note = mongo.getCollection("users.notifications").find().first();
        assertEquals("yo", note.get("message"));
        assertEquals("msg", note.get("type"));
        assertEquals(1, note.getInteger("count"));
        long groupMs = 5 * 60 * 1000;
        assertEquals((long) Math.ceil(clockMs.get() / (double) groupMs) * groupMs, ((Number) note.get("date")).longValue());
        Document user = mongo.getCollection("users").find(new Document("_id", USER)).first();
        assertEquals(7, ((Number) user.get("lastUsedCpu")).intValue());
        assertEquals(500 + 100 - 7, user.getInteger("cpuAvailable"));
    }

    @Test
    void savePublishesTheCpuAndConsoleMessagesAsTheDriverDoes() {
        subscribe(CONSOLE, CPU);
        TickResult result = new TickResult(USER, null, obj(), obj(), 0, "{}",
                List.of(new ConsoleMessage("<b>é & 😀</b>", true), new ConsoleMessage("<i>raw</i>", false)),
                List.of("2"), Map.of(), null, null, null, null, null, null, 7, 6.5, 9);
        storage.resultWriter().save(data, result);
        assertArrayEquals(new String[] {CPU, "{\"cpu\":7,\"memory\":2}"}, nextMessage());
        assertArrayEquals(new String[] {CONSOLE, "{\"messages\":{\"log\":[\"&#x3C;b&#x3E;&#xE9; &#x26; &#x1F600;"
                + "&#x3C;/b&#x3E;\",\"<i>raw</i>\"],\"results\":[\"2\"]},\"userId\":\"" + USER + "\"}"}, nextMessage());
    }

    @Test
    void aCpuLimitErrorPublishesCpuErrorAndTheErrorAndNotifiesTheUser() throws Exception {
        subscribe(CONSOLE, CPU);
        TickResult result = new TickResult(USER, "Error: CPU limit reached", obj(), obj(), 0,
                "{}", List.of(), List.of(), Map.of(), null, null, null, null, null, null, 120, 119, 121);
        storage.resultWriter().save(data, result);
        assertArrayEquals(new String[] {CPU, "{\"cpu\":\"error\",\"memory\":2}"}, nextMessage());
        assertEquals(CONSOLE, nextMessage()[0]);
        assertArrayEquals(new String[] {CONSOLE, "{\"userId\":\"" + USER + "\",\"error\":\"Error: CPU limit reached\"}"},
                nextMessage());
        Document note = mongo.getCollection("users.notifications").find(new Document("type", "error")).first();
        assertEquals("Error: CPU limit reached", note.get("message"));
        assertEquals(1, note.getInteger("count"));
    }

    @Test
    void memoryOver2MbFailsWithTheNodeTextAndWritesNothing() throws Exception {
        subscribe(CPU);
        String memory = "x".repeat(2 * 1024 * 1024 + 1);
        StorageLimitExceededException e = assertThrows(StorageLimitExceededException.class, () ->
                storage.resultWriter().save(data, result(obj(), memory, null, null, null, Map.of(), null)));
        assertEquals("Script execution has been terminated: memory allocation limit reached", e.getMessage());
        assertEquals(0, redis.exists("memory:" + USER));
        assertFalse(mongo.getCollection("users").find(new Document("_id", USER)).first().containsKey("lastUsedCpu"));
        assertEquals(List.of(), drainMessages());
        storage.resultWriter().save(data, result(obj(), "y".repeat(2 * 1024 * 1024), null, null, null, Map.of(), null));
        assertEquals(2 * 1024 * 1024, redis.strlen("memory:" + USER));
    }

    @Test
    void aCommandRedisRejectsInTheSaveTransactionFailsTheSaveAndTheNextSaveWorks() throws Exception {
        // roomIntents:W1N1 is a string, so the transaction's HSET on it fails at EXEC (WRONGTYPE); MULTI/EXEC does not
        // roll back, so the commands around it are applied.
        redis.set("roomIntents:W1N1", "not a hash");
        ObjectNode intents = (ObjectNode) JSON.readTree("{\"W1N1\":{\"creep1\":{\"move\":{\"direction\":3}}}}");
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
                storage.resultWriter().save(data, result(intents, "{\"a\":1}", null, null, null, Map.of(), null)));
        assertEquals("Redis rejected 1 save command(s)", e.getMessage());
        assertTrue(e.getSuppressed()[0].getMessage().contains("WRONGTYPE"), e.getSuppressed()[0]::getMessage);
        assertFalse(StorageResilience.isStorageUnavailable(e), "a refused write is not an outage: " + e);
        assertEquals("{\"a\":1}", redis.get("memory:" + USER));

        redis.del("roomIntents:W1N1");
        storage.resultWriter().save(data, result(intents, "{\"a\":2}", null, null, null, Map.of(), null));
        assertEquals("{\"a\":2}", redis.get("memory:" + USER));
        assertEquals("{\"creep1\":{\"move\":{\"direction\":3}}}", redis.hget("roomIntents:W1N1", USER));
    }

    @Test
    void aSegmentOver100KbFailsWithTheNodeText() {
        StorageLimitExceededException e = assertThrows(StorageLimitExceededException.class, () ->
                storage.resultWriter().save(data, result(obj(), "{}", Map.of(4, "s".repeat(100 * 1024 + 1)), null, null,
                        Map.of(), null)));
        assertEquals("Memory segment #4 has exceeded 100 KB length limit", e.getMessage());
        assertEquals(0, redis.exists("memorySegments:" + USER));
        storage.resultWriter().save(data, result(obj(), "{}", Map.of(4, "s".repeat(100 * 1024)), null, null, Map.of(),
                null));
        assertEquals(100 * 1024, redis.hstrlen("memorySegments:" + USER, "4"));
    }

    @Test
    void aForeignSegmentRequestIsResolvedByUsername() throws Exception {
        storage.resultWriter().save(data, result(obj(), "{}", null, null, JSON.readTree("{\"username\":\"AliceBot\"}"),
                Map.of(), null));
        Document foreign = user().get("activeForeignSegment", Document.class);
        assertEquals("AliceBot", foreign.get("username"));
        assertEquals("e3b732c504eb83a", foreign.get("user_id"));
        assertEquals(7, foreign.getInteger("id"), "the target's defaultPublicSegment");
    }

    @Test
    void aForeignSegmentOfTheSameUsernameOnlyChangesItsId() throws Exception {
        mongo.getCollection("users").updateOne(new Document("_id", USER), new Document("$set",
                new Document("activeForeignSegment", new Document("username", "AliceBot")
                        .append("user_id", "e3b732c504eb83a").append("id", 1))));
        data = assertInstanceOf(LoadResult.Ready.class, loadAndCommit(USER)).data();
        storage.resultWriter().save(data, result(obj(), "{}", null, null,
                JSON.readTree("{\"username\":\"AliceBot\",\"id\":9}"), Map.of(), null));
        Document foreign = user().get("activeForeignSegment", Document.class);
        assertEquals(9, foreign.getInteger("id"));
        assertEquals("e3b732c504eb83a", foreign.get("user_id"));
        storage.resultWriter().save(data, result(obj(), "{}", null, null, JsonNodeFactory.instance.nullNode(),
                Map.of(), null));
        assertFalse(user().containsKey("activeForeignSegment"));
    }

    @Test
    void defaultPublicSegmentIsSetEvenToNull() {
        storage.resultWriter().save(data, result(obj(), "{}", null, null, null, Map.of(),
                JsonNodeFactory.instance.nullNode()));
        assertTrue(user().containsKey("defaultPublicSegment"));
        assertEquals(null, user().get("defaultPublicSegment"));
    }

    @Test
    void savingTheSameTickTwiceLeavesOneGlobalIntentsDocument() throws Exception {
        ObjectNode intents = (ObjectNode) JSON.readTree("{\"global\":{\"x\":[1]}}");
        storage.resultWriter().save(data, result(intents, "{}", null, null, null, Map.of(), null));
        storage.resultWriter().save(data, result(intents, "{}", null, null, null, Map.of(), null));
        assertEquals(1, mongo.getCollection("users.intents").countDocuments());
    }

    @Test
    void aFailedTickPublishesUserIdAndErrorAndAWatchdogAlsoCpuError() {
        subscribe(CONSOLE, CPU);
        storage.resultWriter().report(USER, 7, new TickOutcome.Skipped(TickOutcome.Skipped.Reason.CPU_GATE,
                PlayerMessages.CPU_BUCKET_EMPTY));
        assertArrayEquals(new String[] {CONSOLE, "{\"userId\":\"" + USER + "\",\"error\":\""
                + PlayerMessages.CPU_BUCKET_EMPTY + "\"}"}, nextMessage());
        storage.resultWriter().report(USER, 7,
                new TickOutcome.Failed(TickOutcome.Failed.Kind.WATCHDOG, "timed out", true));
        assertArrayEquals(new String[] {CPU, "{\"cpu\":\"error\"}"}, nextMessage());
        assertEquals(CONSOLE, nextMessage()[0]);
        assertEquals(2, mongo.getCollection("users.notifications").countDocuments());
    }

    @Test
    void aFailureReportedAgainForTheSameTickIsCountedOnce() {
        TickOutcome.Failed failed = new TickOutcome.Failed(TickOutcome.Failed.Kind.TIMEOUT, "Error: timed out", true);
        storage.resultWriter().report(USER, 9, failed);
        storage.resultWriter().report(USER, 9, failed);
        Document n = mongo.getCollection("users.notifications").find(new Document("user", USER)).first();
        assertEquals(1, n.getInteger("count"), "a retried report of tick 9");
        storage.resultWriter().report(USER, 10, failed);
        n = mongo.getCollection("users.notifications").find(new Document("user", USER)).first();
        assertEquals(2, n.getInteger("count"), "tick 10 is another failure");
    }

    @Test
    void npcUsersGetNoConsoleMessages() throws Exception {
        subscribe("user:2/console");
        storage.resultWriter().report("2", 7, new TickOutcome.Failed(TickOutcome.Failed.Kind.INTERNAL, "boom", false));
        assertEquals(List.of(), drainMessages());
    }

    private Document user() {
        return mongo.getCollection("users").find(new Document("_id", USER)).first();
    }

    private static ObjectNode obj() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void savingTheSameTickTwiceLeavesTheStateOfOneSaveIssue5() throws Exception {
        ObjectNode intents = (ObjectNode) JSON.readTree("{\"notify\":[{\"message\":\"yo\",\"groupInterval\":5},"
                + "{\"message\":\"yo\",\"groupInterval\":5}],\"global\":{\"a\":[1]},\"market\":{\"b\":[2]}}");
        TickResult result = new TickResult(USER, "Error: boom", obj(), intents, 0, "{}",
                List.of(), List.of(), Map.of(), null, null, null, null, null, null, 7, 6.2, 9);
        storage.resultWriter().save(data, result);
        storage.resultWriter().save(data, result);

        Document msg = mongo.getCollection("users.notifications").find(new Document("type", "msg")).first();
        assertEquals(2, msg.getInteger("count"), "two notify intents in one tick count twice, a retry does not");
        Document error = mongo.getCollection("users.notifications").find(new Document("type", "error")).first();
        assertEquals(1, error.getInteger("count"));
        assertEquals(2, mongo.getCollection("users.notifications").countDocuments());
        assertEquals(1, mongo.getCollection("users.intents").countDocuments());
        assertEquals(1, mongo.getCollection("market.intents").countDocuments());
        assertEquals(500 + 100 - 7, mongo.getCollection("users").find(new Document("_id", USER)).first()
                .getInteger("cpuAvailable"), "the bucket arithmetic starts from the loaded user both times");

        RuntimeData next = new RuntimeData(USER, data.gameTime() + 1, data.userCodeTimestamp(), data.cpuLimitMs(),
                data.cpuBucketMs(), data.payload());
        storage.resultWriter().save(next, result);
        assertEquals(4, mongo.getCollection("users.notifications").find(new Document("type", "msg")).first()
                .getInteger("count"), "the next tick counts again");
    }

    @Test
    void interShardSegmentGoesToItsOwnHashFieldNamedAfterTheShard() throws Exception {
        TickResult result = new TickResult(USER, null, obj(), obj(), 0, "{}", List.of(),
                List.of(), Map.of(), null, null, null, null, "1", "{\"hello\":1}", 7, 6.2, 9);
        storage.resultWriter("shardX").save(data, result);
        assertEquals(Map.of("shardX", "{\"hello\":1}"), redis.hgetall("interShardMemory:" + USER));
        assertEquals("1", redis.get("publicMemorySegments:" + USER));
        RuntimeData reloaded = assertInstanceOf(LoadResult.Ready.class, loadAndCommit(USER)).data();
        assertEquals("{\"hello\":1}", reloaded.payload().get("interShardSegments").get("shardX").asText());
    }

    @Test
    void interShardSegmentOver100KbFailsTheSaveBeforeAnyWrite() {
        TickResult result = new TickResult(USER, null, obj(), obj(), 0, "{\"m\":1}",
                List.of(), List.of(), Map.of(), null, null, null, null, null, "x".repeat(100 * 1024 + 1), 7, 6.2, 9);
        StorageLimitExceededException e = assertThrows(StorageLimitExceededException.class,
                () -> storage.resultWriter().save(data, result));
        assertEquals(PlayerMessages.INTER_SHARD_LIMIT_EXCEEDED, e.getMessage());
        assertEquals(null, redis.get("memory:" + USER));
    }

    @Test
    void reportSkippedTellsThePlayerTheTickWasNotSaved() throws Exception {
        subscribe(CONSOLE);
        storage.resultWriter().report(USER, 42,
                new TickOutcome.StorageUnavailable(TickOutcome.StorageUnavailable.Stage.SAVE, "Redis down"));
        assertArrayEquals(new String[] {CONSOLE, "{\"userId\":\"" + USER + "\",\"error\":\"Tick 42 skipped: "
                + "storage unavailable. Nothing of this run was saved; the tick runs again if storage returns in time.\"}"}, nextMessage());
    }

    private static TickResult result(ObjectNode intents, String memory, Map<Integer, String> segments,
                                     String publicSegments, JsonNode foreign, Map<String, String> visual,
                                     JsonNode defaultPublic) {
        return new TickResult(USER, null, obj(), intents, 0, memory, List.of(), List.of(),
                visual, segments, null, foreign, defaultPublic, publicSegments, null, 7, 6.2, 9);
    }
}
