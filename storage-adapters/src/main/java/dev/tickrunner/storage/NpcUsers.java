package dev.tickrunner.storage;

import java.util.Set;

/**
 * The NPC players of a Screeps world: user {@code "2"} (Invader) and {@code "3"} (Source Keeper). Their code runs
 * like anyone's, but nothing is sent to their console and their errors raise no notification.
 *
 * <p>Mirrors: the engine's src/runner.js and the driver's lib/index.js (sendConsoleMessages, sendConsoleError), which
 * skip users 2 and 3; the users themselves are created by screepsmod-mongo lib/common/_connect.js importMinimalDB.
 */
public final class NpcUsers {
    /** Invader's user id. */
    public static final String INVADER = "2";
    /** Source Keeper's user id. */
    public static final String SOURCE_KEEPER = "3";
    /** Both NPC user ids. */
    public static final Set<String> IDS = Set.of(INVADER, SOURCE_KEEPER);

    private NpcUsers() {
    }

    /**
     * @param userId a user id ({@code users._id} as text)
     * @return true for {@code "2"} and {@code "3"}
     * @throws NullPointerException if {@code userId} is null
     */
    public static boolean isNpc(String userId) {
        return IDS.contains(userId);
    }
}
