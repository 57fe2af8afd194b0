package dev.tickrunner.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tickrunner} from the project root as an operator starts it: a fresh JVM with the launcher's own flags
 * (the test environment's {@code TICKRUNNER_JAVA_OPTS}, {@code TICKRUNNER_HEAP} and {@code TICKRUNNER_PLAYERS} removed,
 * so that only a test's own {@code env} changes them), stdout and stderr together in one log file.
 */
public final class Launcher {
    /** The project root (the integration tests run in {@code integration-tests/}). */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Launcher() {
    }

    /**
     * Starts {@code ./tickrunner args…}.
     *
     * @param workDir the working directory (a {@code run} reads {@code .screepsrc} there)
     * @param log     where its output goes (replaced)
     * @param env     environment variables to set, e.g. {@code TICKRUNNER_HEAP}
     * @return the process: the JVM itself, the launcher execs it
     * @throws IOException if it cannot be started
     */
    public static Process start(Path workDir, Path log, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("tickrunner").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        List.of("TICKRUNNER_JAVA_OPTS", "TICKRUNNER_HEAP", "TICKRUNNER_PLAYERS").forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        return builder.start();
    }
}
