package dev.tickrunner.sandbox;

/**
 * Texts the player sees in the console when the sandbox ends a tick, copied word for word from the Node runner.
 */
public final class PlayerMessages {
    /**
     * First line of the error of a tick interrupted at its CPU limit, followed by the player's frames. Mirrors:
     * isolated-vm's timeout error as the driver's runtime-driver.js evalCode passes it on (its attempt to say
     * "CPU time limit reached" never reaches the stack text the player sees).
     */
    public static final String SCRIPT_TIMED_OUT = "Script execution timed out.";
    /** {@code Game.cpu.halt()}. Mirrors: driver lib/runtime/make.js catch ({@code didHaltByUserRequest}). */
    public static final String CPU_HALTED = "CPU halted";
    /** The per-ticket wall-clock backstop fired. Mirrors: driver lib/runtime/make.js module.exports timeout. */
    public static final String TIMED_OUT_UNGRACEFULLY =
            "Script execution timed out ungracefully, restarting virtual machine";
    /** The sandbox ran out of memory. Mirrors: driver lib/runtime/make.js catch (Array buffer allocation failed). */
    public static final String UNABLE_TO_ALLOCATE_MEMORY =
            "Script execution has been terminated: unable to allocate memory, restarting virtual machine";
    /** The context died under the player. Mirrors: driver lib/runtime/user-vm.js create (isolate disposed). */
    public static final String ISOLATE_DISPOSED =
            "Script execution has been terminated: your isolate disposed unexpectedly, restarting virtual machine";

    /** Memory over 2 MB when saving. Mirrors: driver lib/index.js saveUserMemory. */
    public static final String MEMORY_LIMIT_REACHED =
            "Script execution has been terminated: memory allocation limit reached";
    /**
     * The statement-count backstop of the CPU watchdog fired. Deviates from Node: isolated-vm has no statement
     * count; the text says what happened in the words of the timeout texts above.
     */
    public static final String STATEMENT_LIMIT_REACHED =
            "Script execution timed out: statement limit reached, restarting virtual machine";
    /**
     * What a player's global kept across ticks is over the retained-heap limit. Deviates from Node: V8 fails an
     * allocation at its heap limit ("unable to allocate memory"); here the tick completes and the global is reset.
     * Format arguments: estimated MB, limit MB.
     */
    public static final String RETAINED_HEAP_EXCEEDED = "Script execution has been terminated: your global keeps "
            + "about %d MB across ticks, over the %d MB heap limit, restarting virtual machine";
    /**
     * The runtime's results broke a rule of the saved shape (a prototype's {@code toJSON}, a redefined built-in).
     * Deviates from Node: Node would save whatever came out. Format argument: the rule broken.
     */
    public static final String RESULTS_REJECTED =
            "Script execution has been terminated: the tick's results are not valid (%s), nothing was saved";

    private PlayerMessages() {
    }
}
