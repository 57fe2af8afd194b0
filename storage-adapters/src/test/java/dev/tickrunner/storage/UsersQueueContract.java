package dev.tickrunner.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.model.UserTicket;
import dev.tickrunner.storage.internal.RedisConnections;
import dev.tickrunner.storage.internal.RedisUsersQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The users queue against real Redis. */
abstract class UsersQueueContract extends StorageTestBase {

    @Test
    void fetchMovesTheTicketFromPendingToProcessing() {
        UsersQueue queue = storage.usersQueue();
        queue.addMulti(List.of("u1"));
        Optional<UserTicket> ticket = queue.fetch(Duration.ofSeconds(1));
        assertEquals("u1", ticket.orElseThrow().userId());
        assertEquals(0, queue.pendingCount());
        assertEquals(List.of("u1"), redis.lrange("usersIvmProcessing", 0, -1));
    }

    @Test
    void putBackMovesTheTicketToTheFrontOfPendingOnceIssue5() {
        UsersQueue queue = storage.usersQueue();
        queue.addMulti(List.of("a", "b"));
        UserTicket a = queue.fetch(Duration.ZERO).orElseThrow();
        assertTrue(queue.putBack(a));
        assertFalse(queue.putBack(a), "idempotent: the id is no longer in processing");
        assertEquals(List.of("b", "a"), redis.lrange("usersIvmPending", 0, -1));
        assertEquals(0, queue.processingCount());
        assertEquals("a", queue.fetch(Duration.ZERO).orElseThrow().userId(), "the put-back ticket is taken first");
    }

    @Test
    void putBackAnnouncesTheTicketOnlyWhenItMovedIt() throws Exception {
        UsersQueue queue = storage.usersQueue();
        queue.addMulti(List.of("a"));
        UserTicket a = queue.fetch(Duration.ZERO).orElseThrow();
        subscribe("queue_usersIvm_add");
        assertTrue(queue.putBack(a));
        assertArrayEquals(new String[] {"queue_usersIvm_add", "1"}, nextMessage());
        assertFalse(queue.putBack(a));
        assertEquals(0, drainMessages().size(), "nothing announced for an id no longer in processing");
    }

    @Test
    void putBackWakesAWaitingFetch() throws Exception {
        UsersQueue queue = storage.usersQueue();
        queue.addMulti(List.of("again"));
        UserTicket ticket = queue.fetch(Duration.ZERO).orElseThrow();
        assertEquals("again", fetchWhileAdding(Duration.ofMinutes(1), Duration.ofSeconds(50),
                () -> assertTrue(queue.putBack(ticket))).userId());
    }

    @Test
    void putBackAfterTheMainLoopResetDoesNothing() {
        UsersQueue queue = storage.usersQueue();
        queue.addMulti(List.of("a"));
        UserTicket a = queue.fetch(Duration.ZERO).orElseThrow();
        queue.reset();
        assertFalse(queue.putBack(a));
        assertEquals(0, queue.pendingCount());
    }

    @Test
    void namedQueueUsesItsOwnListsAndUsersBecomesUsersIvm() {
        UsersQueue rooms = storage.queue("rooms");
        rooms.addMulti(List.of("W1N1"));
        assertEquals(List.of("W1N1"), redis.lrange("roomsPending", 0, -1));
        assertEquals("W1N1", rooms.fetch(Duration.ZERO).orElseThrow().userId());
        assertEquals(List.of("W1N1"), redis.lrange("roomsProcessing", 0, -1));
        storage.queue("users").addMulti(List.of("u1"));
        assertEquals(List.of("u1"), redis.lrange("usersIvmPending", 0, -1));
    }

    @Test
    void ticketsAreFetchedInTheOrderTheyWereAdded() {
        UsersQueue queue = storage.usersQueue();
        queue.addMulti(List.of("a", "b", "c"));
        assertEquals(List.of("c", "b", "a"), redis.lrange("usersIvmPending", 0, -1));
        assertEquals("a", queue.fetch(Duration.ZERO).orElseThrow().userId());
        assertEquals("b", queue.fetch(Duration.ZERO).orElseThrow().userId());
        assertEquals("c", queue.fetch(Duration.ZERO).orElseThrow().userId());
    }

    @Test
    void fetchOnAnEmptyQueueReturnsEmptyWithinMaxWait() {
        long start = System.nanoTime();
        assertTrue(storage.usersQueue().fetch(Duration.ofMillis(100)).isEmpty());
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 90 && elapsedMs < 1000, "waited " + elapsedMs + " ms");
    }

    @Test
    void fetchReturnsATicketAddedWhileWaiting() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<UserTicket>> f = pool.submit(() -> storage.usersQueue().fetch(Duration.ofSeconds(5)));
            Thread.sleep(100);
            storage.usersQueue().addMulti(List.of("late"));
            assertEquals("late", f.get().orElseThrow().userId());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWaitingFetchWakesOnTheAddMessageNotOnlyAtItsNextPoll() throws Exception {
        // One poll a minute, a fetch of at most 50 s: it gets the ticket within 10 s only if the queue_usersIvm_add
        // message of addMulti wakes it (without, it would look again when its 50 s are over).
        assertEquals("woken", fetchWhileAdding(Duration.ofMinutes(1), Duration.ofSeconds(50),
                () -> storage.usersQueue().addMulti(List.of("woken"))).userId());
    }

    @Test
    void aFetchWithoutTheAddMessageStillFindsATicketAtItsNextPoll() throws Exception {
        // A ticket pushed without the add message (lost while the pub/sub connection was away) is found by the poll.
        assertEquals("unannounced", fetchWhileAdding(Duration.ofMillis(50), Duration.ofSeconds(9),
                () -> redis.lpush(UsersQueue.PENDING_KEY, "unannounced")).userId());
    }

    /**
     * Starts a fetch of at most {@code maxWait} on a queue of its own (polling every {@code poll}, subscribed by a
     * first fetch), runs {@code add} 200 ms later and returns what the fetch got within 10 s.
     */
    private UserTicket fetchWhileAdding(Duration poll, Duration maxWait, Runnable add) throws Exception {
        try (RedisConnections connections = new RedisConnections(config.redisHost(), config.redisPort(),
                config.redisDatabase())) {
            UsersQueue waiting = new RedisUsersQueue(connections, poll);
            assertTrue(waiting.fetch(Duration.ZERO).isEmpty(), "its first fetch subscribes to the add channel");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<Optional<UserTicket>> f = pool.submit(() -> waiting.fetch(maxWait));
                Thread.sleep(200);
                add.run();
                return f.get(10, TimeUnit.SECONDS).orElseThrow();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void markDoneRemovesTheTicketAndPublishesDone() {
        subscribe(UsersQueue.DONE_CHANNEL);
        UsersQueue queue = storage.usersQueue();
        queue.addMulti(List.of("u1"));
        UserTicket ticket = queue.fetch(Duration.ofSeconds(1)).orElseThrow();
        queue.markDone(ticket);
        assertEquals(0, queue.processingCount());
        assertArrayEquals(new String[] {"queue_usersIvm_done", "1"}, nextMessage());
        queue.markDone(ticket);
        assertEquals(0, queue.processingCount());
    }

    @Test
    void aCrashedRunnerLeavesItsTicketInProcessingUntilReset() {
        UsersQueue queue = storage.usersQueue();
        queue.addMulti(List.of("u1", "u2"));
        queue.fetch(Duration.ZERO).orElseThrow();
        assertEquals(1, queue.pendingCount());
        assertEquals(1, queue.processingCount());
        assertFalse(queue.whenAllDone(Duration.ofMillis(50)));
        queue.reset();
        assertEquals(0, queue.pendingCount());
        assertEquals(0, queue.processingCount());
        assertTrue(queue.whenAllDone(Duration.ofMillis(50)));
    }

    @Test
    void whenAllDonePublishesQueueDoneOnceBothListsAreEmpty() throws Exception {
        subscribe(UsersQueue.ALL_DONE_CHANNEL);
        UsersQueue queue = storage.usersQueue();
        queue.addMulti(List.of("u1"));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> done = pool.submit(() -> queue.whenAllDone(Duration.ofSeconds(5)));
            queue.markDone(queue.fetch(Duration.ZERO).orElseThrow());
            assertTrue(done.get());
            assertArrayEquals(new String[] {"queueDone:usersIvm", "1"}, nextMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void addMultiOfNoIdsWritesNothing() {
        subscribe(UsersQueue.ADD_CHANNEL);
        storage.usersQueue().addMulti(List.of());
        assertEquals(0, redis.exists("usersIvmPending"));
    }

    @Test
    void concurrentWorkersNeverGetTheSameTicket() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add("user" + i);
        }
        storage.usersQueue().addMulti(ids);
        List<String> fetched = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                workers.add(pool.submit(() -> {
                    Optional<UserTicket> t;
                    while ((t = storage.usersQueue().fetch(Duration.ZERO)).isPresent()) {
                        fetched.add(t.get().userId());
                        storage.usersQueue().markDone(t.get());
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, fetched.size());
        assertEquals(200, fetched.stream().distinct().count());
        assertEquals(0, storage.usersQueue().processingCount());
    }
}
