package dev.tickrunner.sandbox.replay;

import dev.tickrunner.model.RuntimeData;
import dev.tickrunner.sandbox.PlayerSandbox;
import dev.tickrunner.sandbox.SandboxFactory;
import dev.tickrunner.model.TickOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays a recorded tick on a fresh sandbox: tick 1 is the recorded input; each following tick is the same input
 * with game time + 1 and the Memory string the previous tick saved, exactly as the recordings were made
 * ({@code shared/conformance/README.md}). No storage is involved.
 */
public final class TickReplayer {
    private final SandboxFactory factory;

    /** @param factory creates the fresh sandbox; its world must be the recording's (terrain, world size, shard) */
    public TickReplayer(SandboxFactory factory) {
        this.factory = factory;
    }

    /** One replayed tick with its CPU figures. */
    public record ReplayedTick(int tickNumber, TickOutcome outcome, double wallMs) {
    }

    /**
     * Runs {@code ticks} consecutive ticks of {@code recording} on one new sandbox, which is closed afterwards, and
     * returns them all. Every tick's output (its saved Memory included) stays in the list: for long replays of a
     * large Memory use {@link #replay(Recording, int, Consumer)}.
     *
     * @param ticks how many ticks, ≥ 1
     * @return the ticks in order
     * @throws IllegalArgumentException if {@code ticks < 1}
     */
    public List<ReplayedTick> replay(Recording recording, int ticks) {
        List<ReplayedTick> result = new ArrayList<>(Math.max(ticks, 0));
        replay(recording, ticks, result::add);
        return result;
    }

    /**
     * Runs {@code ticks} consecutive ticks of {@code recording} on one new sandbox, which is closed afterwards, and hands
     * each tick to {@code each} as soon as it ran, before the next one runs; nothing is kept here but the Memory fed
     * to the next tick. A tick that needs a global reset (halt, cancelled) gets a fresh sandbox for the next tick, as
     * the Node runner does.
     *
     * @param ticks how many ticks, ≥ 1
     * @param each  gets the ticks in order; what it throws ends the replay (the sandbox is closed) and is rethrown
     * @throws IllegalArgumentException if {@code ticks < 1}
     */
    public void replay(Recording recording, int ticks, Consumer<ReplayedTick> each) {
        if (ticks < 1) {
            throw new IllegalArgumentException("ticks must be >= 1, was " + ticks);
        }
        RuntimeData first = recording.runtimeData(1, null);
        PlayerSandbox sandbox = factory.create(recording.userId(), first.userCodeTimestamp());
        try {
            String memory = null;
            for (int k = 1; k <= ticks; k++) {
                if (sandbox.needsReset()) {
                    sandbox.close();
                    sandbox = factory.create(recording.userId(), first.userCodeTimestamp());
                }
                long t0 = System.nanoTime();
                TickOutcome outcome = sandbox.runTick(recording.runtimeData(k, memory));
                double wallMs = (System.nanoTime() - t0) / 1e6;
                if (outcome instanceof TickOutcome.Completed done && done.result().memory() != null) {
                    memory = done.result().memory();
                }
                each.accept(new ReplayedTick(k, outcome, wallMs));
            }
        } finally {
            sandbox.close();
        }
    }
}
