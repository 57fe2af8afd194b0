package dev.tickrunner.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.telemetry.ResultTag;
import dev.tickrunner.runner.demo.DemoShard;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The embedded default end to end: the bundled world's four bots run their own code from {@code users.code} for
 * five main-loop ticks through the real queue, sandbox and storage; their intents land in {@code roomIntents:*} and
 * their Memory in {@code memory:*}, in the embedded Redis.
 */
class DemoEndToEndIT {
    private static final Set<String> BOTS = Set.of("a1123272b261687", "17c332744f825c7", "e3b732c504eb83a",
            "eea532c5a2f9e44");

    @Test
    void fiveDemoTicksSaveEveryBotsIntentsAndMemory() throws Exception {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        try (DemoShard shard = DemoShard.start(2)) {
            List<TickReport> reports = shard.runTicks(5, new PrintStream(lines, true, StandardCharsets.UTF_8));
            assertEquals(20, reports.size(), "4 bots x 5 ticks");
            Map<String, Long> doneByUser = reports.stream().filter(r -> r.result() == ResultTag.DONE)
                    .collect(Collectors.groupingBy(TickReport::userId, Collectors.counting()));
            assertEquals(BOTS, doneByUser.keySet(), "every bot ran without error: " + lines);
            doneByUser.values().forEach(count -> assertEquals(5L, count, () -> "every tick done: " + reports.stream()
                    .filter(r -> r.result() != ResultTag.DONE).map(r -> r.userId() + " " + r.result() + " "
                            + r.error()).toList()));

            RedisClient client = RedisClient.create("redis://127.0.0.1:" + shard.services().redisPort());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> redis = connection.sync();
                List<String> intentKeys = redis.keys("roomIntents:*");
                assertFalse(intentKeys.isEmpty(), "no roomIntents:* key");
                Set<String> usersWithIntents = intentKeys.stream().flatMap(key -> redis.hkeys(key).stream())
                        .collect(Collectors.toSet());
                assertEquals(BOTS, usersWithIntents, "every bot's intents are in roomIntents:<room>");
                ObjectMapper mapper = new ObjectMapper();
                for (String key : intentKeys) {
                    assertTrue(redis.sismember("activeRooms", key.substring("roomIntents:".length())), key);
                    for (String json : redis.hvals(key)) {
                        JsonNode intents = mapper.readTree(json);
                        assertTrue(intents.isObject() && intents.size() > 0, json);
                    }
                }
                for (String bot : BOTS) {
                    String memory = redis.get("memory:" + bot);
                    assertTrue(memory != null && mapper.readTree(memory).isObject(), "memory:" + bot + " = " + memory);
                }
            } finally {
                client.shutdown();
            }
        }
        String output = lines.toString(StandardCharsets.UTF_8);
        assertEquals(5, output.lines().filter(l -> l.startsWith("tick ")).count(), output);
    }
}
