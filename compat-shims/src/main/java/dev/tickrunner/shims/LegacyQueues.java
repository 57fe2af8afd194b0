package dev.tickrunner.shims;

import dev.tickrunner.model.UserTicket;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.storage.UsersQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code driver.queue}: one {@link Queue} per name, created on first use and kept, as lib/queue.js's
 * {@code register}. Thread-safe.
 *
 * <p>Mirrors: driver lib/queue.js create(name) over screepsmod-mongo lib/common/queue.js.
 */
public final class LegacyQueues {
    private final ShardStorage storage;
    private final Map<String, Queue> register = new ConcurrentHashMap<>();

    LegacyQueues(ShardStorage storage) {
        this.storage = storage;
    }

    /**
     * Mirrors: driver lib/queue.js create(name): {@code users} becomes {@code usersIvm}.
     *
     * @param name the queue name
     * @return the same queue for the same name
     */
    public Queue create(String name) {
        return register.computeIfAbsent(name, n -> new Queue(storage.queue(n)));
    }

    /** One queue: lists {@code <name>Pending} / {@code <name>Processing}, channels {@code queue_<name>_*}. */
    public static final class Queue {
        private final UsersQueue delegate;

        private Queue(UsersQueue delegate) {
            this.delegate = delegate;
        }

        /**
         * RPOPLPUSH pending → processing, polling every 10 ms. Mirrors: queue.js fetch.
         * Deviates from Node: gives up after {@code maxWait} (Node's promise waits for ever).
         *
         * @return the id, or empty after {@code maxWait}
         */
        public Optional<String> fetch(Duration maxWait) {
            return delegate.fetch(maxWait).map(UserTicket::userId);
        }

        /** LREM processing 0 id, PUBLISH {@code queue_<name>_done 1}. Mirrors: queue.js markDone. */
        public void markDone(String id) {
            delegate.markDone(new UserTicket(id, 0));
        }

        /** LPUSH pending id, PUBLISH {@code queue_<name>_add 1}. Mirrors: queue.js add. */
        public void add(String id) {
            delegate.addMulti(List.of(id));
        }

        /** LPUSH pending ids…, PUBLISH {@code queue_<name>_add 1}; nothing for none. Mirrors: queue.js addMulti. */
        public void addMulti(List<String> ids) {
            delegate.addMulti(ids);
        }

        /**
         * Waits until both lists are empty, then PUBLISH {@code queueDone:<name> 1}. Mirrors: queue.js whenAllDone.
         *
         * @return false when {@code timeout} passed first
         */
        public boolean whenAllDone(Duration timeout) {
            return delegate.whenAllDone(timeout);
        }

        /** DEL both lists, PUBLISH {@code queue_<name>_done 1}. Mirrors: queue.js reset. */
        public void reset() {
            delegate.reset();
        }
    }
}
