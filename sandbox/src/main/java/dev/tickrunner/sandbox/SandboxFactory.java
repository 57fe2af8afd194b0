package dev.tickrunner.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tickrunner.sandbox.containment.ContainmentService;
import dev.tickrunner.sandbox.containment.TrustedSources;
import dev.tickrunner.sandbox.json.MemoryJsonService;
import dev.tickrunner.pathfinder.PathFinderTerrain;
import dev.tickrunner.sandbox.pathfinder.PathFinderBinding;
import dev.tickrunner.model.RoomTerrain;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates player sandboxes: owns the one GraalJS {@link Engine} of the process (sandbox policy CONSTRAINED), the
 * cached {@link Source}s of the trusted code (engine game code, lodash, the driver's runtime files, our runtime), the
 * world settings every context shares, and the {@link TickWatchdog}. A new context reuses the engine's parsed code,
 * so it costs milliseconds, not a parse of 250 KB of engine code.
 *
 * <p>Mirrors: driver lib/runtime/user-vm.js create (isolate + context + runtime bundle + {@code _init}).
 * Thread-safe. Must be closed, which closes the engine (and with it every context still open).
 */
public final class SandboxFactory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxFactory.class);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    /** Mirrors: the ECMAScript level of the private server's Node 20 (see node-environment.js). */
    static final String ECMASCRIPT_VERSION = "2024";
    private static final String BOOTSTRAP = "tickrunner:bootstrap.js";
    private static final String RUNTIME = "tickrunner:runtime.js";
    private static final String MODULE_HEADER = "(function (exports, require, module, __filename, __dirname) {";
    private static final String GAME_JS = "@screeps/engine/src/game/game.js";
    private static final String CONSTANTS_COPY = "_.extend(globals, jsonParse(jsonStringify(C)));";
    private static final String MEMORY_PARSE = "JSON.parse(runCodeCache[userId].memory.get() || \"{}\")";
    /** game.js's per-tick maps by object id, room name or object type, as statements that create them empty. */
    private static final List<String> KEYED_MAP_STATEMENTS = List.of(
            "register.findCache[type] = register.findCache[type] || {};",
            "register.objectsByRoom = {};",
            "register.objectsByRoomKeys = {};",
            "register.objectsByRoom[i.room] = register.objectsByRoom[i.room] || {};");
    /**
     * makeGameObject's count of room objects by type ({@code var c}), which nothing reads: its keyed write by a handful
     * of type names deoptimised makeGameObject whenever a new name had the length of a cached one ('tombstone' and
     * 'extension', 'source' and 'energy').
     */
    private static final List<String> UNREAD_TYPE_COUNT = List.of(
            "c[object.type] = c[object.type] || 0;", "c[object.type]++;");
    /** The same maps as fields of object literals: the register's, populateRegister's and the Game object's. */
    private static final java.util.regex.Pattern KEYED_MAP_FIELDS = java.util.regex.Pattern.compile(
            "(?m)^(\\s+(?:_objects|byRoom|rooms|creeps|structures|ownedStructures|spawns|sources|energy|flags"
                    + "|constructionSites|minerals|deposits|tombstones|nukes|powerCreeps|ruins|customObjects): )\\{}(,?)$");
    private static final String CONSTANTS_ASSIGNER = "tickrunner:constants-assigner.js";
    private static final String UTILS_JS = "@screeps/engine/src/utils.js";
    private static final String PROPERTY_EVAL_START = "eval(`";
    private static final String PROPERTY_EVAL_END = "`);";
    private static final String GAME_OBJECT_PROPERTY = "tickrunner:game-object-property/";
    private static final String JSON_OBJECT_FACTORY = "tickrunner:json-object/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Key sequences whose factory source is kept; each context also keeps its own (memory-parser.js, 4,096 at most). */
    private static final int JSON_OBJECT_FACTORIES = 20_000;

    /**
     * The sandbox policy: CONSTRAINED. {@code -Dtickrunner.diagnostics=true} relaxes it to TRUSTED so that Truffle's
     * diagnostic options ({@code -Dpolyglot.engine.TraceCompilation=true}, {@code -Dpolyglot.cpusampler=true}, ...),
     * which CONSTRAINED refuses, can be set for profiling; never in production.
     */
    static final SandboxPolicy POLICY = Boolean.getBoolean("tickrunner.diagnostics")
            ? SandboxPolicy.TRUSTED : SandboxPolicy.CONSTRAINED;

    private final ScreepsPackages packages;
    private final WorldSettings world;
    private final SandboxConfig config;
    private final Engine engine;
    private final TickWatchdog watchdog;
    private final TickResultReader resultReader = new TickResultReader(new ObjectMapper());
    private final Map<String, Source> trustedSources = new ConcurrentHashMap<>();
    private final ZoneId playerTimeZone = NodeTimeZone.of(ZoneId.systemDefault());
    private final java.util.concurrent.atomic.AtomicReference<ConstantsAssigner> constantsAssigner =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicReference<String> gameObjectPropertyTemplate =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final Map<String, Source> gameObjectPropertySources = new ConcurrentHashMap<>();
    /** memory-parser.js's object factories by key sequence, for the whole engine (see jsonObjectFactorySource). */
    private final Cache<List<String>, Source> jsonObjectFactories = Caffeine.newBuilder()
            .maximumSize(JSON_OBJECT_FACTORIES).build();
    private final Map<String, ByteBuffer> terrainBuffers;
    private final String terrainRoomNames;
    /** CONSTRAINED host access plus read-only buffer access, so contexts can view the shared terrain buffers. */
    private static final HostAccess HOST_ACCESS = HostAccess.newBuilder(HostAccess.CONSTRAINED)
            .allowBufferAccess(true).build();
    private final Source bootstrapSource;
    /** What {@link #warmIntl()} runs: every ICU service the player-visible API reaches, once. */
    private static final String INTL_WARMUP = """
            const d = new Date(Date.UTC(2020, 1, 29, 13, 5, 9, 7));
            [d.toString(), d.toTimeString(), d.toLocaleString('en-US', {timeZoneName: 'long'}), d.toLocaleTimeString(),
             d.toLocaleDateString(), new Intl.DateTimeFormat('en-US', {timeStyle: 'medium', dateStyle: 'medium',
             timeZone: 'UTC'}).formatToParts(d), new Intl.NumberFormat('en-US').format(1234567.891),
             (1234.5).toLocaleString(), ['b', 'a', '\u00e9'].sort((x, y) => x.localeCompare(y)),
             new Intl.Collator('en').compare('a', 'A'), new Intl.PluralRules('en-US').select(1),
             Intl.DateTimeFormat().resolvedOptions().timeZone, /\\p{Lu}/u.test('\u00c9'), 'ß'.toLocaleUpperCase()].length;
            """;
    /**
     * What {@link #warmParser} parses: about 650 KB of the bundled packages' JavaScript (ES5 and ES2015: functions,
     * objects, closures, regular expressions, template strings), the kind of text bots are made of.
     */
    static final List<String> PARSER_WARMUP_FILES = List.of("lodash/index.js", "@screeps/engine/src/game/rooms.js",
            "@screeps/engine/src/game/structures.js", "@screeps/common/lib/constants.js",
            "@screeps/engine/src/game/creeps.js", "@screeps/engine/src/game/game.js", "@screeps/engine/src/processor.js",
            "@screeps/engine/src/utils.js");
    private final PathFinderBinding pathFinder;
    private final Source pathFinderAdapter = PathFinderBinding.adapterSource();
    private final ContainmentService containment;
    private final MemoryJsonService memoryJson;
    private final ResourceLimits limits;
    private final FailureHistory failures;

    /**
     * @param packages where the trusted JavaScript comes from
     * @param world    terrain, world size and shard name shared by every context
     * @param config   sandbox limits
     */
    public SandboxFactory(ScreepsPackages packages, WorldSettings world, SandboxConfig config) {
        this.packages = Objects.requireNonNull(packages, "packages");
        this.world = Objects.requireNonNull(world, "world");
        this.config = Objects.requireNonNull(config, "config");
        Engine.Builder engineBuilder = Engine.newBuilder("js")
                .sandbox(POLICY)
                .allowExperimentalOptions(POLICY != SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false");
        if (!(com.oracle.truffle.api.Truffle.getRuntime() instanceof com.oracle.truffle.api.impl.DefaultTruffleRuntime)
                && System.getProperty("polyglot.engine.Mode") == null) {
            // Only the optimizing runtime knows engine.Mode; -Dpolyglot.engine.Mode=... still wins (profiling).
            engineBuilder.option("engine.Mode", config.jitMode().optionValue());
        }
        this.engine = engineBuilder.build();
        if (POLICY != SandboxPolicy.CONSTRAINED) {
            LOG.warn("Diagnostics mode (-Dtickrunner.diagnostics=true): sandbox policy {} instead of CONSTRAINED; "
                    + "for profiling only", POLICY);
        }
        this.containment = ContainmentService.enable(engine);
        this.memoryJson = MemoryJsonService.enable(engine);
        this.watchdog = new TickWatchdog(config.watchdogPoll(), config.interruptGrace(), containment);
        this.terrainBuffers = terrainBuffers(world);
        this.terrainRoomNames = String.join(",", terrainBuffers.keySet());
        // One instance for every context of the engine: GraalJS instruments the statement count engine-wide.
        this.limits = config.statementLimitPerTick() == 0 ? null : ResourceLimits.newBuilder()
                .statementLimit(config.statementLimitPerTick(), source -> !TrustedSources.isTrusted(source.getURI()))
                .onLimit(event -> PlayerSandbox.statementLimitReachedOnThisThread())
                .build();
        this.failures = new FailureHistory(config.failureHistorySize(), Math.max(config.maxSandboxes(), 1000));
        this.pathFinder = new PathFinderBinding(PathFinderTerrain.of(world.terrain()));
        this.bootstrapSource = Source.newBuilder("js", packages.read(BOOTSTRAP), BOOTSTRAP)
                .uri(TrustedSources.uri(BOOTSTRAP)).buildLiteral();
        warmIntl();
    }

    /**
     * A player context's settings. Every context of the engine is built from it, the scratch context of
     * {@link #warmIntl()} too: contexts whose options differ (host access above all) do not share the engine's code,
     * and a first context with other options left the players' contexts without the terrain buffers.
     */
    private Context.Builder contextBuilder() {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(POLICY)
                .allowHostAccess(HOST_ACCESS)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.graal-builtin", "false")
                .option("js.console", "false")
                // Node 20's ECMAScript level (V8 11.3 has most of ES2024); node-environment.js removes the rest.
                .option("js.ecmascript-version", ECMASCRIPT_VERSION)
                .timeZone(playerTimeZone)
                .resourceLimits(limits);
    }

    /**
     * Loads what {@code Intl}, {@code Date} and {@code localeCompare} need (ICU's data and caches, GraalJS's time-zone
     * and locale tables) once, in a scratch context, so that the first player to use them does not pay for it on the
     * CPU limit: a fresh JVM spent over 1 s of a 500 ms tick there (the {@code intl-date-regexp} probe's tick 1 timed
     * out), against ~20 ms once loaded. Takes a few hundred ms when the factory is built. A failure is logged, not
     * thrown: the players would only pay the loading again.
     */
    private void warmIntl() {
        long startNanos = System.nanoTime();
        try (Context scratch = contextBuilder().build()) {
            scratch.eval(Source.newBuilder("js", INTL_WARMUP, "intl-warmup.js")
                    .uri(TrustedSources.uri("intl-warmup.js")).buildLiteral());
        } catch (PolyglotException | IllegalArgumentException e) {
            LOG.warn("Loading Intl ahead of the first tick failed, the first player to use it pays for it: {}",
                    e.getMessage());
        }
        LOG.debug("Intl loaded in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
    }

    /**
     * Warms GraalJS's parser, which is Java code that HotSpot compiles as it runs: parses the bundled packages' text
     * ({@link #PARSER_WARMUP_FILES}) again and again, uncached and under new names, in a scratch context, until
     * {@code budget} is spent or {@code maxRounds} rounds are done. A player's code is parsed when its sandbox takes
     * its first tick ({@link PlayerModules}); on a fresh JVM the first megabyte parsed took over a second (The
     * International, Overmind), after a few rounds of this 100–150 ms. A failure is logged, not thrown: the players'
     * parses would only be slower.
     *
     * @param budget    the most wall time to spend
     * @param maxRounds the most rounds (each parses every file once)
     * @return wall time of the first and of the last round, ms, and the rounds done ({@code rounds == 0}: none)
     */
    public ParserWarmup warmParser(Duration budget, int maxRounds) {
        long startNanos = System.nanoTime();
        long endNanos = startNanos + budget.toNanos();
        List<String> texts = PARSER_WARMUP_FILES.stream().filter(packages::exists).map(packages::read)
                .map(text -> text.startsWith("#!") ? "//" + text.substring(2) : text).toList();
        double firstMs = Double.NaN;
        double lastMs = Double.NaN;
        int rounds = 0;
        try (Context scratch = contextBuilder().build()) {
            while (rounds < maxRounds && System.nanoTime() < endNanos && !texts.isEmpty()) {
                long roundNanos = System.nanoTime();
                for (int i = 0; i < texts.size(); i++) {
                    String name = "parser-warmup-" + rounds + "-" + i + ".js";
                    // Each file in a function body of its own: the files' top-level declarations would clash.
                    scratch.parse(Source.newBuilder("js", "(function () {\n" + texts.get(i) + "\n})", name)
                            .uri(TrustedSources.uri(name)).cached(false).buildLiteral());
                }
                lastMs = (System.nanoTime() - roundNanos) / 1e6;
                if (rounds++ == 0) {
                    firstMs = lastMs;
                }
            }
        } catch (PolyglotException | IllegalArgumentException e) {
            LOG.warn("Warming the JavaScript parser failed, the first player codes parse slower: {}", e.getMessage());
        }
        return new ParserWarmup(rounds, texts.stream().mapToLong(String::length).sum(), firstMs, lastMs);
    }

    /**
     * What {@link #warmParser} did.
     *
     * @param rounds  rounds done
     * @param chars   characters parsed per round
     * @param firstMs wall time of the first round, ms (NaN without rounds)
     * @param lastMs  wall time of the last round, ms (NaN without rounds)
     */
    public record ParserWarmup(int rounds, long chars, double firstMs, double lastMs) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "parser %d x %d KB, %.0f -> %.0f ms", rounds, chars / 1024,
                    firstMs, lastMs);
        }
    }

    /**
     * @return the GraalJS runtime's name: {@code "GraalVM CE"} / {@code "Oracle GraalVM"} when the optimizing Graal
     * JIT is active, {@code "Interpreted"} when it is not (2–190x slower)
     */
    public String implementationName() {
        return engine.getImplementationName();
    }

    /** @return the compilation mode this factory's engine was built with (meaningful under the Graal JIT only) */
    public SandboxConfig.JitMode jitMode() {
        return config.jitMode();
    }

    /** @return whether the optimizing Truffle runtime is active */
    public boolean optimizing() {
        return !"Interpreted".equalsIgnoreCase(engine.getImplementationName());
    }

    /**
     * Creates a new player context: the global object, the engine's game code and the runtime, ready for
     * {@link PlayerSandbox#runTick}.
     *
     * @param userId        the player's user id
     * @param codeTimestamp the code timestamp the sandbox is created for, ms
     * @throws SandboxCreationException if the trusted code cannot be loaded (a broken {@code --engine-dir})
     */
    public PlayerSandbox create(String userId, long codeTimestamp) {
        long startNanos = System.nanoTime();
        long startAllocatedBytes = THREADS.getCurrentThreadAllocatedBytes();
        Context context = contextBuilder().build();
        PlayerSandbox sandbox = new PlayerSandbox(userId, codeTimestamp, context, config, watchdog, resultReader,
                failures, containment);
        try {
            Value trustedRequire = context.eval(bootstrapSource).execute(new SandboxHost(this, sandbox));
            sandbox.attachRuntime(trustedRequire.execute(RUNTIME));
            sandbox.createdWithAllocation(THREADS.getCurrentThreadAllocatedBytes() - startAllocatedBytes);
        } catch (PolyglotException | IllegalArgumentException e) {
            context.close(true);
            throw new SandboxCreationException("Cannot load the Screeps runtime into a new sandbox for user "
                    + userId + ": " + e.getMessage(), e);
        }
        LOG.debug("Sandbox for user {} created in {} ms", userId, (System.nanoTime() - startNanos) / 1_000_000);
        return sandbox;
    }

    /** @return the engine's end-of-tick Memory serialiser: how often it serialised Memory in Java, how often not */
    public MemoryJsonService memoryJson() {
        return memoryJson;
    }

    /**
     * @return the recent failures of every player whose sandbox this factory created (bounded, outlives global
     * resets); the runner reads it, e.g. for an operator's "why does this player keep resetting"
     */
    public FailureHistory failureHistory() {
        return failures;
    }

    @Override
    public void close() {
        watchdog.close();
        engine.close(true);
    }

    ScreepsPackages packages() {
        return packages;
    }

    WorldSettings world() {
        return world;
    }

    boolean interShardMemory() {
        return config.interShardMemory();
    }

    String terrainRoomNames() {
        return terrainRoomNames;
    }

    /** @return the bytes of static terrain every context views (2500 per room) */
    long sharedTerrainBytes() {
        return (long) terrainBuffers.size() * RoomTerrain.ROOM_SIZE * RoomTerrain.ROOM_SIZE;
    }

    ByteBuffer terrainBuffer(String room) {
        return terrainBuffers.get(room);
    }

    /** The cached, CommonJS-wrapped source of a trusted module; one per path for the whole process. */
    Source trustedSource(String path) {
        return trustedSources.computeIfAbsent(path, p -> Source.newBuilder("js",
                MODULE_HEADER + patched(p, packages.read(p)) + "\n})", p).uri(TrustedSources.uri(p)).buildLiteral());
    }

    /**
     * The trusted source of the constants assigner for one JSON text, cached (see SandboxHost.constantsAssigner):
     * {@code (function tickrunnerConstants(g) { g["K"] = <value>; … })}, sloppy mode like lodash's {@code _.extend}
     * (a write the global refuses fails silently), the keys in {@code Object.keys} order of {@code JSON.parse(json)}
     * (array-index keys ascending, then the others in text order), each value its JSON text, which as a JavaScript
     * literal builds the same fresh copy.
     *
     * @throws IllegalArgumentException if {@code json} is not a JSON object
     */
    Source constantsAssignerSource(String json) {
        return constantsAssigner.updateAndGet(cached -> cached != null && cached.text().equals(json) ? cached
                : new ConstantsAssigner(json, Source.newBuilder("js", constantsAssignerCode(json), CONSTANTS_ASSIGNER)
                        .uri(TrustedSources.uri(CONSTANTS_ASSIGNER)).buildLiteral()))
                .source();
    }

    /**
     * The trusted source of memory-parser.js's object factory for one key sequence, cached for the whole engine (up
     * to {@value #JSON_OBJECT_FACTORIES} sequences, least used dropped first) so that every context shares its
     * compiled code: {@code (function (v, b) { return {"k0": v[b], "k1": v[b + 1], …}; })}, each key a JSON string
     * literal ({@code ["__proto__"]} for that key, which as a plain literal key would set the prototype). An object
     * literal creates its properties as {@code JSON.parse} does (CreateDataProperty, keys in the same order, a
     * duplicate key's last value at its first place).
     *
     * @param keys the object's keys in text order
     */
    Source jsonObjectFactorySource(List<String> keys) {
        return jsonObjectFactories.get(keys, k -> {
            StringBuilder code = new StringBuilder(32 + 16 * k.size()).append("(function (v, b) { return {");
            try {
                for (int i = 0; i < k.size(); i++) {
                    String key = k.get(i);
                    code.append(i == 0 ? "" : ", ")
                            .append("__proto__".equals(key) ? "[\"__proto__\"]" : JSON.writeValueAsString(key))
                            .append(": v[b + ").append(i).append(']');
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a key as JSON", e);
            }
            String name = JSON_OBJECT_FACTORY + k.size();
            return Source.newBuilder("js", code.append("}; })").toString(), name)
                    .uri(TrustedSources.uri(name + "/" + Integer.toHexString(k.hashCode()))).buildLiteral();
        });
    }

    /** @return whether every player context's time zone is UTC ({@link NodeTimeZone}: the host's, as Node names it) */
    boolean playerTimeZoneIsUtc() {
        return NodeTimeZone.isUtc(playerTimeZone);
    }

    private static String constantsAssignerCode(String json) {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode constants;
        try {
            constants = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("constants are not JSON: " + e.getOriginalMessage(), e);
        }
        if (!constants.isObject()) {
            throw new IllegalArgumentException("constants are not a JSON object");
        }
        List<String> indexKeys = new ArrayList<>();
        List<String> otherKeys = new ArrayList<>();
        constants.fieldNames().forEachRemaining(key -> (isArrayIndex(key) ? indexKeys : otherKeys).add(key));
        indexKeys.sort(Comparator.comparingLong(Long::parseLong));
        StringBuilder code = new StringBuilder(json.length() * 2).append("(function tickrunnerConstants(g) {\n");
        try {
            for (String key : Stream.concat(indexKeys.stream(), otherKeys.stream()).toList()) {
                code.append("g[").append(mapper.writeValueAsString(key)).append("] = ")
                        .append(mapper.writeValueAsString(constants.get(key))).append(";\n");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write back parsed JSON", e);
        }
        return code.append("})").toString();
    }

    /** ECMAScript's array index: the canonical decimal form of an integer in [0, 2^32 − 2]. */
    private static boolean isArrayIndex(String key) {
        if (key.isEmpty() || key.length() > 10 || (key.length() > 1 && key.charAt(0) == '0')) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(key) <= 4_294_967_294L;
    }

    /**
     * The trusted source of the engine's property-info factory for one game object property name (see
     * {@link #patched}): {@code function (propertiesInfo, opts, properties, dataFn) { <utils.js's eval template with
     * the name> }}, cached per name for the whole process, so every context shares its compiled getters.
     *
     * @throws IllegalStateException if utils.js was not patched (then nobody asks)
     */
    Source gameObjectPropertySource(String name) {
        String template = gameObjectPropertyTemplate.get();
        if (template == null) {
            throw new IllegalStateException("utils.js defineGameObjectProperties was not patched");
        }
        return gameObjectPropertySources.computeIfAbsent(name, n -> {
            String uriName = GAME_OBJECT_PROPERTY + java.net.URLEncoder.encode(n, java.nio.charset.StandardCharsets.UTF_8);
            return Source.newBuilder("js", "(function (propertiesInfo, opts, properties, dataFn) {"
                    + template.replace("${name}", n) + ";\n})", uriName).uri(TrustedSources.uri(uriName)).buildLiteral();
        });
    }

    /**
     * Four engine hot spots routed to equivalent code of the runtime driver; any other file, or one without the exact
     * text (another engine version), is returned as it is. Deviates from Node in implementation only:
     * <ul>
     *   <li>game.js's per-tick copy of the constants onto the global goes to {@code runtime-driver.js
     *       assignConstants}, which makes the same assignments of fresh copies faster (ConstantsCopyTest);</li>
     *   <li>game.js's {@code Memory} getter parses through {@code runtime-driver.js parseMemory}, which hands out the
     *       Memory the runtime parsed before the player's clock started when the text is the same and
     *       {@code JSON.parse} is still the built-in one, and otherwise calls {@code JSON.parse} as the getter did
     *       (MemoryPreparseTest). Deviates from Node: that parse is not on the player's CPU;</li>
     *   <li>game.js's per-tick maps by object id, room name or object type start as dictionary objects
     *       ({@link #keyedMapsAsDictionaries}, KeyedMapsTest), and makeGameObject's {@link #UNREAD_TYPE_COUNT} is not
     *       made;</li>
     *   <li>utils.js {@code defineGameObjectProperties} builds each property's getter with a direct {@code eval} of a
     *       template, in every new context (≈150 getters): GraalJS shares no code between contexts for eval'd text, so
     *       each player's sandbox, and each global reset, compiled them all again and the JIT never settled (live shard:
     *       1,590 compilations of {@code <eval>} getters in 3 minutes after 5 minutes of running). Each name's code
     *       comes instead from one trusted source of the same template text ({@link #gameObjectPropertySource}).</li>
     * </ul>
     */
    private String patched(String path, String code) {
        if (GAME_JS.equals(path)) {
            String patched = code;
            if (occursOnce(patched, CONSTANTS_COPY)) {
                patched = patched.replace(CONSTANTS_COPY,
                        "driver.assignConstants(globals, C, _, jsonParse, jsonStringify);");
            }
            if (occursOnce(patched, MEMORY_PARSE)) {
                patched = patched.replace(MEMORY_PARSE, "driver.parseMemory(runCodeCache[userId].memory)");
            }
            if (UNREAD_TYPE_COUNT.stream().allMatch(statement -> occursOnce(code, statement))) {
                for (String statement : UNREAD_TYPE_COUNT) {
                    patched = patched.replace(statement, "");
                }
            }
            return keyedMapsAsDictionaries(patched);
        }
        if (UTILS_JS.equals(path)) {
            int start = code.indexOf(PROPERTY_EVAL_START);
            int end = start < 0 ? -1 : code.indexOf(PROPERTY_EVAL_END, start + PROPERTY_EVAL_START.length());
            if (start < 0 || end < 0 || !occursOnce(code, PROPERTY_EVAL_START)) {
                return code;
            }
            String template = code.substring(start + PROPERTY_EVAL_START.length(), end);
            if (template.replace("${name}", "").contains("${") || template.contains("`")) {
                return code;
            }
            gameObjectPropertyTemplate.set(template);
            return code.substring(0, start)
                    + "require('~runtime-driver').gameObjectPropertyInfo(name)(propertiesInfo, opts, properties, dataFn);"
                    + code.substring(end + PROPERTY_EVAL_END.length());
        }
        return code;
    }

    /**
     * game.js with its per-tick maps by object id, room name or object type ({@code register._objects}, populateRegister's
     * maps, {@code Game.creeps}, {@code Game.structures} and the like) created by {@code driver.keyedMap()}, an empty
     * GraalJS dictionary object, instead of {@code {}}. An ordinary object's shape is its sequence of keys, a new one for
     * every new sequence of ids, and the engine's keyed reads and writes on these maps ({@code register._objects[id] =
     * …}) have frequency-based property caches that deoptimised {@code makeGameObject} (6–10 s a compilation on the
     * live shard) when a map came with a shape they had not seen; a dictionary object keeps one shape. Same keys in the
     * same order, same lookups (KeyedMapsTest).
     *
     * @param code game.js's text
     * @return the patched text; {@code code} itself unless every statement of {@link #KEYED_MAP_STATEMENTS} occurs once
     */
    static String keyedMapsAsDictionaries(String code) {
        if (!KEYED_MAP_STATEMENTS.stream().allMatch(statement -> occursOnce(code, statement))) {
            return code;
        }
        String patched = code;
        for (String statement : KEYED_MAP_STATEMENTS) {
            patched = patched.replace(statement, statement.replace("{};", "driver.keyedMap();"));
        }
        return KEYED_MAP_FIELDS.matcher(patched).replaceAll("$1driver.keyedMap()$2");
    }

    private static boolean occursOnce(String code, String text) {
        int first = code.indexOf(text);
        return first >= 0 && first == code.lastIndexOf(text);
    }

    private record ConstantsAssigner(String text, Source source) {
    }

    /** The driver's {@code native} path finder for one context: the adapter over the process-wide Java PathFinder. */
    Value pathFinderNative(Context context) {
        return context.eval(pathFinderAdapter).execute(pathFinder);
    }

    /**
     * The process-wide static terrain: one direct buffer of 2500 bytes per room (index {@code x + 50·y}, values 0–3),
     * handed to every context as a read-only view, so no context holds a copy and none can change it.
     * Mirrors: driver lib/runtime/make.js getAllTerrainData (one SharedArrayBuffer for every isolate).
     */
    private static Map<String, ByteBuffer> terrainBuffers(WorldSettings world) {
        int size = RoomTerrain.ROOM_SIZE * RoomTerrain.ROOM_SIZE;
        ByteBuffer all = ByteBuffer.allocateDirect(world.terrain().size() * size);
        Map<String, ByteBuffer> rooms = new LinkedHashMap<>();
        int offset = 0;
        for (RoomTerrain room : world.terrain()) {
            for (int i = 0; i < size; i++) {
                all.put(offset + i, (byte) (room.terrain().charAt(i) - '0'));
            }
            rooms.put(room.room(), all.slice(offset, size).asReadOnlyBuffer());
            offset += size;
        }
        return java.util.Collections.unmodifiableMap(rooms);
    }
}
