package dev.tickrunner.sandbox.pathfinder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.ConsoleMessage;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.TestWorld;
import dev.tickrunner.model.TickOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs player code for one tick in a real {@link PlayerSandbox} on the recorded world ({@link TestWorld#recorded()}),
 * the way PlayerSandboxTest does, with a recorded tick input ({@code empty} or {@code harvester}) as the base.
 */
final class SandboxTicks implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String USER = "17c332744f825c7";

    private final SandboxFactory factory;
    private final ObjectNode baseInput;

    /** @param recording a tick recording resource, e.g. {@code /conformance/harvester.tick1.json} */
    SandboxTicks(String recording) {
        // A tick of many searches in a cold context (interpreted JS) can pass the default 5 s wall-clock backstop, and
        // its first game.init the 1 s CPU budget of the prepare stage, on the shared 2-core machine; these tests are
        // about answers, not timing.
        factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(),
                SandboxConfig.builder().wallClockBackstop(Duration.ofSeconds(60))
                        .finishCpuBudget(Duration.ofSeconds(20)).build());
        baseInput = (ObjectNode) TestWorld.read(recording).get("input");
    }

    /** Runs {@code mainCode} as the player's {@code main} module for one tick (time 1, the recording's Memory). */
    TickResult run(String mainCode) {
        ObjectNode payload = baseInput.deepCopy();
        payload.putObject("userCode").put("main", mainCode);
        long time = payload.path("time").asLong(1);
        RuntimeData data = new RuntimeData(USER, time, 1, 20_000, 20_000, payload);
        try (PlayerSandbox sandbox = factory.create(USER, 1)) {
            TickOutcome outcome = sandbox.runTick(data);
            TickOutcome.Completed completed = assertInstanceOf(TickOutcome.Completed.class, outcome,
                    () -> "tick failed: " + outcome);
            TickResult result = completed.result();
            assertFalse(completed.threw(), result::error);
            return result;
        }
    }

    /** @return every console line of the tick parsed as JSON (the player code logs only JSON.stringify output) */
    static List<JsonNode> jsonLines(TickResult result) {
        List<JsonNode> lines = new ArrayList<>();
        for (ConsoleMessage message : result.consoleLog()) {
            try {
                lines.add(MAPPER.readTree(message.message()));
            } catch (IOException e) {
                throw new UncheckedIOException("console line is not JSON: " + message.message(), e);
            }
        }
        return lines;
    }

    /** @return {@code value} as a JS literal for player code */
    static String jsLiteral(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        factory.close();
    }
}
