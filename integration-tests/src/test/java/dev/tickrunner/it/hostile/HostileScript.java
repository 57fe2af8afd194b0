package dev.tickrunner.it.hostile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One row of the hostile suite: a player script, how its last tick may end and what the player must read.
 *
 * @param name     the row's name (test display name and table key)
 * @param code     the player's {@code main} module
 * @param ticks    ticks run in a row on the player's (possibly reset) sandbox; expectations apply to the last one
 * @param outcomes allowed outcomes of the last tick: {@code DONE}, {@code ERROR} (saved with an error) or a
 *                 {@code TickOutcome.Failed.Kind} name
 * @param text     must be found in what the player reads: the error text, then the console lines
 * @param memory   when not null, the saved Memory must equal it
 * @param modules  the player's other modules, by name
 */
record HostileScript(String name, String code, int ticks, Set<String> outcomes, Pattern text, String memory,
                     Map<String, String> modules) {
    static final Set<String> TIMED_OUT = Set.of("ERROR", "TIMEOUT");

    HostileScript(String name, String code, int ticks, Set<String> outcomes, Pattern text, String memory) {
        this(name, code, ticks, outcomes, text, memory, Map.of());
    }

    static HostileScript loop(String name, String body, Set<String> outcomes, String text) {
        return new HostileScript(name, "module.exports.loop = function () { " + body + " };", 1, outcomes,
                Pattern.compile(text), null);
    }

    static HostileScript timedOut(String name, String body) {
        return loop(name, body, TIMED_OUT, "Script execution timed out");
    }

    HostileScript withTicks(int count) {
        return new HostileScript(name, code, count, outcomes, text, memory, modules);
    }

    HostileScript withMemory(String expected) {
        return new HostileScript(name, code, ticks, outcomes, text, expected, modules);
    }

    HostileScript withModule(String moduleName, String moduleCode) {
        Map<String, String> more = new LinkedHashMap<>(modules);
        more.put(moduleName, moduleCode);
        return new HostileScript(name, code, ticks, outcomes, text, memory, Map.copyOf(more));
    }

    @Override
    public String toString() {
        return name;
    }
}
