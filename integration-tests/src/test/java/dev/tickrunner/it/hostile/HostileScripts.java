package dev.tickrunner.it.hostile;

import static dev.tickrunner.it.hostile.HostileScript.loop;
import static dev.tickrunner.it.hostile.HostileScript.timedOut;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The hostile scripts, as data: every loop form, memory bomb, host reach, built-in redefinition and CPU cheat. */
final class HostileScripts {
    private static final Set<String> OOM = Set.of("OUT_OF_MEMORY");
    private static final Set<String> DONE = Set.of("DONE");
    /** A bomb ends at the allocation budget or, when it allocates slowly, at the CPU limit first. */
    private static final Set<String> BOMB = Set.of("OUT_OF_MEMORY", "ERROR", "TIMEOUT");
    private static final String ALLOC = "unable to allocate memory|Invalid string length|Array buffer allocation"
            + "|Script execution timed out";

    private HostileScripts() {
    }

    static List<HostileScript> all() {
        return List.of(
                // Loops in every form
                timedOut("while-true", "while (true) {}"),
                timedOut("for-ever", "for (;;) {}"),
                timedOut("do-while", "do {} while (true);"),
                timedOut("loop-in-catch", "try { throw new Error('x'); } catch (e) { while (true) {} }"),
                timedOut("loop-in-finally", "try { Memory.a = 1; } finally { for (;;) {} }"),
                timedOut("catch-swallows-interrupt", "while (true) { try { while (true) {} } catch (e) {} }"),
                // Each interrupt starts a new loop one frame deeper in the finally; the cancel after the interrupt
                // grace is delivered again at every safepoint until the thread has left the context.
                timedOut("finally-recursion", "function f() { try { while (true) {} } finally { f(); } } f();"),
                timedOut("finally-loop-after-loop", "try { for (;;) {} } finally { for (;;) {} }"),
                timedOut("getter-loop", "const o = { get x() { while (true) {} } }; o.x;"),
                timedOut("proxy-trap-loop", "new Proxy({}, { get() { for (;;) {} } }).anything;"),
                timedOut("toString-loop", "String({ toString() { while (true) {} } });"),
                timedOut("valueOf-loop", "+{ valueOf() { for (;;) {} } };"),
                timedOut("sort-comparator-loop", "[3, 1, 2].sort(() => { while (true) {} });"),
                timedOut("generator-loop", "function* g() { while (true) yield 1; } for (const x of g()) {}"),
                timedOut("promise-job-chain", "function p() { Promise.resolve().then(p); } p();"),
                timedOut("async-await-loop", "(async () => { while (true) await null; })();"),
                timedOut("eval-loop", "eval('while (true) {}');"),
                timedOut("function-constructor-loop", "new Function('for (;;) {}')();"),
                timedOut("replace-callback-loop", "'aaaa'.replace(/a/g, () => { while (true) {} });"),
                timedOut("stack-getter-loop", "const e = new Error('x'); Object.defineProperty(e, 'stack', "
                        + "{ get() { while (true) {} } }); throw e;"),
                timedOut("message-getter-loop", "throw { get stack() { return undefined; }, get message() "
                        + "{ for (;;) {} } };"),
                // Node gives no error text here either (throw-string in NODE-ERROR-TEXTS.md): toString is never called.
                loop("thrown-toString-not-called", "throw { toString() { while (true) {} } };", Set.of("ERROR"), "^$"),
                timedOut("cpu-getUsed-redefined", "Game.cpu.getUsed = () => 0; Game.cpu.limit = 1e9; "
                        + "while (Game.cpu.getUsed() < 1) {}"),
                // Heavy work in one built-in call
                // TRegex matches these with an automaton, not by backtracking: they end at once.
                loop("regex-catastrophic-nested", "console.log(/^(a+)+$/.test('a'.repeat(40) + '!'));", DONE,
                        "^false$"),
                loop("regex-catastrophic-alternation", "console.log(/^(a|aa)+$/.test('a'.repeat(60) + 'b'));", DONE,
                        "^false$"),
                loop("huge-sort", "const a = []; for (let i = 0; i < 3e6; i++) a.push((i * 7919) % 1e6); "
                        + "a.sort(); a.sort((x, y) => y - x);", Set.of("ERROR", "TIMEOUT", "OUT_OF_MEMORY"), ALLOC),
                loop("huge-json-stringify", "JSON.stringify(new Array(5e6).fill({ a: [1, 2, 3], b: 'xyz' }));",
                        Set.of("ERROR", "TIMEOUT", "OUT_OF_MEMORY"), ALLOC),
                // Deep recursion
                loop("deep-recursion", "function f() { return f() + 1; } f();", Set.of("ERROR"),
                        "RangeError: Maximum call stack size exceeded"),
                // Exponential recursion that catches every stack overflow and has no loop: GraalJS polls safepoints on
                // loop back-edges only, so the containment instrument polls on entry to every player function.
                timedOut("catch-every-overflow", "function f() { try { return f(); } catch (e) { return f(); } } f();"),
                timedOut("finally-every-overflow", "function f() { try { f(); } finally { f(); } } f();"),
                // A module named like engine code is still the player's: trust is the source URI, not the name.
                timedOut("module-named-like-engine", "require('lib/evil').run();")
                        .withModule("lib/evil", "module.exports.run = function f() { "
                                + "try { return f(); } catch (e) { return f(); } };"),
                loop("recursive-toString", "const o = {}; o.toString = () => String(o); String(o);",
                        Set.of("ERROR"), "Maximum call stack size exceeded"),
                // Memory bombs
                loop("string-doubling", "let s = 'x'; for (;;) { s += s; s.charCodeAt(s.length - 1); }",
                        Set.of("ERROR", "OUT_OF_MEMORY", "TIMEOUT"), ALLOC),
                loop("array-bomb", "const a = []; for (;;) a.push(new Array(1000).fill(1.5));", BOMB, ALLOC),
                loop("typed-array-bomb", "const a = []; for (;;) a.push(new Float64Array(1 << 20));", OOM,
                        "unable to allocate memory"),
                loop("string-bomb", "const a = []; for (let i = 0; ; i++) a.push('x'.repeat(1e6) + i);", BOMB, ALLOC),
                loop("one-giant-typed-array", "const a = new Float64Array(2 ** 27); a.fill(1); for (;;) {}",
                        Set.of("OUT_OF_MEMORY", "ERROR", "TIMEOUT"), ALLOC),
                // Half and three quarters of the suite's 1 GB heap (the launcher's for 16 players) in one allocation.
                loop("half-the-heap-typed-array", "const a = new Float64Array(2 ** 26); a.fill(1); for (;;) {}",
                        Set.of("OUT_OF_MEMORY", "ERROR", "TIMEOUT"), ALLOC),
                loop("three-quarters-of-the-heap-typed-array", "const a = new Float64Array(3 * 2 ** 25); a.fill(1); "
                        + "for (;;) {}", Set.of("OUT_OF_MEMORY", "ERROR", "TIMEOUT"), ALLOC),
                loop("console-flood", "for (let i = 0; i < 2e5; i++) console.log('x'.repeat(1000) + i);",
                        Set.of("OUT_OF_MEMORY", "SCRIPT_ERROR", "TIMEOUT", "ERROR"),
                        "unable to allocate memory|results are not valid|timed out"),
                new HostileScript("memory-kept-in-closure", "const keep = []; module.exports.loop = function () { "
                        + "for (let i = 0; i < 40; i++) keep.push(new Float64Array(1 << 17)); };", 2, DONE,
                        Pattern.compile("keeps about \\d+ MB across ticks, over the 64 MB heap limit"), null),
                new HostileScript("memory-kept-across-ticks", "module.exports.loop = function () { global.keep = "
                        + "global.keep || []; for (let i = 0; i < 40; i++) global.keep.push(new Float64Array(1 << 17)); };",
                        2, DONE, Pattern.compile("keeps about \\d+ MB across ticks, over the 64 MB heap limit"), null),
                // The retained heap is sized by Truffle, in Java: no trap of the player's runs while it is measured.
                loop("proxy-on-global-traps-walker", "global.p = new Proxy({}, { ownKeys() { while (true) {} } });",
                        DONE, "^$"),
                loop("getter-on-global-not-called", "Object.defineProperty(global, 'g', { configurable: true, "
                        + "get() { for (;;) {} } }); console.log('ok');", DONE, "^ok$"),
                // Reaching the host
                loop("host-globals", "console.log([typeof Java, typeof Polyglot, typeof load, typeof Graal, typeof quit,"
                        + " typeof print, typeof process, typeof loadWithNewGlobal, typeof Packages, typeof java,"
                        + " typeof module.constructor.prototype.require].join());", DONE,
                        "^undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,"
                                + "undefined,undefined$"),
                loop("require-node-modules", "for (const m of ['fs', 'child_process', 'tickrunner:host', "
                        + "'tickrunner:bootstrap.js', '@screeps/engine/src/game/game', 'vm']) { try { require(m); "
                        + "console.log('got ' + m); } catch (e) { console.log(String(e)); } }", DONE,
                        "^(?![\\s\\S]*got )Error: Unknown module 'fs'\\n"),
                loop("constructor-chain", "const F = (function () {}).constructor; const g = F('return this')(); "
                        + "console.log(typeof g.Java, typeof g.Polyglot, ''.constructor.constructor('return "
                        + "typeof process')(), typeof [].constructor.constructor('return this')().load);", DONE,
                        "^undefined undefined undefined undefined$"),
                // Walks everything reachable from the global, 60 ms of CPU per tick, resumed across ticks.
                new HostileScript("walk-for-host-objects", "module.exports.loop = function () { "
                        + "const w = global.w || (global.w = { seen: new Set(), todo: [globalThis], host: 0 }); "
                        + "while (w.todo.length && w.seen.size < 20000 && Game.cpu.getUsed() < 60) { "
                        + "const o = w.todo.pop(); if (w.seen.has(o)) continue; w.seen.add(o); let keys = []; "
                        + "try { keys = Reflect.ownKeys(o); } catch (e) {} for (const k of keys) { let d; "
                        + "try { d = Object.getOwnPropertyDescriptor(o, k); } catch (e) {} const v = d && d.value; "
                        + "if (v && (typeof v === 'object' || typeof v === 'function')) { try { if (typeof v.getClass "
                        + "=== 'function' || String(Object.prototype.toString.call(v)).includes('java')) w.host++; } "
                        + "catch (e) {} w.todo.push(v); } } } console.log(w.todo.length && w.seen.size < 20000 "
                        + "? 'walking ' + w.seen.size : 'host=' + w.host + ' seen=' + w.seen.size); };", 10, DONE,
                        Pattern.compile("^host=0 seen=\\d+$"), null),
                // Other players
                loop("read-neighbour-global", "console.log(typeof global.secret, String(RawMemory.foreignSegment), "
                        + "JSON.stringify(Memory));", DONE, "^undefined undefined \\{\\}$"),
                loop("pollute-shared-prototypes", "Object.prototype.polluted = 'pwned'; global.secret = 'stolen'; "
                        + "Array.prototype.polluted = 1; Memory.x = 1; console.log('polluted');",
                        Set.of("DONE", "ERROR", "SCRIPT_ERROR"), "polluted|results are not valid"),
                // Redefined built-ins the runtime relies on
                loop("json-stringify-redefined", "JSON.stringify = () => '{\"pwned\":true}'; JSON.parse = () => "
                        + "({}); Memory.x = 1;", DONE, "^$").withMemory("{\"x\":1}"),
                loop("object-keys-redefined", "Object.keys = () => { while (true) {} }; Math.ceil = () => -1; "
                        + "parseInt = () => NaN; String = () => 'pwned'; Memory.x = 1;", DONE, "^$")
                        .withMemory("{\"x\":1}"),
                loop("array-push-redefined", "Array.prototype.push = function () { return 0; }; "
                        + "Array.prototype.join = () => 'pwned'; Memory.x = 1; console.log('pushed');",
                        Set.of("DONE", "ERROR", "SCRIPT_ERROR"), ".*"),
                loop("object-toJSON-corrupts-output", "Object.prototype.toJSON = function () { return 'pwned'; }; "
                        + "Memory.x = 1;", Set.of("SCRIPT_ERROR"), "results are not valid"),
                loop("array-toJSON-inflates-output", "Array.prototype.toJSON = function () { return "
                        + "'x'.repeat(4e7); }; console.log('big');", Set.of("SCRIPT_ERROR", "OUT_OF_MEMORY", "TIMEOUT"),
                        "results are not valid|unable to allocate memory|Script execution timed out"),
                loop("memory-over-2mb", "Memory.big = 'x'.repeat(3 * 1024 * 1024);", Set.of("SCRIPT_ERROR"),
                        "^Script execution has been terminated: memory allocation limit reached$"),
                loop("memory-toJSON-loop", "Memory.x = { toJSON() { for (;;) {} } };", Set.of("TIMEOUT"),
                        "Script execution timed out"),
                loop("memory-circular", "Memory.self = Memory;", Set.of("SCRIPT_ERROR"), "(?i)circular|cyclic"),
                loop("too-many-segments", "for (let i = 0; i < 20; i++) RawMemory.segments[i] = 'x';",
                        Set.of("SCRIPT_ERROR"), "^Cannot save more than 10 memory segments on the same tick$"),
                loop("intent-cpu-cheat", "Math.ceil = () => 0; for (let i = 0; i < 100; i++) Game.notify('n' + i);"
                        + " console.log(Game.cpu.getUsed() > 0);", DONE, "^true$"),
                // Halt and ungraceful ends
                loop("halt", "Game.cpu.halt();", Set.of("HALTED"), "^CPU halted$"),
                loop("halt-caught-in-loop", "for (;;) { try { Game.cpu.halt(); } catch (e) {} }", Set.of("HALTED"),
                        "^CPU halted$"),
                // GraalJS does not let the main agent block: Atomics.wait throws instead of sleeping past the watchdog.
                loop("atomics-wait-blocks", "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);",
                        Set.of("ERROR"), "TypeError: Unsupported operation"),
                new HostileScript("syntax-error", "module.exports.loop = function ( {", 1, Set.of("ERROR"),
                        Pattern.compile("SyntaxError"), null));
    }
}
