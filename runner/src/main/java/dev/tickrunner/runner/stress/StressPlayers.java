package dev.tickrunner.runner.stress;

import java.util.List;

/**
 * The players of a stress run: most run a well-behaved loop, every {@code hostileEvery}-th one a hostile script
 * (endless loop, memory bomb, deep recursion, recursion that catches every stack overflow, memory kept in a closure,
 * halt, a thrown error, a syntax error). Code changes every
 * {@code reloadEveryTicks} ticks, which resets every player's global.
 */
public final class StressPlayers {
    static final List<String> HOSTILE = List.of(
            "module.exports.loop = function () { while (true) {} };",
            "module.exports.loop = function () { const a = []; for (;;) a.push(new Array(1000).fill(1.5)); };",
            "function f() { return f() + 1; } module.exports.loop = function () { f(); };",
            "function f() { try { return f(); } catch (e) { return f(); } } module.exports.loop = function () { f(); };",
            "function f() { try { f(); } finally { f(); } } module.exports.loop = function () { f(); };",
            "const keep = []; module.exports.loop = function () { keep.push(new Float64Array(1 << 20)); };",
            "module.exports.loop = function () { Game.cpu.halt(); };",
            "module.exports.loop = function () { throw new Error('hostile ' + Game.time); };",
            "module.exports.loop = function ( {",
            "module.exports.notLoop = function () {};");
    private static final String WELL_BEHAVED = "global.ticks = (global.ticks || 0) + 1;\n"
            + "module.exports.loop = function () { Memory.t = Game.time; const a = [];"
            + " for (let i = 0; i < 1000; i++) a.push(i); console.log('v%d ' + global.ticks + ' ' + a.length); };";

    private final int hostileEvery;
    private final int reloadEveryTicks;

    /**
     * @param hostileEvery     every this many players one is hostile; 0 for none
     * @param reloadEveryTicks code changes every this many ticks, ticks
     */
    public StressPlayers(int hostileEvery, int reloadEveryTicks) {
        this.hostileEvery = hostileEvery;
        this.reloadEveryTicks = reloadEveryTicks;
    }

    /** @return the user id of player {@code index} */
    public String userId(int index) {
        return "stress%010d".formatted(index);
    }

    /** @return whether player {@code index} is hostile */
    public boolean hostile(int index) {
        return hostileEvery > 0 && index % hostileEvery == hostileEvery - 1;
    }

    /** @return the code version at {@code tick}: a new one every {@code reloadEveryTicks} ticks */
    public long codeTimestamp(long tick) {
        return 1 + tick / reloadEveryTicks;
    }

    /** @return player {@code index}'s main module at {@code tick} */
    public String code(int index, long tick) {
        long version = codeTimestamp(tick);
        if (hostile(index)) {
            return HOSTILE.get((int) ((index / Math.max(hostileEvery, 1) + version) % HOSTILE.size()));
        }
        return WELL_BEHAVED.formatted(version);
    }
}
