package dev.tickrunner.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The player's code modules of one sandbox, parsed before the player's clock starts: on the sandbox's first tick
 * (the only one that delivers {@code userCode}, see {@link RuntimeDataJson}) every text module is parsed, and the
 * {@code require} that later loads a module on the player's CPU gets that parse instead of parsing it there.
 *
 * <p>Mirrors the module wrapper of driver lib/runtime/runtime-driver.js {@code evalCode}
 * ({@code (function __module(module,exports){ CODE\n})(__module, __module.exports)}, named after the module), so that
 * stack traces and the engine's parse cache (same text and name in any context) are what they were.
 *
 * <p>Deviates from Node: there a module is parsed inside {@code require}, on the player's CPU, but V8 pre-parses
 * function bodies lazily (a few ms per MB); GraalJS parses eagerly, 100–150 ms per MB of bot code on a warm JVM and
 * over a second for the first large bot after a JVM start, which timed out the first ticks of The International
 * (1.3 MB) and Overmind (1 MB) where Node's took 231 and 88 ms. A module that does not parse is left to
 * {@code require}, which throws the same {@code SyntaxError} on the player's clock as before. Parsing is not
 * interruptible; its time is the runner's (as is isolated-vm's {@code compileScriptSync}, which runs without a timeout).
 *
 * <p>One per {@link PlayerSandbox}, used by the thread holding its lease.
 */
final class PlayerModules {
    private static final Logger LOG = LoggerFactory.getLogger(PlayerModules.class);

    private final Context context;
    /** Module name → its text and parse, until {@code require} takes it. */
    private final Map<String, Parsed> parsed = new HashMap<>();

    private record Parsed(String code, Value script) {
    }

    PlayerModules(Context context) {
        this.context = context;
    }

    /**
     * Parses every text module of {@code userCode} ({@code {name: source | {binary: base64}}}; anything else is
     * skipped, binary modules included). Never throws for the player's code: a module that does not parse is skipped.
     *
     * @param userCode the runtime data's {@code userCode}
     * @return how many modules were parsed
     * @throws IllegalStateException if the context is closed
     */
    int parseAll(JsonNode userCode) {
        long startNanos = System.nanoTime();
        int count = 0;
        long chars = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = userCode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> module = it.next();
            if (!module.getValue().isTextual()) {
                continue;
            }
            String code = module.getValue().textValue();
            try {
                parsed.put(module.getKey(), new Parsed(code, context.parse(source(code, module.getKey()))));
                count++;
                chars += code.length();
            } catch (PolyglotException e) {
                // A SyntaxError, or a parse that failed otherwise (nesting too deep for the parser's stack): require
                // parses it again on the player's clock, under the tick's limits, and throws what it throws there.
                LOG.debug("Player module {} did not parse before the player's clock: {}", module.getKey(),
                        e.getMessage());
            }
        }
        LOG.debug("Parsed {} player module(s), {} KB, in {} ms before the player's clock", count, chars / 1024,
                (System.nanoTime() - startNanos) / 1_000_000);
        return count;
    }

    /**
     * The parse of a module for {@code require}: the one made by {@link #parseAll} when its text is {@code code},
     * otherwise a new parse (a console command, a module the player put together at run time).
     *
     * @param code the player's module source (without the wrapper; a non-string module as {@code '' + code})
     * @param name the module name
     * @return an executable that runs the wrapped module and returns its completion value
     * @throws PolyglotException a SyntaxError of the player's code
     */
    Value compile(String code, String name) {
        Parsed earlier = parsed.remove(name);
        if (earlier != null && earlier.code().equals(code)) {
            return earlier.script();
        }
        return context.parse(source(code, name));
    }

    /** The driver's module wrapper around {@code code}, cached by the engine for every context. */
    static Source source(String code, String name) {
        return Source.newBuilder("js", "(function __module(module,exports){ " + code + "\n})(__module, __module.exports)",
                name).cached(true).buildLiteral();
    }
}
