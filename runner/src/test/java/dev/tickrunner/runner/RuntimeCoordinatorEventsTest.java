package dev.tickrunner.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.sandbox.SandboxMetricsTracker;
import dev.tickrunner.telemetry.ResultTag;
import dev.tickrunner.telemetry.TickEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The coordinator publishes engine runner.js's runnerLoopStage stages for every ticket, in order. */
class RuntimeCoordinatorEventsTest {
    private final FakeShard shard = new FakeShard();
    private final RuntimeCoordinator coordinator = shard.coordinator(SandboxMetricsTracker.NOOP);
    private final List<TickEvent> events = new CopyOnWriteArrayList<>();

    RuntimeCoordinatorEventsTest() {
        coordinator.events().add(events::add);
    }

    @Test
    void skippedTicketPublishesEveryStageAndIsMarkedDone() {
        TickReport report = coordinator.runTicket(FakeShard.ticket("u1"));
        assertEquals(ResultTag.SKIPPED, report.result());
        assertEquals(List.of(TickEvent.Start.class, TickEvent.RunUser.class, TickEvent.SaveResultStart.class,
                TickEvent.SaveResultFinish.class, TickEvent.Finish.class), types());
        TickEvent.Finish finish = assertInstanceOf(TickEvent.Finish.class, events.getLast());
        assertEquals(ResultTag.SKIPPED, finish.result());
        assertTrue(finish.loaded());
        assertFalse(finish.ran());
        assertEquals(List.of("u1"), shard.markedDone);
    }

    @Test
    void failingSandboxIsARunnerSideFailureThatRanAndSavedItsFailure() {
        shard.with("u1", FakeShard.Load.READY);
        TickReport report = coordinator.runUser("u1");
        assertEquals(ResultTag.FAILED, report.result());
        TickEvent.Finish finish = assertInstanceOf(TickEvent.Finish.class, events.getLast());
        assertEquals(ResultTag.FAILED, finish.result());
        assertEquals(100, finish.gameTime());
        assertTrue(finish.ran());
        assertTrue(finish.error().startsWith("Internal error: "), finish.error());
        assertEquals(1, shard.savedFailures.size());
        assertTrue(shard.markedDone.isEmpty(), "runUser has no ticket to mark done");
    }

    @Test
    void loadFailureSkipsTheSaveStagesAndIsALoadFailureNotASaveFailure() {
        shard.with("u1", FakeShard.Load.THROWS);
        coordinator.runTicket(FakeShard.ticket("u1"));
        assertEquals(List.of(TickEvent.Start.class, TickEvent.RunUser.class, TickEvent.Finish.class), types());
        TickEvent.Finish finish = (TickEvent.Finish) events.getLast();
        assertEquals(ResultTag.LOAD_FAILED, finish.result());
        assertFalse(finish.loaded());
        assertEquals(List.of("u1"), shard.markedDone);
    }

    @Test
    void failedSaveIsReportedInSaveResultFinish() {
        shard.with("u1", FakeShard.Load.READY);
        shard.failSaves = true;
        coordinator.runUser("u1");
        TickEvent.SaveResultFinish save = events.stream().filter(TickEvent.SaveResultFinish.class::isInstance)
                .map(TickEvent.SaveResultFinish.class::cast).findFirst().orElseThrow();
        assertFalse(save.saved());
        assertEquals(ResultTag.SAVE_FAILED, ((TickEvent.Finish) events.getLast()).result());
    }

    private List<Class<?>> types() {
        return events.stream().<Class<?>>map(Object::getClass).toList();
    }
}
