package dev.tickrunner.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the {@link LoadReport} of one sandbox while its code loads: stages arrive from the in-sandbox runtime
 * ({@code evalCode}, {@code run}) and from {@link PlayerSandbox}; after the first failure or the first executed
 * {@code loop} it ignores everything (a main without {@code loop} is re-evaluated every tick, as in Node).
 * One thread at a time (the sandbox's); {@link #report()} may be read from any thread.
 */
final class LoadReportRecorder {
    private final String userId;
    private final long codeTimestamp;
    private final List<LoadReport.Stage> stages = new ArrayList<>();
    private volatile LoadReport report;
    private boolean done;

    LoadReportRecorder(String userId, long codeTimestamp) {
        this.userId = userId;
        this.codeTimestamp = codeTimestamp;
        this.report = new LoadReport(userId, codeTimestamp, List.of());
    }

    LoadReport report() {
        return report;
    }

    boolean done() {
        return done;
    }

    /** Records a stage; consecutive successful {@code COMPILED} stages merge into one naming every module. */
    synchronized void stage(LoadReport.StageName name, boolean ok, String message) {
        if (done) {
            return;
        }
        LoadReport.Stage last = stages.isEmpty() ? null : stages.getLast();
        if (ok && last != null && last.name() == name && last.ok()) {
            String merged = last.message().isEmpty() ? message : message.isEmpty() ? last.message()
                    : last.message() + ", " + message;
            stages.set(stages.size() - 1, new LoadReport.Stage(name, Instant.now(), true, merged));
        } else {
            stages.add(new LoadReport.Stage(name, Instant.now(), ok, message));
        }
        done = !ok || name == LoadReport.StageName.EXECUTED;
        report = new LoadReport(userId, codeTimestamp, stages);
    }

    /** The first {@code run()} ended: names a missing {@code main} or {@code loop}. */
    void tickEnded(boolean hasMain) {
        if (done) {
            return;
        }
        if (!hasMain) {
            stage(LoadReport.StageName.LOADED, false, "missing main: the code has no module named main");
        } else if (stages.stream().noneMatch(s -> s.name() == LoadReport.StageName.LOADED)) {
            stage(LoadReport.StageName.LOADED, false, "missing loop: main does not export a loop function");
        }
    }

    /** The tick failed outside the runtime's reach (CPU limit, cancel): the stage under way failed. */
    void failed(String message) {
        if (done) {
            return;
        }
        LoadReport.StageName next = stages.stream().anyMatch(s -> s.name() == LoadReport.StageName.LOADED)
                ? LoadReport.StageName.EXECUTED
                : stages.stream().anyMatch(s -> s.name() == LoadReport.StageName.COMPILED)
                ? LoadReport.StageName.LOADED : LoadReport.StageName.COMPILED;
        stage(next, false, message);
    }
}
