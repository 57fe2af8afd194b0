package dev.tickrunner.sandbox;

/**
 * The in-sandbox runtime returned results that break a rule of the saved shape, so nothing of the tick is saved.
 * Only a player who redefined what the runtime relies on (a {@code toJSON} on a prototype, a built-in) gets here.
 */
final class TickResultRejectedException extends Exception {
    private final String rule;

    TickResultRejectedException(String rule) {
        super(rule, null, false, false);
        this.rule = rule;
    }

    /** @return the text the player sees: Node's own text for an oversized Memory, else the rule in our text */
    String playerText() {
        return rule.equals(PlayerMessages.MEMORY_LIMIT_REACHED) ? rule : PlayerMessages.RESULTS_REJECTED.formatted(rule);
    }

    /** @return the rule broken, in the player's words ("Memory is not a string", "intents is not an object") */
    String rule() {
        return rule;
    }
}
