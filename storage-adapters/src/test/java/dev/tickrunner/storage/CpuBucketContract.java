package dev.tickrunner.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.TickResult;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every branch of make.js getUserData and the users $set after a run. */
abstract class CpuBucketContract extends StorageTestBase {
    private static final String USER = "u00000000000001";

    @BeforeEach
    void seedOneUserWithOneCreep() {
        redis.set("gameTime", "7");
        mongo.getCollection("rooms.objects").insertOne(new Document("_id", "creep1").append("type", "creep")
                .append("room", "W1N1").append("user", USER));
    }

    @Test
    void bucketBelowZeroSkipsTickAndRefillsByUserCpu() {
        user(new Document("cpu", 100).append("cpuAvailable", -50).append("lastUsedCpu", 9));
        TickOutcome.Skipped failure = skipped();
        assertEquals(TickOutcome.Skipped.Reason.CPU_GATE, failure.reason());
        assertEquals("Script execution has been terminated: CPU bucket is empty", failure.message());
        Document u = user();
        assertEquals(50, u.getInteger("cpuAvailable"));
        assertEquals(0, u.getInteger("lastUsedCpu"));
        assertEquals(0, u.getInteger("lastUsedDirtyTime"));
    }

    @Test
    void bucketBelowMinusTwiceCpuIsRaisedToMinusTwiceCpu() {
        user(new Document("cpu", 100).append("cpuAvailable", -1000));
        skipped();
        assertEquals(-200, user().getInteger("cpuAvailable"));
    }

    @Test
    void skipTicksPenaltySkipsTheTickAndCountsDown() {
        user(new Document("cpu", 100).append("cpuAvailable", -5).append("skipTicksPenalty", 2));
        TickOutcome.Skipped failure = skipped();
        assertEquals(PlayerMessages.SKIP_TICKS_PENALTY, failure.message());
        assertEquals(1, user().getInteger("skipTicksPenalty"));
        assertEquals(-5, user().getInteger("cpuAvailable"), "the penalty branch comes first and leaves the bucket");
    }

    @Test
    void withoutACpuLimitNeitherPenaltyNorEmptyBucketSkips() {
        user(new Document("cpu", 0).append("cpuAvailable", -5).append("skipTicksPenalty", 2));
        RuntimeData data = ready();
        assertEquals(Double.POSITIVE_INFINITY, data.cpuLimitMs());
        assertEquals(Double.POSITIVE_INFINITY, data.cpuBucketMs());
    }

    @Test
    void tickLimitIsBucketPlusCpuCappedAtCpuMaxPerTick() {
        user(new Document("cpu", 100).append("cpuAvailable", 10000));
        assertEquals(500, ready().cpuLimitMs());
        user(new Document("cpu", 100).append("cpuAvailable", 150));
        RuntimeData data = ready();
        assertEquals(250, data.cpuLimitMs());
        assertEquals(150, data.cpuBucketMs());
        assertEquals(250, data.payload().get("cpu").asInt());
    }

    @Test
    void missingBucketCountsAsZero() {
        user(new Document("cpu", 30));
        RuntimeData data = ready();
        assertEquals(30, data.cpuLimitMs());
        assertEquals(0, data.cpuBucketMs());
    }

    @Test
    void afterRunBucketGainsCpuMinusCeiledCleanTimeAndIntentCpu() {
        user(new Document("cpu", 100).append("cpuAvailable", 1000));
        RuntimeData data = ready();
        storage.resultWriter().save(data, result(12.3, 1.2, 14, List.of(1, 2)));
        Document u = user();
        assertEquals(1000 + 100 - 14, u.getInteger("cpuAvailable"), "ceil(12.3 + 1.2) = 14");
        assertEquals(14, ((Number) u.get("lastUsedCpu")).intValue());
        assertEquals(20, ((Number) u.get("lastUsedDirtyTime")).intValue());
        assertEquals(List.of(1, 2), u.getList("activeSegments", Integer.class));
    }

    @Test
    void afterRunBucketIsCappedAtTheBucketSize() {
        user(new Document("cpu", 100).append("cpuAvailable", 9990));
        storage.resultWriter().save(ready(), result(1, 0, 1, null));
        assertEquals(10000, user().getInteger("cpuAvailable"));
        assertFalse(user().containsKey("activeSegments"));
    }

    @Test
    void afterRunWithoutCpuLimitLeavesTheBucketAlone() {
        user(new Document("cpu", 0).append("cpuAvailable", 77));
        storage.resultWriter().save(ready(), result(300, 0, 300, null));
        assertEquals(77, user().getInteger("cpuAvailable"));
        assertEquals(300, ((Number) user().get("lastUsedCpu")).intValue());
    }

    private void user(Document fields) {
        mongo.getCollection("users").deleteMany(new Document());
        Document user = new Document("_id", USER).append("username", "Tester").append("active", 1);
        user.putAll(fields);
        mongo.getCollection("users").insertOne(user);
    }

    private Document user() {
        return mongo.getCollection("users").find(new Document("_id", USER)).first();
    }

    private TickOutcome.Skipped skipped() {
        return assertInstanceOf(LoadResult.Skipped.class, loadAndCommit(USER)).skipped();
    }

    private RuntimeData ready() {
        return assertInstanceOf(LoadResult.Ready.class, loadAndCommit(USER)).data();
    }

    private static TickResult result(double cleanMs, double intentsCpu, long usedMs, List<Integer> activeSegments) {
        var nodes = JsonNodeFactory.instance;
        return new TickResult(USER, null, nodes.objectNode(), nodes.objectNode(), intentsCpu,
                "{}", List.of(), List.of(), Map.of(), null, activeSegments, null, null, null, null, usedMs, cleanMs,
                20);
    }
}
