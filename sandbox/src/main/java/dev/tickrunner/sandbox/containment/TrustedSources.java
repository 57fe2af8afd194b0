package dev.tickrunner.sandbox.containment;

import java.net.URI;

/**
 * Tells trusted code (the engine's game code, lodash, the driver files, tickrunner's runtime) from the player's by
 * the source's URI, never by its name: a player may name a module anything, including {@code @screeps/engine/x.js}
 * or {@code tickrunner:runtime.js}. Trusted sources are built with {@link #uri(String)}; every other source (player
 * modules, {@code eval}, {@code new Function}) gets GraalJS's default URI and counts as the player's, so the statement
 * limit and the safepoint polls of {@link ContainmentInstrument} apply to it.
 */
public final class TrustedSources {
    /** URI scheme of trusted sources. */
    public static final String SCHEME = "tickrunner-trusted";

    private TrustedSources() {
    }

    /**
     * @param name the source's name as stack traces show it (e.g. {@code @screeps/engine/src/game/game.js})
     * @return the URI to build the trusted source with, {@code tickrunner-trusted:///<name>}
     * @throws IllegalArgumentException if the name does not make a valid URI path
     */
    public static URI uri(String name) {
        return URI.create(SCHEME + ":///" + name.replace(" ", "%20"));
    }

    /**
     * @param uri a source's URI (may be null)
     * @return whether the source was built with {@link #uri(String)}
     */
    public static boolean isTrusted(URI uri) {
        return uri != null && SCHEME.equals(uri.getScheme());
    }
}
