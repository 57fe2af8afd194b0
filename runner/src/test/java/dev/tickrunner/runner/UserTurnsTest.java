package dev.tickrunner.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.sandbox.SandboxMetricsTracker;
import dev.tickrunner.telemetry.ResultTag;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One ticket per player at a time: a second ticket of a player whose tick is in progress waits for it, then runs
 * the next tick, or is settled without running when its tick already ran (issue #10: players saw "Sandbox of user …
 * is in use by another tick" after main's loop reset).
 */
class UserTurnsTest {
    private final UserTurns turns = new UserTurns();
    /** Two real threads: the common pool may have only one on a 2-core machine. */
    private final ExecutorService workers = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopWorkers() {
        workers.shutdownNow();
    }

    @Test
    void aLoneTicketNeverWaitsAndRunsItsTick() {
        try (UserTurns.Turn turn = turns.enter("u1")) {
            assertFalse(turn.waited());
            assertFalse(turn.alreadyRun(100));
            turn.ran(100);
        }
        try (UserTurns.Turn again = turns.enter("u1")) {
            assertFalse(again.waited());
            assertFalse(again.alreadyRun(100), "a ticket that did not wait runs whatever tick it loads (replays)");
        }
    }

    @Test
    void aSecondTicketWaitsForTheFirstAndRunsTheNextTick() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try (UserTurns.Turn turn = turns.enter("u1")) {
                turn.ran(100);
                inside.countDown();
                await(release);
            }
        }, workers);
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        CompletableFuture<Boolean[]> second = CompletableFuture.supplyAsync(() -> {
            try (UserTurns.Turn turn = turns.enter("u1")) {
                return new Boolean[] {turn.waited(), turn.alreadyRun(100), turn.alreadyRun(101)};
            }
        }, workers);
        Thread.sleep(100);
        assertFalse(second.isDone(), "waits while the first ticket is in progress");
        try (UserTurns.Turn other = turns.enter("u2")) {
            assertFalse(other.waited(), "other players do not wait");
        }
        release.countDown();
        first.get(5, TimeUnit.SECONDS);
        Boolean[] seen = second.get(5, TimeUnit.SECONDS);
        assertTrue(seen[0], "waited");
        assertTrue(seen[1], "tick 100 already ran: not again");
        assertFalse(seen[2], "tick 101 is the next tick: it runs");
    }

    @Test
    void theCoordinatorSettlesADuplicateTicketWithoutAnInUseError() throws Exception {
        FakeShard shard = new FakeShard().with("u1", FakeShard.Load.READY);
        shard.gate = new CountDownLatch(1);
        RuntimeCoordinator coordinator = shard.coordinator(SandboxMetricsTracker.NOOP);
        CompletableFuture<TickReport> first = CompletableFuture.supplyAsync(
                () -> coordinator.runTicket(FakeShard.ticket("u1")), workers);
        assertTrue(shard.entered.await(5, TimeUnit.SECONDS));
        CompletableFuture<TickReport> second = CompletableFuture.supplyAsync(
                () -> coordinator.runTicket(FakeShard.ticket("u1")), workers);
        Thread.sleep(100);
        assertFalse(second.isDone(), "the second ticket waits for the first");
        shard.gate.countDown();
        TickReport ran = first.get(10, TimeUnit.SECONDS);
        TickReport duplicate = second.get(10, TimeUnit.SECONDS);
        assertEquals(ResultTag.FAILED, ran.result(), "the first ran (this fake has no engine)");
        assertEquals(ResultTag.SKIPPED, duplicate.result(), String.valueOf(duplicate));
        assertEquals(null, duplicate.error(), "nothing for the player to see");
        assertEquals(1, shard.savedFailures.size(), "tick 100 ran once");
        assertEquals(List.of("u1", "u1"), shard.markedDone, "both tickets finished");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
