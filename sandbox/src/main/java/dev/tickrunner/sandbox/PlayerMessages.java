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

    private PlayerMessages() {
    }
}
