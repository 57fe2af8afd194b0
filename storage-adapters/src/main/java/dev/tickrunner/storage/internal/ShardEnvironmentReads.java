package dev.tickrunner.storage.internal;

/** Reads shared by the loader and the environment. */
final class ShardEnvironmentReads {

    private ShardEnvironmentReads() {
    }

    /**
     * Mirrors: @screeps/common index.js getGametime ({@code parseInt} of Redis {@code gameTime}).
     *
     * @return the game time, ticks
     * @throws IllegalStateException if the key is absent or does not start with an integer
     */
    static long gameTime(RedisConnections redis) {
        String raw = redis.commands().get(RedisKeys.GAMETIME);
        if (raw != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*([+-]?\\d+)").matcher(raw);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        throw new IllegalStateException("Redis gameTime is not a number, was " + raw);
    }
}
