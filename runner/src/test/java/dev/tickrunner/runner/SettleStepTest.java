package dev.tickrunner.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.model.TickOutcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The settle step's state machine, decided by the outcome alone and driven by a hand-moved clock: done, or report and
 * put back; what fails for lack of storage is owed and tried again no sooner than the retry interval.
 */
class SettleStepTest {
    private static final TickOutcome UNAVAILABLE =
            new TickOutcome.StorageUnavailable(TickOutcome.StorageUnavailable.Stage.SAVE, "Redis down");
    private final FakeShard shard = new FakeShard();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final SettleStep settle = new SettleStep(shard, shard, nanos::get, Duration.ofMillis(100));

    @Test
    void everyOutcomeButStorageUnavailableIsMarkedDone() {
        settle.settle(FakeShard.ticket("a"), 5, new TickOutcome.Inactive());
        settle.settle(FakeShard.ticket("b"), 5,
                new TickOutcome.Failed(TickOutcome.Failed.Kind.SAVE_ERROR, "refused", false));
        assertEquals(List.of("a", "b"), shard.markedDone);
        assertEquals(List.of(), shard.putBack);
        assertEquals(0, settle.owedCount());
    }

    @Test
    void aTickWhoseSaveFoundNoStorageIsReportedThenPutBack() {
        settle.settle(FakeShard.ticket("u"), 42, UNAVAILABLE);
        assertEquals(List.of("u@42"), shard.skippedReports);
        assertEquals(List.of("u"), shard.putBack);
        assertEquals(List.of(), shard.markedDone);
    }

    @Test
    void aTicketWithoutAGameTimeIsPutBackWithoutAReport() {
        settle.settle(FakeShard.ticket("u"), -1,
                new TickOutcome.StorageUnavailable(TickOutcome.StorageUnavailable.Stage.LOAD, "Mongo down"));
        assertEquals(List.of(), shard.skippedReports);
        assertEquals(List.of("u"), shard.putBack);
    }

    @Test
    void whatFailsIsOwedAndRetriedOnlyAfterTheInterval() {
        shard.redisDownCalls.set(2);
        settle.settle(FakeShard.ticket("u"), 42, UNAVAILABLE);
        assertEquals(1, settle.owedCount(), "the report failed");
        assertFalse(settle.settleOwed(), "not due yet");
        assertEquals(List.of(), shard.skippedReports);
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertFalse(settle.settleOwed(), "the report fails once more");
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertTrue(settle.settleOwed());
        assertEquals(List.of("u@42"), shard.skippedReports, "reported once");
        assertEquals(List.of("u"), shard.putBack);
    }

    @Test
    void aStepThatSucceededIsNotRepeated() {
        // The report goes through, then the put-back finds Redis gone.
        FakeShard down = new FakeShard();
        SettleStep step = new SettleStep(new FailingAfterReport(down), down, nanos::get, Duration.ofMillis(100));
        step.settle(FakeShard.ticket("v"), 7, UNAVAILABLE);
        assertEquals(List.of("v@7"), down.skippedReports);
        assertEquals(1, step.owedCount());
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertTrue(step.settleOwed());
        assertEquals(List.of("v@7"), down.skippedReports, "the report is not sent again");
        assertEquals(List.of("v"), down.putBack);
    }

    @Test
    void aMarkDoneThatFailsIsOwedUntilStorageReturns() {
        shard.redisDownCalls.set(1);
        settle.settle(FakeShard.ticket("u"), 5, new TickOutcome.Inactive());
        assertEquals(1, settle.owedCount());
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertTrue(settle.settleOwed());
        assertEquals(List.of("u"), shard.markedDone);
    }

    /** A queue whose first put-back fails as an unreachable Redis; everything else goes to {@code shard}. */
    private static final class FailingAfterReport extends ForwardingQueue {
        private boolean failed;

        FailingAfterReport(FakeShard shard) {
            super(shard);
        }

        @Override
        public boolean putBack(dev.tickrunner.model.UserTicket ticket) {
            if (!failed) {
                failed = true;
                throw new io.lettuce.core.RedisConnectionException("Connection refused");
            }
            return super.putBack(ticket);
        }
    }
}
