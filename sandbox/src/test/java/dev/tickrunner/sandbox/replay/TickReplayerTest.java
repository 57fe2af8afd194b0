package dev.tickrunner.sandbox.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tickrunner.model.ConsoleMessage;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.TestWorld;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link TickReplayer}'s streaming replay, which {@code tickrunner replay} uses so that a long replay of a large Memory
 * keeps one tick's output at a time (1,500 ticks of the 500 KB {@code memory} recording ran out of a 1 GB heap when
 * every tick was kept).
 */
class TickReplayerTest {
    private static final Pattern TICKS_LOGGED = Pattern.compile("ticks=(\\d+)");
    static SandboxFactory factory;

    @BeforeAll
    static void startEngine() throws IOException {
        factory = new SandboxFactory(ScreepsPackages.bundled(), TestWorld.recorded(), SandboxConfig.ofDefaults());
    }

    @AfterAll
    static void stopEngine() {
        factory.close();
    }

    @Test
    void eachTickIsHandedOverInOrderWithTheSavedMemoryFedToTheNext() {
        // The memory bot logs its tick counter kept in Memory: it goes up by one a tick only if every tick got the
        // Memory the tick before saved.
        Recording recording = Recording.of(TestWorld.read("/conformance/memory.tick1.json"));
        List<Integer> tickNumbers = new ArrayList<>();
        List<String> logs = new ArrayList<>();
        new TickReplayer(factory).replay(recording, 3, tick -> {
            tickNumbers.add(tick.tickNumber());
            TickOutcome.Completed done = assertInstanceOf(TickOutcome.Completed.class, tick.outcome());
            logs.add(String.join("\n", done.result().consoleLog().stream().map(ConsoleMessage::message).toList()));
        });
        assertEquals(List.of(1, 2, 3), tickNumbers);
        int first = ticksLogged(logs.get(0));
        assertEquals(List.of(first, first + 1, first + 2), logs.stream().map(TickReplayerTest::ticksLogged).toList(),
                () -> "console of the three ticks: " + logs);
    }

    @Test
    void whatTheConsumerThrowsEndsTheReplayBeforeTheNextTick() {
        Recording recording = Recording.of(TestWorld.read("/conformance/empty.tick1.json"));
        List<Integer> handed = new ArrayList<>();
        IllegalStateException stop = new IllegalStateException("disk full");
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> new TickReplayer(factory).replay(recording, 5, tick -> {
                    handed.add(tick.tickNumber());
                    if (tick.tickNumber() == 2) {
                        throw stop;
                    }
                }));
        assertSame(stop, thrown);
        assertEquals(List.of(1, 2), handed);
    }

    @Test
    void theListReplayReturnsEveryTickInOrder() {
        Recording recording = Recording.of(TestWorld.read("/conformance/empty.tick1.json"));
        List<TickReplayer.ReplayedTick> ticks = new TickReplayer(factory).replay(recording, 2);
        assertEquals(List.of(1, 2), ticks.stream().map(TickReplayer.ReplayedTick::tickNumber).toList());
    }

    private static int ticksLogged(String log) {
        Matcher m = TICKS_LOGGED.matcher(log);
        if (!m.find()) {
            throw new AssertionError("no ticks= in the console: " + log);
        }
        return Integer.parseInt(m.group(1));
    }
}
