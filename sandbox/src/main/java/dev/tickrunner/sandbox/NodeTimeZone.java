package dev.tickrunner.sandbox;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * The time zone player code sees, named as Node names it. Both runtimes take the host's zone, but V8 reports every
 * alias of UTC as {@code UTC} ({@code Intl.DateTimeFormat().resolvedOptions().timeZone}), where the JVM reads the
 * host's link name ({@code Etc/UTC} on Debian): GraalJS says {@code UTC} for the zone {@link ZoneOffset#UTC} (for the
 * region {@code UTC} it says {@code GMT}). Any other zone keeps the host's name. {@code Date} strings name UTC
 * {@code (GMT)} in GraalJS, {@code (Coordinated Universal Time)} in V8: node-environment.js renames it.
 */
final class NodeTimeZone {
    /** The zone ids that V8 canonicalises to {@code UTC} (its {@code JSDateTimeFormat::CanonicalizeTimeZoneID}). */
    private static final Set<String> UTC_ALIASES = Set.of("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal",
            "Universal", "Etc/Zulu", "Zulu", "Etc/GMT", "GMT", "Etc/GMT0", "GMT0", "Etc/GMT+0", "Etc/GMT-0", "GMT+0",
            "GMT-0", "Etc/Greenwich", "Greenwich", "Z");

    private NodeTimeZone() {
    }

    /**
     * @param host the host's zone ({@link ZoneId#systemDefault()})
     * @return {@link ZoneOffset#UTC} for an alias of UTC, otherwise {@code host}
     */
    static ZoneId of(ZoneId host) {
        return UTC_ALIASES.contains(host.getId()) ? ZoneOffset.UTC : host;
    }

    /**
     * @param zone a zone {@link #of} returned
     * @return whether it is UTC
     */
    static boolean isUtc(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC);
    }
}
