package dev.tickrunner.sandbox.containment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The containment service on a bare CONSTRAINED engine: player recursion that lives at the edge of the stack (where
 * Truffle's own interrupt and cancel can be lost to a stack overflow) is stopped for good by repeated
 * {@link ContainmentService#stop}, trusted code is not, and trust is the source URI.
 */
@Timeout(60)
class ContainmentServiceTest {
    /** Exponential, catches every stack overflow, no loop: GraalJS alone never polls a safepoint here. */
    static final String CATCH_EVERY_OVERFLOW = "function f() { try { return f(); } catch (e) { return f(); } } f();";
    static final String FINALLY_EVERY_OVERFLOW = "function f() { try { f(); } finally { f(); } } f();";

    private Engine engine;
    private ContainmentService containment;

    @BeforeEach
    void engine() {
        engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED).out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream()).option("engine.WarnInterpreterOnly", "false").build();
        containment = ContainmentService.enable(engine);
    }

    @AfterEach
    void close() throws Exception {
        // A failed test may leave a thread in a context: never let closing hang the build.
        CompletableFuture.runAsync(() -> engine.close(true)).get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    // Not here: "function f() { try { f(); } finally { for (;;) {} } }", a loop at the very edge of the stack that
    // calls nothing: the mark does not reach it, only Truffle's cancel at the loop's back-edge (README, "Not done yet").
    @ValueSource(strings = {CATCH_EVERY_OVERFLOW, FINALLY_EVERY_OVERFLOW})
    void stopEndsRecursionAtTheStackEdgeAndIsClearedByRelease(String script) throws Exception {
        // One stop is enough: the mark is sticky, and checked on every call however deep.
        try (Context context = context()) {
            Running running = run(context, Source.create("js", script));
            Thread.sleep(200);
            containment.stop(running.thread);
            PolyglotException e = running.thrown(20);
            assertFalse(e.isCancelled() || e.isInterrupted(), "stopped by the containment service");
            assertEquals(ExecutionStopped.INSTANCE.toString(), e.getMessage());
            containment.release(running.thread);
            // The same context keeps working, also for the released thread.
            assertEquals(3, context.eval("js", "(function g(n) { return n ? g(n - 1) + 1 : 0; })(3)").asInt());
        }
    }

    @Test
    void anExpectedInterruptReachesARecursionWithoutLoops() throws Exception {
        // Exponential but shallow (depth 40) and without a loop: GraalJS alone polls no safepoint in it.
        try (Context context = context()) {
            Running running = run(context, Source.create("js",
                    "function f(n) { return n > 0 ? f(n - 1) + f(n - 1) : 0; } f(40);"));
            Thread.sleep(200);
            containment.expectStop(running.thread);
            context.interrupt(java.time.Duration.ofSeconds(20));
            assertTrue(running.thrown(1).isInterrupted());
            containment.release(running.thread);
        }
    }

    @Test
    void stopDoesNotTouchTrustedCode() throws Exception {
        try (Context context = context()) {
            Source trusted = Source.newBuilder("js", "(function h(n) { return n ? h(n - 1) + 1 : 0; })(50)", "t.js")
                    .uri(TrustedSources.uri("t.js")).buildLiteral();
            Thread self = Thread.currentThread();
            containment.stop(self);
            try {
                assertEquals(50, context.eval(trusted).asInt(), "trusted functions do not check the mark");
                PolyglotException e = org.junit.jupiter.api.Assertions.assertThrows(PolyglotException.class,
                        () -> context.eval("js", "(function p() { return 1; })()"));
                assertEquals(ExecutionStopped.INSTANCE.toString(), e.getMessage());
            } finally {
                containment.release(self);
            }
            assertEquals(1, context.eval("js", "(function p() { return 1; })()").asInt());
        }
    }

    @Test
    void trustIsTheUriNotTheName() {
        assertTrue(TrustedSources.isTrusted(TrustedSources.uri("@screeps/engine/src/game/game.js")));
        assertFalse(TrustedSources.isTrusted(Source.create("js", "1").getURI()));
        assertFalse(TrustedSources.isTrusted(
                Source.newBuilder("js", "1", "@screeps/engine/src/game/game.js").buildLiteral().getURI()));
        assertFalse(TrustedSources.isTrusted(null));
    }

    private Context context() {
        return Context.newBuilder("js").engine(engine).sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream()).build();
    }

    private static Running run(Context context, Source source) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().daemon().start(() -> {
            try {
                result.complete(context.eval(source));
            } catch (Throwable e) {
                result.complete(e);
            }
        });
        return new Running(thread, result);
    }

    private record Running(Thread thread, CompletableFuture<Object> result) {
        PolyglotException thrown(int seconds) throws Exception {
            try {
                return assertInstanceOf(PolyglotException.class, result.get(seconds, TimeUnit.SECONDS));
            } catch (TimeoutException e) {
                throw new AssertionError("the player thread is still running after " + seconds + " s", e);
            }
        }
    }
}
