package dev.tickrunner.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.model.TickResult;
import dev.tickrunner.sandbox.SandboxMetricsTracker;
import dev.tickrunner.storage.LoadResult;
import dev.tickrunner.storage.ResultWriter;
import dev.tickrunner.storage.RuntimeDataLoader;
import io.lettuce.core.RedisConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The load, run, save and fetch steps, each on its own, with fakes for storage and sandbox. */
class TickStepsTest {
    private static final RuntimeData DATA = new RuntimeData("u", 100, 1, 20, 10000,
            JsonNodeFactory.instance.objectNode());
    private final FakeShard shard = new FakeShard();
    private final StorageStatus storage = new StorageStatus();

    @Test
    void loadCommitsWhatTheLoadImpliesAndPassesTheDataOn() {
        List<LoadResult> committed = new ArrayList<>();
        LoadStep step = new LoadStep(new RuntimeDataLoader() {
            @Override
            public LoadResult load(String userId) {
                return new LoadResult.Inactive(userId);
            }

            @Override
            public void commit(LoadResult result) {
                committed.add(result);
            }
        }, storage);
        LoadStep.Loaded.Ended ended = assertInstanceOf(LoadStep.Loaded.Ended.class, step.load("u"));
        assertInstanceOf(TickOutcome.Inactive.class, ended.outcome());
        assertEquals(List.of(new LoadResult.Inactive("u")), committed);
        shard.with("r", FakeShard.Load.READY);
        assertInstanceOf(LoadStep.Loaded.Ready.class, new LoadStep(shard, storage).load("r"));
    }

    @Test
    void aStorageFaultWhileLoadingIsStorageUnavailableAndAnythingElseALoadError() {
        LoadStep down = new LoadStep(failingLoader(new RedisConnectionException("Connection refused")), storage);
        TickOutcome outcome = ((LoadStep.Loaded.Ended) down.load("u")).outcome();
        assertEquals(TickOutcome.StorageUnavailable.Stage.LOAD,
                assertInstanceOf(TickOutcome.StorageUnavailable.class, outcome).stage());
        assertTrue(storage.isDown());
        LoadStep broken = new LoadStep(failingLoader(new IllegalStateException("bad document")), storage);
        TickOutcome.Failed failed = assertInstanceOf(TickOutcome.Failed.class,
                ((LoadStep.Loaded.Ended) broken.load("u")).outcome());
        assertEquals(TickOutcome.Failed.Kind.LOAD_ERROR, failed.kind());
    }

    @Test
    void aCompletedTickIsSavedAndAFailedOneReported() {
        List<String> calls = new ArrayList<>();
        SaveStep step = new SaveStep(recordingWriter(calls, null), storage);
        TickOutcome completed = new TickOutcome.Completed(result(), false, false);
        assertSame(completed, step.save(DATA, completed).outcome());
        TickOutcome failed = new TickOutcome.Failed(TickOutcome.Failed.Kind.TIMEOUT, "timed out", true);
        assertSame(failed, step.save(DATA, failed).outcome());
        assertEquals(List.of("save u@100", "report u@100 Failed"), calls);
    }

    @Test
    void aSaveWithoutStorageIsStorageUnavailableAndARefusedOneASaveError() {
        TickOutcome completed = new TickOutcome.Completed(result(), false, false);
        SaveStep down = new SaveStep(recordingWriter(new ArrayList<>(),
                new RedisConnectionException("Connection refused")), storage);
        assertEquals(TickOutcome.StorageUnavailable.Stage.SAVE, assertInstanceOf(
                TickOutcome.StorageUnavailable.class, down.save(DATA, completed).outcome()).stage());
        SaveStep refused = new SaveStep(recordingWriter(new ArrayList<>(),
                new IllegalArgumentException("Memory size is over 2 MB")), storage);
        assertEquals(TickOutcome.Failed.Kind.SAVE_ERROR, assertInstanceOf(TickOutcome.Failed.class,
                refused.save(DATA, completed).outcome()).kind());
        assertEquals(TickOutcome.Failed.Kind.SAVE_ERROR, assertInstanceOf(TickOutcome.Failed.class,
                refused.report("u", 100, new TickOutcome.Skipped(TickOutcome.Skipped.Reason.CPU_GATE, "empty"))
                        .outcome()).kind(), "a report that cannot be written finishes the ticket");
    }

    @Test
    void aSandboxThatCannotBeCreatedIsARunnerSideFailure() {
        RunStep step = new RunStep(FakeShard.pool(SandboxMetricsTracker.NOOP));
        TickOutcome.Failed failed = assertInstanceOf(TickOutcome.Failed.class, step.run(DATA).outcome());
        assertTrue(failed.isSandboxFailure(), failed.toString());
        assertTrue(failed.message().startsWith("Internal error: "), failed.message());
    }

    @Test
    void aLimitedRunStepRunsNoMoreTicksAtOnceThanItsSlots() throws Exception {
        // User a's sandbox creation blocks inside the run step until released; with one slot, user b's run must wait
        // for it instead of entering beside it.
        java.util.concurrent.CountDownLatch aInside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseA = new java.util.concurrent.CountDownLatch(1);
        List<String> entered = java.util.Collections.synchronizedList(new ArrayList<>());
        RunStep step = new RunStep(new dev.tickrunner.sandbox.SandboxPool<>((userId, codeTimestamp) -> {
            entered.add(userId);
            if (userId.equals("a")) {
                aInside.countDown();
                try {
                    releaseA.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new IllegalStateException("no GraalJS engine in this test");
        }, dev.tickrunner.sandbox.SandboxConfig.ofDefaults(), SandboxMetricsTracker.NOOP));
        step.limitConcurrentRuns(1);
        Thread a = Thread.ofPlatform().start(() -> step.run(new RuntimeData("a", 100, 1, 20, 10000,
                JsonNodeFactory.instance.objectNode())));
        aInside.await();
        Thread b = Thread.ofPlatform().start(() -> step.run(new RuntimeData("b", 100, 1, 20, 10000,
                JsonNodeFactory.instance.objectNode())));
        while (b.getState() != Thread.State.WAITING && b.isAlive()) {
            Thread.onSpinWait();
        }
        assertTrue(b.isAlive(), "b ran while a held the only slot: " + entered);
        assertEquals(List.of("a"), List.copyOf(entered));
        releaseA.countDown();
        a.join();
        b.join();
        assertEquals(List.of("a", "b"), List.copyOf(entered));
    }

    @Test
    void fetchTakesNoTicketWhileOneIsOwed() {
        SettleStep settle = new SettleStep(shard, shard, System::nanoTime, Duration.ofHours(1));
        FetchStep fetch = new FetchStep(new ForwardingQueue(shard) {
            @Override
            public Optional<dev.tickrunner.model.UserTicket> fetch(Duration maxWait) {
                return Optional.of(FakeShard.ticket("next"));
            }
        }, null, settle, storage);
        assertEquals("next", fetch.next(Duration.ZERO).orElseThrow().userId());
        shard.redisDownCalls.set(1);
        settle.settle(FakeShard.ticket("owed"), 5, new TickOutcome.Inactive());
        assertEquals(Optional.empty(), fetch.next(Duration.ZERO), "the owed done comes first");
    }

    private static RuntimeDataLoader failingLoader(RuntimeException e) {
        return new RuntimeDataLoader() {
            @Override
            public LoadResult load(String userId) {
                throw e;
            }

            @Override
            public void commit(LoadResult result) {
            }
        };
    }

    private static ResultWriter recordingWriter(List<String> calls, RuntimeException failure) {
        return new ResultWriter() {
            @Override
            public void save(RuntimeData data, TickResult result) {
                if (failure != null) {
                    throw failure;
                }
                calls.add("save " + data.userId() + "@" + data.gameTime());
            }

            @Override
            public void report(String userId, long gameTime, TickOutcome outcome) {
                if (failure != null) {
                    throw failure;
                }
                calls.add("report " + userId + "@" + gameTime + " " + outcome.getClass().getSimpleName());
            }
        };
    }

    private static TickResult result() {
        var empty = JsonNodeFactory.instance.objectNode();
        return new TickResult("u", null, empty, empty, 0, "{}", List.of(), List.of(), Map.of(), null, null, null,
                null, null, null, 1, 1, 1);
    }
}
