package dev.tickrunner.sandbox;

import dev.tickrunner.model.TickOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.sandbox.replay.Recording;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the process's shared GraalJS engine before a runner takes its first user ticket: runs bundled bots on scratch
 * sandboxes (never saved anywhere, never in the {@link SandboxPool}), so that the engine's game code, lodash and the
 * runtime are compiled by the Graal JIT before any player's clock runs on them. Without it the first ticks after a JVM
 * start run in Truffle's interpreter while the compiler is itself being compiled, and time out where Node's do not.
 *
 * <p>The bots: the bundled world's own bot (the code of {@code users.code} in {@code @screeps/storage}'s
 * {@code db.original.json}, the Node reference's {@code simplebot}), a tutorial harvester, an empty loop and a bot
 * that keeps about 15 KB in Memory ({@value #MEMORY_BOT_RESOURCE}: the Memory parser, {@code memory-parser.js}, and
 * the stringify of a large Memory), all in the world of a recorded Node tick (room W1N1 with a spawn, two sources and
 * five creeps, resource {@value #WORLD_RESOURCE}); the bundled world's bot and the harvester also run in that room at
 * a later state ({@value #LATER_WORLD_RESOURCE}: controller level 3, construction sites, extensions, a tower, a
 * tombstone, dropped energy, objects keyed as MongoDB stores them; the bundled bot's spawn idle with a dead creep's
 * name free, so that its createCreep succeeds, the harvester's busy spawning). Without that state the engine's
 * per-tick game builder ({@code makeGameObject} in {@code game.js}, about 240 KB of machine code, 2.5–4 s a
 * compilation on 2 cores) and the makers it calls were compiled for the first room's objects only, and on the live
 * shard they were deoptimised and compiled again as the first tombstones, dropped energy and extensions appeared
 * (13 compilations of it in 3.5 minutes, 46 % of the process CPU compiling in a window at gameTime 1,552–1,752).
 * Each bot's sandbox is recreated every {@value #TICKS_PER_SANDBOX}
 * ticks, with the Memory the bot saved last, so that the path of a new sandbox and its first tick is compiled too.
 * The warm-up ends when its time budget is spent or when the JIT has caught up: for a whole second Truffle's compiler
 * threads used less than {@value #SETTLED_COMPILER_CORES} of a core ({@link CompilerActivity}), after at least
 * {@value #MIN_SECONDS} s and one tick of every bot. Before the bots, a quarter of the budget (at most
 * {@link #PARSER_BUDGET}) warms GraalJS's parser ({@link SandboxFactory#warmParser}), which parses each player's code
 * when the player's sandbox takes its first tick.
 * A live shard's waiting players end it early ({@link #run(Duration, BooleanSupplier)}), but only once every bot's
 * latest new sandbox + first tick took at most {@value #READY_COLD_MS} ms.
 *
 * <p>Deviates from Node: a Node runner needs no warm-up (V8 compiles each isolate's code as it runs).
 * Runs on the calling thread; uses the factory's world (terrain, world size), not the recording's.
 */
public final class EngineWarmup {
    /** The user id of the scratch sandboxes: no real user has it, so no failure history or metric mixes with one. */
    public static final String WARMUP_USER = "tickrunnerwarmup";
    /** Default time budget: enough on 2 busy cores for the first ticks of a fresh sandbox to pass a 100 ms limit. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(20);
    static final String WORLD_RESOURCE = "/dev/tickrunner/sandbox/warmup/world.tick1.json";
    /**
     * The warm-up room at a later state of a shard's game ({@link #laterWorld}): the objects a live shard's bots meet
     * around gameTime 1,500–2,100 (construction sites, extensions, a tower, a spawn spawning, tombstones, dropped
     * energy), with the keys MongoDB gives them.
     */
    static final String LATER_WORLD_RESOURCE = "/dev/tickrunner/sandbox/warmup/later-world.json";
    /** The bot with a large Memory (memory-parser.js and a large stringify compiled before players need them). */
    static final String MEMORY_BOT_RESOURCE = "/dev/tickrunner/sandbox/warmup/memory-bot.js";
    static final int TICKS_PER_SANDBOX = 25;
    private static final int ROUND_TICKS = 60;
    /** Below this many cores of Truffle compiler CPU over a second the compile queue has drained. */
    static final double SETTLED_COMPILER_CORES = 0.15;
    static final int MIN_SECONDS = 2;
    /**
     * Waiting players end the warm-up only once a new sandbox + its first tick (wall time, every bot's latest) took at
     * most this long, ms: the default tick limit, so that twelve players' first ticks on two runner threads fit in
     * main's 5 s loop reset with room to spare. A cold JVM on a slow host needed 0.9–6.9 s (session 7) and timed out
     * its players' first ticks when it yielded at once; a warm one needs 8–90 ms.
     */
    static final double READY_COLD_MS = 500;
    /** The parser warm-up's share: a quarter of the budget, at most this long and {@link #PARSER_ROUNDS} rounds. */
    static final Duration PARSER_BUDGET = Duration.ofSeconds(3);
    static final int PARSER_ROUNDS = 12;
    private static final String WORLD_DUMP = "@screeps/storage/db.original.json";
    private static final Logger LOG = LoggerFactory.getLogger(EngineWarmup.class);
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final SandboxFactory factory;
    private final List<Bot> bots;

    /**
     * What the warm-up did.
     *
     * @param ticks              scratch ticks run
     * @param sandboxes          scratch sandboxes created
     * @param failed             scratch ticks that did not complete: timeouts of a still cold engine (on a slow host, or
     *                           without the Graal JIT, a bot's first ticks can pass the CPU limit) and {@code errors}
     * @param errors             of those, the ones that were not timeouts ({@link TickOutcome.Failed.Kind#TIMEOUT},
     *                           {@link TickOutcome.Failed.Kind#WATCHDOG}): a bundled bot or the runtime is broken
     * @param elapsed            wall time of the warm-up
     * @param firstRoundCpuMs    median runner CPU of a scratch tick in the first round, ms
     * @param lastRoundCpuMs     median runner CPU of a scratch tick in the last round, ms
     * @param lastColdMs         wall time of the last new sandbox + its first tick, ms
     * @param settled            whether it ended because the JIT had caught up
     * @param yielded            whether it ended early because the shard was waiting for tickets (neither: the
     *                           budget was spent)
     * @param parser             the parser warm-up that came first ({@link SandboxFactory#warmParser})
     */
    public record Report(int ticks, int sandboxes, int failed, int errors, Duration elapsed, double firstRoundCpuMs,
                         double lastRoundCpuMs, double lastColdMs, boolean settled, boolean yielded,
                         SandboxFactory.ParserWarmup parser) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s; %d scratch ticks on %d sandboxes in %.1f s (%d failed, "
                            + "%d not by a timeout); tick CPU %.1f -> %.1f ms; new sandbox + first tick %.0f ms; %s", parser,
                    ticks, sandboxes, elapsed.toMillis() / 1000.0, failed, errors, firstRoundCpuMs, lastRoundCpuMs,
                    lastColdMs,
                    settled ? "the JIT has caught up" : yielded ? "stopped early: the shard is waiting for tickets"
                            : "budget spent, the JIT is still compiling");
        }
    }

    /**
     * @param factory the factory whose engine is to be warmed
     * @throws UncheckedIOException if the bundled warm-up world or Memory bot cannot be read (a broken packaging)
     */
    public EngineWarmup(SandboxFactory factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.bots = bots(factory.packages());
    }

    /**
     * Runs scratch ticks until {@code budget} is spent or the JIT has caught up; logs the result.
     *
     * @param budget the most wall time to spend; {@link Duration#ZERO} runs nothing
     * @return what was done
     * @throws IllegalArgumentException if {@code budget} is negative
     */
    public Report run(Duration budget) {
        return run(budget, () -> false);
    }

    /**
     * Runs scratch ticks until {@code budget} is spent, the JIT has caught up, or {@code shardWaiting} says that
     * players are waiting (asked about once a second) and the engine is ready for them: every bot's latest new sandbox
     * + first tick took at most {@value #READY_COLD_MS} ms. On a live shard every second of warm-up is a second main
     * waits, and past its 5 s {@code mainLoopResetInterval} a tick without anyone's intents; but players whose first
     * ticks run on a cold engine lose them too, to timeouts charged to their CPU bucket.
     *
     * @param budget       the most wall time to spend; {@link Duration#ZERO} runs nothing
     * @param shardWaiting whether tickets are waiting; must not throw
     * @return what was done
     * @throws IllegalArgumentException if {@code budget} is negative
     */
    public Report run(Duration budget, BooleanSupplier shardWaiting) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget must be >= 0, was " + budget);
        }
        long startNanos = System.nanoTime();
        long endNanos = startNanos + budget.toNanos();
        SandboxFactory.ParserWarmup parser = factory.warmParser(min(budget.dividedBy(4), PARSER_BUDGET),
                PARSER_ROUNDS);
        List<Double> roundMedians = new ArrayList<>();
        CompilerActivity.Snapshot lastSecond = CompilerActivity.snapshot();
        boolean settled = false;
        boolean yielded = false;
        double[] round = new double[ROUND_TICKS];
        int ticks = 0;
        int sandboxes = 0;
        int failed = 0;
        int errors = 0;
        double lastColdMs = Double.NaN;
        double[] coldMs = new double[bots.size()];
        Arrays.fill(coldMs, Double.NaN);
        PlayerSandbox[] open = new PlayerSandbox[bots.size()];
        String[] memory = new String[bots.size()];
        int[] age = new int[bots.size()];
        try {
            while (System.nanoTime() < endNanos && !settled && !yielded) {
                int b = ticks % bots.size();
                Bot bot = bots.get(b);
                long t0 = System.nanoTime();
                boolean fresh = false;
                if (open[b] == null || open[b].needsReset() || age[b] >= TICKS_PER_SANDBOX) {
                    if (open[b] != null) {
                        open[b].close();
                    }
                    // The new sandbox gets the Memory its bot saved last, as a player's new sandbox does.
                    open[b] = factory.create(WARMUP_USER, bot.codeTimestamp());
                    age[b] = 0;
                    sandboxes++;
                    fresh = true;
                }
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                TickOutcome outcome = open[b].runTick(bot.tick(++age[b], memory[b]));
                round[ticks % ROUND_TICKS] = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6;
                if (fresh) {
                    lastColdMs = (System.nanoTime() - t0) / 1e6;
                    coldMs[b] = lastColdMs;
                }
                if (outcome instanceof TickOutcome.Completed done) {
                    memory[b] = done.result().memory();
                } else {
                    failed++;
                    if (!(outcome instanceof TickOutcome.Failed f && isTimeout(f.kind()))) {
                        errors++;
                    }
                }
                ticks++;
                if (ticks % ROUND_TICKS == 0) {
                    roundMedians.add(median(round));
                }
                if (System.nanoTime() - lastSecond.wallNanos() >= 1_000_000_000L) {
                    CompilerActivity.Snapshot now = CompilerActivity.snapshot();
                    settled = now.truffleCoresSince(lastSecond) < SETTLED_COMPILER_CORES
                            && now.wallNanos() - startNanos >= MIN_SECONDS * 1_000_000_000L && ticks >= bots.size();
                    lastSecond = now;
                    yielded = !settled && readyForPlayers(coldMs) && shardWaiting.getAsBoolean();
                }
            }
        } finally {
            for (PlayerSandbox sandbox : open) {
                if (sandbox != null) {
                    sandbox.close();
                }
            }
        }
        if (roundMedians.isEmpty() && ticks > 0) {
            roundMedians.add(median(Arrays.copyOf(round, Math.min(ticks, ROUND_TICKS))));
        }
        Report report = new Report(ticks, sandboxes, failed, errors, Duration.ofNanos(System.nanoTime() - startNanos),
                roundMedians.isEmpty() ? Double.NaN : roundMedians.getFirst(),
                roundMedians.isEmpty() ? Double.NaN : roundMedians.getLast(), lastColdMs, settled, yielded, parser);
        LOG.info("Engine warm-up: {}", report);
        return report;
    }

    /** @return whether every bot's latest new sandbox + first tick took at most {@value #READY_COLD_MS} ms */
    static boolean readyForPlayers(double[] coldMs) {
        for (double ms : coldMs) {
            if (!(ms <= READY_COLD_MS)) {
                return false;
            }
        }
        return true;
    }

    /** @return whether a failed scratch tick of this kind is a timeout (the CPU limit or the watchdog), not an error */
    static boolean isTimeout(TickOutcome.Failed.Kind kind) {
        return kind == TickOutcome.Failed.Kind.TIMEOUT || kind == TickOutcome.Failed.Kind.WATCHDOG;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** One warm-up bot: the recorded world with its own code. */
    record Bot(Recording recording, long codeTimestamp) {
        RuntimeData tick(int tickNumber, String memory) {
            return recording.runtimeData(tickNumber, memory);
        }
    }

    /** @return the bots, in the order the warm-up runs them; the last is the Memory bot */
    static List<Bot> bots(ScreepsPackages packages) {
        ObjectMapper mapper = new ObjectMapper();
        try {
            String text = resource(WORLD_RESOURCE);
            String recordedUser = mapper.readTree(text).path("userId").asText();
            Recording world = Recording.of(mapper.readTree(text.replace(recordedUser, WARMUP_USER)));
            ObjectNode bundledCode = bundledBotCode(packages, mapper);
            JsonNode later = mapper.readTree(resource(LATER_WORLD_RESOURCE).replace("$USER", WARMUP_USER));
            List<Bot> result = new ArrayList<>();
            result.add(new Bot(withCode(world, bundledCode), 1));
            result.add(new Bot(world, 2));
            ObjectNode empty = mapper.createObjectNode().put("main", "module.exports.loop = function () {};\n");
            result.add(new Bot(withCode(world, empty), 3));
            ObjectNode memoryBot = mapper.createObjectNode().put("main", resource(MEMORY_BOT_RESOURCE));
            // The bundled bot with its spawn idle and a harvester dead: its createCreep succeeds, as when a shard's
            // first creeps die of old age; the harvester with the spawn busy: Spawning and a spawning creep.
            result.add(new Bot(withCode(laterWorld(world, later, false), bundledCode), 5));
            result.add(new Bot(laterWorld(world, later, true), 6));
            result.add(new Bot(withCode(world, memoryBot), 4));
            return List.copyOf(result);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the warm-up bots: " + e.getMessage(), e);
        }
    }

    /**
     * The warm-up room at the later state of {@value #LATER_WORLD_RESOURCE}: {@code world}'s runtime data with its
     * {@code time}, the user's {@code gcl}, Memory, {@code roomObjects} (the others' objects first, then the player's, as
     * the driver's {@code data.js} orders them) and {@code userObjects} (copies, as the runtime data has them) replaced.
     * A non-zero {@code gcl} takes the branch of makeGameObject's GCL level that a live shard's players take once they
     * upgrade their controller, which deoptimised it there.
     *
     * @param later     the resource, parsed, {@code $USER} replaced by {@link #WARMUP_USER}; not modified
     * @param spawnBusy whether the spawn is spawning (as in the resource); if not, its {@code spawning} is null, it
     *                  is full (300 energy) and the creep it was spawning is left out (its name is free for the next
     *                  createCreep)
     */
    static Recording laterWorld(Recording world, JsonNode later, boolean spawnBusy) {
        ObjectNode input = world.input().deepCopy();
        input.put("time", later.path("time").asLong());
        input.withObject("user").put("gcl", later.path("gcl").asLong());
        input.withObject("userMemory").put("data", later.path("memory").asText());
        ObjectNode roomObjects = input.putObject("roomObjects");
        ObjectNode userObjects = input.putObject("userObjects");
        for (JsonNode object : later.path("roomObjects")) {
            roomObjects.set(object.path("_id").asText(), object.deepCopy());
        }
        for (JsonNode object : later.path("userObjects")) {
            if (!spawnBusy && object.path("spawning").asBoolean(false)) {
                continue;
            }
            ObjectNode copy = object.deepCopy();
            if (!spawnBusy && "spawn".equals(copy.path("type").asText())) {
                copy.putNull("spawning");
                copy.withObject("store").put("energy", 300);
            }
            roomObjects.set(copy.path("_id").asText(), copy);
            userObjects.set(copy.path("_id").asText(), copy.deepCopy());
        }
        return new Recording(world.scenario() + (spawnBusy ? "-later-spawning" : "-later"), world.tickIndex(),
                world.userId(), world.shardName(), world.worldSizeRooms(), input, null);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EngineWarmup.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("warm-up resource " + name + " not packaged");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Recording withCode(Recording world, ObjectNode code) {
        ObjectNode input = world.input().deepCopy();
        input.set("userCode", code);
        return new Recording(world.scenario(), world.tickIndex(), world.userId(), world.shardName(),
                world.worldSizeRooms(), input, null);
    }

    /** The first bot's modules in the bundled world dump, names unescaped as the loader does ({@code $DOT$} → .). */
    private static ObjectNode bundledBotCode(ScreepsPackages packages, ObjectMapper mapper) throws IOException {
        try (InputStream in = packages.open(WORLD_DUMP)) {
            for (JsonNode collection : mapper.readTree(in).path("collections")) {
                if (!"users.code".equals(collection.path("name").asText())) {
                    continue;
                }
                JsonNode modules = collection.path("data").path(0).path("modules");
                ObjectNode code = mapper.createObjectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = modules.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> module = it.next();
                    code.set(module.getKey().replace("$DOT$", ".").replace("$SLASH$", "/")
                            .replace("$BACKSLASH$", "\\"), module.getValue());
                }
                return code;
            }
        }
        throw new IOException(WORLD_DUMP + " has no users.code");
    }
}
