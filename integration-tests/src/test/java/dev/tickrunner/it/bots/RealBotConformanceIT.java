package dev.tickrunner.it.bots;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.it.RecordedWorld;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.sandbox.EngineWarmup;
import dev.tickrunner.sandbox.PlayerMessages;
import dev.tickrunner.sandbox.SandboxConfig;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.sandbox.replay.RecordedOutput;
import dev.tickrunner.sandbox.replay.Recording;
import dev.tickrunner.sandbox.replay.TickReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue #11: large public bots, fetched from npm at build time ({@code src/test/real-bots/package.json}, pinned by its
 * lock file, never copied into the repository), run as on the Node runner. Each was recorded twice on the real Node
 * runtime with {@code src/test/real-bots/record.sh} (reference runner, {@code dir:} scenario, the bare bot room, ticks
 * 1–3); the recordings hold the world and Node's output, not the bot's code, which the test puts back from the npm
 * package. Ticks 1 and 3 of one sandbox are compared with {@link NodeRunVariance}: identical wherever the two Node runs
 * agree. Runs under the Graal JIT after the engine warm-up, as production does (the failsafe JIT execution).
 *
 * <p>Prints a table (bot, code size, tick 1, tick 3, CPU per tick beside Node's) to the log and to
 * {@code target/real-bots-table.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealBotConformanceIT {
    private static final Logger LOG = LoggerFactory.getLogger(RealBotConformanceIT.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path BOT_LIST = Path.of("src", "test", "real-bots", "bots.tsv");
    private static final Path BOTS = Path.of(System.getProperty("real.bots.dir", "target/real-bots"), "node_modules");
    /** How long each bot's recording is replayed on throwaway sandboxes before the compared replay. */
    private static final Duration BOT_WARMUP = Duration.ofSeconds(Long.getLong("real.bots.warmupSeconds", 30));
    /**
     * Issue #9: bots whose ticks can still pass the 500 ms CPU limit here where Node's did not (README "Conformance"):
     * The International's tick 1 on a fresh sandbox (its 1.3 MB of module code runs once per sandbox, in Truffle's
     * interpreter: 500+ ms against Node's 231) and Overmind's tick 3 (about 490 ms against Node's 47 after 100 warm-up
     * ticks). For these, a tick stopped at the CPU limit is the one difference allowed; every other tick must agree.
     */
    private static final Set<String> SLOWER_THAN_NODE = Set.of("the-international", "overmind");
    /**
     * Issue #11 point 8: V8's own accounting in {@code Game.cpu.getHeapStatistics()}, which a bot may keep in Memory
     * (The International does): the size of compiled code, what V8 malloc'ed and the external memory of its copies of
     * the runtime data have no JVM counterpart, and HeapStatistics reports tickrunner's own figures there (README
     * "Conformance"). A difference in one of these fields is the one allowed in Memory; two Node runs agree on them.
     */
    private static final Set<String> V8_ACCOUNTING = Set.of("total_heap_size_executable", "malloced_memory",
            "peak_malloced_memory", "externally_allocated_size");
    /** Warm-up ticks per throwaway sandbox: long enough for a bot's first ticks (its set-up) to be behind it. */
    private static final int WARMUP_TICKS_PER_SANDBOX = 20;
    private final List<String> table = new ArrayList<>();
    private SandboxFactory factory;

    @BeforeAll
    void startEngine() {
        factory = new SandboxFactory(ScreepsPackages.bundled(), RecordedWorld.settings(), SandboxConfig.ofDefaults());
        new EngineWarmup(factory).run(EngineWarmup.DEFAULT_BUDGET);
        table.add("| bot | code | warm-up | tick 1 | tick 3 | CPU tick 1 / Node | CPU tick 3 / Node |");
        table.add("|---|---|---|---|---|---|---|");
    }

    @AfterAll
    void stopEngine() throws IOException {
        factory.close();
        String text = String.join("\n", table) + "\n";
        LOG.info("Real bots on tickrunner against Node:\n{}", text);
        Files.writeString(Path.of("target/real-bots-table.md"), text);
    }

    /** The bots of {@code src/test/real-bots/bots.tsv}, the list record.sh recorded. */
    static List<String> bots() throws IOException {
        try (Stream<String> lines = Files.lines(BOT_LIST)) {
            return lines.filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.split("\t")[0])
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bots")
    void botTicksAreNodesWhereTwoNodeRunsAgree(String bot) throws IOException {
        JsonNode file = read(bot + ".tick1.json");
        ObjectNode input = (ObjectNode) file.get("input").deepCopy();
        String npm = input.path("userCode").path("$npm").asText();
        ObjectNode code = modules(BOTS.resolve(npm));
        input.set("userCode", code);
        ObjectNode withCode = ((ObjectNode) file.deepCopy()).set("input", input);
        Recording recording = Recording.of(withCode);
        TickReplayer replayer = new TickReplayer(factory);
        // A shard that has run this bot before: its code is compiled (one engine shares it across contexts). The
        // first warm-up tick is the cold figure: a fresh JVM's first tick of this bot.
        long warmUntil = System.nanoTime() + BOT_WARMUP.toNanos();
        int warmTicks = 0;
        String coldCpu = null;
        while (System.nanoTime() < warmUntil) {
            List<TickReplayer.ReplayedTick> warm = replayer.replay(recording, WARMUP_TICKS_PER_SANDBOX);
            if (coldCpu == null) {
                coldCpu = cpu(warm.getFirst().outcome());
            }
            warmTicks += warm.size();
        }
        List<TickReplayer.ReplayedTick> ticks = replayer.replay(recording, 3);

        List<String> row = new ArrayList<>(List.of(bot, codeKb(code) + " KB", warmTicks + " ticks, cold tick 1 " + coldCpu));
        List<String> cpu = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int tick : new int[] {1, 3}) {
            JsonNode node = read(bot + ".tick" + tick + ".json");
            JsonNode again = read(bot + ".tick" + tick + ".node2.json");
            TickOutcome outcome = ticks.get(tick - 1).outcome();
            ObjectNode actual = new RecordedOutput(MAPPER).of(outcome);
            List<String> differences = NodeRunVariance.differences(node.get("output"), again.get("output"), actual)
                    .stream().filter(d -> !isV8Accounting(d)).toList();
            // A tick stopped at the CPU limit, or one after such a tick (its state follows from the cut-off one).
            boolean slower = ticks.subList(0, tick).stream().anyMatch(t -> t.outcome()
                    instanceof TickOutcome.Completed done && done.stoppedAtCpuLimit())
                    && !node.get("output").path("error").asText().startsWith(PlayerMessages.SCRIPT_TIMED_OUT);
            if (slower && SLOWER_THAN_NODE.contains(bot)) {
                differences = List.of(); // the known difference: see SLOWER_THAN_NODE
            }
            final List<String> found = differences;
            found.forEach(d -> all.add("tick " + tick + " " + d));
            row.add(slower ? "stopped at the CPU limit (Node: " + String.format("%.1f ms", node.path("timing")
                    .path("usedCleanTime").asDouble()) + ")" : differences.isEmpty() ? "identical (Node runs differ in " + NodeRunVariance.unstableKeys(
                    node.get("output"), again.get("output")) + ")" : differences.size() + " differences: "
                    + differences.getFirst().replace("|", "\\|"));
            double nodeCpu = node.path("timing").path("usedCleanTime").asDouble();
            cpu.add(cpu(outcome) + " / " + String.format("%.1f ms", nodeCpu));
        }
        row.addAll(cpu);
        table.add("| " + String.join(" | ", row) + " |");
        assertEquals(List.of(), all, bot);
    }

    /** @param difference {@code <path>: expected … but was …}, as NodeRunVariance words it */
    private static boolean isV8Accounting(String difference) {
        int colon = difference.indexOf(':');
        String path = colon < 0 ? difference : difference.substring(0, colon);
        return path.startsWith("memory.") && V8_ACCOUNTING.contains(path.substring(path.lastIndexOf('.') + 1));
    }

    private static String cpu(TickOutcome outcome) {
        return outcome instanceof TickOutcome.Completed done && !done.stoppedAtCpuLimit()
                ? String.format("%.1f ms", done.result().usedCleanTimeMs()) : "timed out";
    }

    /**
     * The modules of a bot folder as the reference runner's {@code dir:} scenario reads them, named as the recorded
     * runtime data carries them (file name without {@code .js}, storage escapes undone).
     */
    private static ObjectNode modules(Path folder) throws IOException {
        ObjectNode modules = MAPPER.createObjectNode();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".js")).sorted().toList()) {
                String name = f.getFileName().toString();
                modules.put(name.substring(0, name.length() - 3), Files.readString(f));
            }
        }
        if (!modules.has("main")) {
            throw new IllegalStateException("No main.js in " + folder + " (did the build's npm ci run?)");
        }
        return modules;
    }

    private static long codeKb(ObjectNode code) {
        long chars = 0;
        for (JsonNode module : code) {
            chars += module.asText().length();
        }
        return chars / 1024;
    }

    private static JsonNode read(String name) {
        String path = "/real-bots/" + name;
        try (InputStream in = RealBotConformanceIT.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No test resource " + path);
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
