package dev.tickrunner.storage;

/**
 * Loads everything one player's tick may read from MongoDB and Redis, after the CPU gate. Thread-safe; caches
 * (accessible rooms 60 s, room status 60 s, market history 3 h, market orders per game time) are shared by all
 * threads, as they are by one Node runner process.
 *
 * <p>Reading and writing are two calls, so that each is idempotent and may be retried after a storage fault:
 * {@link #load} only reads and decides; {@link #commit} writes what the decision implies, as absolute values.
 *
 * <p>Mirrors: driver lib/runtime/make.js getUserData (the CPU gate), driver lib/runtime/data.js get.
 */
public interface RuntimeDataLoader {

    /**
     * Runs the CPU gate and, when it passes, builds the runtime data exactly as data.js does (see
     * {@link dev.tickrunner.model.RuntimeData} for the payload shape). Writes nothing: the gate's users update, the
     * inactive flag and the consumed console commands are in {@link LoadResult#writes()}.
     *
     * @param userId the user's id in string form (24-hex ObjectId text or a 15-digit id)
     * @return {@link LoadResult.Ready}, {@link LoadResult.Skipped} or {@link LoadResult.Inactive}
     * @throws com.mongodb.MongoException    if MongoDB fails
     * @throws io.lettuce.core.RedisException if Redis fails
     */
    @Idempotent
    LoadResult load(String userId);

    /**
     * Applies {@code result.writes()}: {@code $set} of the user fields, then the removal of the consumed console
     * commands (by {@code _id}). Idempotent: a second call sets the same values and finds nothing left to remove.
     *
     * @param result what {@link #load} returned
     * @throws com.mongodb.MongoException if MongoDB fails
     */
    @Idempotent
    void commit(LoadResult result);
}
