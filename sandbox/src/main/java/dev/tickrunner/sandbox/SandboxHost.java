package dev.tickrunner.sandbox;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * The host functions one player context may call, visible only to trusted code: the bootstrap loader keeps this
 * object in a closure and hands it out as {@code require('tickrunner:host')}; player code never gets a reference.
 * Only the {@link HostAccess.Export}-annotated methods are reachable from JavaScript (sandbox policy CONSTRAINED).
 *
 * <p>One instance per context, used by one thread at a time (the thread running that player's tick).
 */
public final class SandboxHost {
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final SandboxFactory factory;
    private final PlayerSandbox sandbox;

    SandboxHost(SandboxFactory factory, PlayerSandbox sandbox) {
        this.factory = factory;
        this.sandbox = sandbox;
    }

    /** @return whether a trusted package file exists (npm-style path) */
    @HostAccess.Export
    public boolean exists(String path) {
        return factory.packages().exists(path);
    }

    /**
     * Evaluates a trusted CommonJS module's cached source.
     *
     * @return the module factory {@code function (exports, require, module, __filename, __dirname)}
     */
    @HostAccess.Export
    public Value loadTrusted(String path) {
        return sandbox.context().eval(factory.trustedSource(path));
    }

    /**
     * A trusted module's load failed (a limit or an error inside engine code): the module graph of this context may
     * keep partial exports, so the sandbox gets a global reset before its next tick.
     */
    @HostAccess.Export
    public void trustedLoadFailed() {
        sandbox.needsResetBecause(ResetReason.BROKEN);
    }

    /**
     * Compiles a console command (player code whose value is returned) as a script of the current context, named
     * after it so that stack traces name it. The engine caches the parse across contexts (same code and name). Modules
     * and the main loop call go through {@link #compileModule} instead.
     *
     * @param code the script text: the driver's eval wrapper ({@code runtime-driver.js evalCode} with
     *             {@code returnValue}) around a console command
     * @param name the script's name ({@code _console<ms>_<i>})
     * @return an executable that runs the script in the global scope and returns its completion value
     */
    @HostAccess.Export
    public Value compileScript(String code, String name) {
        Source source = Source.newBuilder("js", code, name).cached(true).buildLiteral();
        return sandbox.context().parse(source);
    }

    /**
     * Compiles a player's module in the driver's module wrapper (see {@link PlayerModules}): the parse made before the
     * player's clock on the sandbox's first tick when the text is the same, otherwise a new one.
     *
     * @param code the player's module source, without the wrapper
     * @param name the module name ({@code main}, {@code role.harvester}; {@code __mainLoop} for the loop call)
     * @return an executable that runs the wrapped module ({@code __module} must be set on the global)
     * @throws org.graalvm.polyglot.PolyglotException a SyntaxError of the player's code
     */
    @HostAccess.Export
    public Value compileModule(String code, String name) {
        return sandbox.modules().compile(code, name);
    }

    /**
     * The engine's per-tick copy of the constants onto the player's global as compiled code: one cached trusted source
     * per JSON text, so every context shares its compiled code. See {@code runtime-driver.js assignConstants}.
     *
     * @param json {@code JSON.stringify(constants)}, an object without a {@code "__proto__"} key
     * @return {@code function (g) { g["OK"] = 0; …; g["BODYPART_COST"] = {…}; … }}: each top-level key assigned a fresh
     * copy of its value, in {@code Object.keys} order
     * @throws IllegalArgumentException if {@code json} is not a JSON object
     */
    @HostAccess.Export
    public Value constantsAssigner(String json) {
        return sandbox.context().eval(factory.constantsAssignerSource(json));
    }

    /**
     * The engine's property-info factory for one game object property, shared by every context (see
     * {@code SandboxFactory.patched}).
     *
     * @param name the property name, e.g. {@code hits}
     * @return {@code function (propertiesInfo, opts, properties, dataFn)} that does what utils.js's eval did
     */
    @HostAccess.Export
    public Value gameObjectPropertyFactory(String name) {
        return sandbox.context().eval(factory.gameObjectPropertySource(name));
    }

    /**
     * The object factory of memory-parser.js for one key sequence, shared by every context
     * ({@link SandboxFactory#jsonObjectFactorySource}).
     *
     * @param keys a JavaScript array of strings, the object's keys in text order (duplicates kept)
     * @return {@code function (values, base)} returning {@code {k0: values[base], k1: values[base + 1], …}}
     * @throws IllegalArgumentException if {@code keys} is not an array of strings (only the runtime calls this)
     */
    @HostAccess.Export
    public Value jsonObjectFactory(Value keys) {
        if (!keys.hasArrayElements()) {
            throw new IllegalArgumentException("keys is not an array");
        }
        String[] names = new String[Math.toIntExact(keys.getArraySize())];
        for (int i = 0; i < names.length; i++) {
            Value key = keys.getArrayElement(i);
            if (!key.isString()) {
                throw new IllegalArgumentException("key " + i + " is not a string");
            }
            names[i] = key.asString();
        }
        return sandbox.context().eval(factory.jsonObjectFactorySource(List.of(names)));
    }

    /** @return the CPU time of the executing thread, ms (what {@code Game.cpu.getUsed()} is built on) */
    @HostAccess.Export
    public double cpuTimeMs() {
        return THREADS.getCurrentThreadCpuTime() / 1e6;
    }

    /**
     * Starts a new CPU budget for the running tick: each player module load and the loop call get their own
     * {@code max(cpuLimit + 5, 30)} ms, as each isolated-vm {@code runSync} did. Mirrors: driver
     * lib/runtime/runtime-driver.js evalCode {@code options.timeout}.
     */
    @HostAccess.Export
    public void restartCpuBudget() {
        sandbox.restartCpuBudget();
    }

    /** @return whether player code gets {@code InterShardMemory} ({@link SandboxConfig#interShardMemory()}) */
    @HostAccess.Export
    public boolean interShardMemory() {
        return factory.interShardMemory();
    }

    /**
     * The player's loop has returned and the runtime collects the tick's output in the same call
     * ({@code runtime.js runThenFinish}): the rest of the call runs under the collect CPU budget.
     */
    @HostAccess.Export
    public void loopEnded() {
        sandbox.loopEnded();
    }

    /**
     * The runtime has collected the tick's output in {@code runThenFinish}: the promise callbacks that run when the call
     * returns get the budget of a loop call.
     */
    @HostAccess.Export
    public void outputCollected() {
        sandbox.outputCollected();
    }

    /** @return the world size, rooms per side ({@code Game.map.getWorldSize()}) */
    @HostAccess.Export
    public int worldSize() {
        return factory.world().worldSizeRooms();
    }

    /**
     * @return whether player code's time zone is UTC ({@link NodeTimeZone}): node-environment.js then names it in
     * {@code Date} strings as V8 does
     */
    @HostAccess.Export
    public boolean utcTimeZone() {
        return factory.playerTimeZoneIsUtc();
    }

    /** @return {@code Game.shard.name} */
    @HostAccess.Export
    public String shardName() {
        return factory.world().shardName();
    }

    /** @return the names of the rooms with static terrain, comma-separated */
    @HostAccess.Export
    public String terrainRoomNames() {
        return factory.terrainRoomNames();
    }

    /**
     * @return a read-only view of the room's shared terrain (2500 bytes, index {@code x + 50·y}), for
     * {@code new Uint8Array(buffer)}; null for a room without terrain
     */
    @HostAccess.Export
    public Object terrainBuffer(String room) {
        return factory.terrainBuffer(room);
    }

    /** @return {@code Game.cpu.getHeapStatistics()} of this player, as a JSON object with V8's field names */
    @HostAccess.Export
    public String heapStatisticsJson() {
        return sandbox.heapStatisticsJson(factory.sharedTerrainBytes());
    }

    /**
     * {@code Game.cpu.halt()}: marks the sandbox for a global reset, cancels the context from another thread and
     * waits here, polling safepoints, until the cancellation unwinds this thread (at most 2 s).
     * Mirrors: driver lib/runtime/user-vm.js _halt (isolate.dispose) and make.js didHaltByUserRequest.
     */
    @HostAccess.Export
    public void halt() {
        sandbox.haltRequestedByUser();
        Context context = sandbox.context();
        Thread.ofPlatform().daemon().name("halt-" + sandbox.userId()).start(() -> context.close(true));
        long giveUpNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < giveUpNanos) {
            context.safepoint();
            Thread.onSpinWait();
        }
    }

    /**
     * Records a stage of the code load in the sandbox's {@link LoadReport} (ignored after the first load).
     *
     * @param stage   a {@link LoadReport.StageName} name
     * @param ok      whether it succeeded
     * @param message the module name, or the error text the player sees
     * @return whether the report still records (false once the first load is complete: stop calling)
     */
    @HostAccess.Export
    public boolean loadStage(String stage, boolean ok, String message) {
        return sandbox.loadStage(stage, ok, message == null ? "" : message);
    }

    /**
     * The runtime's {@code run()} ended; {@code hasMain}: whether the code has a module named main.
     *
     * @return whether the report still records
     */
    @HostAccess.Export
    public boolean loadTickEnded(boolean hasMain) {
        return sandbox.loadTickEnded(hasMain);
    }

    /** @return the bytes of {@code base64} as a string of chars 0–255, for {@code bufferFromBase64} */
    @HostAccess.Export
    public String latin1FromBase64(String base64) {
        return new String(Base64.getMimeDecoder().decode(base64), StandardCharsets.ISO_8859_1);
    }

    /** @return the driver's {@code native} path finder module for this context ({@code version}, {@code search}) */
    @HostAccess.Export
    public Value pathFinderNative() {
        return factory.pathFinderNative(sandbox.context());
    }
}
