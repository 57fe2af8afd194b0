package dev.tickrunner.runner.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The real Screeps server's own processes (storage, main, processors, backend, the Node runner), started from an npm
 * install of {@code screeps} + {@code screepsmod-mongo} the way the launcher ({@code @screeps/launcher lib/start.js
 * _startProcess}) starts them: {@code node --no-node-snapshot <script>} in the world directory with the launcher's
 * environment, output appended to {@code logs/<name>.log}, and started again 1 s after it exits (the server's
 * processes exit when Redis goes away and rely on that). {@link #close()} stops every one by pid.
 *
 * <p>Thread-safe.
 */
public final class ServerProcesses implements AutoCloseable {
    /** Where the build installs the server ({@code live-server/package-lock.json}, npm ci), below the project root. */
    public static final String INSTALL_DIR = "runner/target/live-server";

    private final Path server;
    private final Path world;
    private final String node;
    private final Map<String, String> environment;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Map<String, Integer> restarts = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /**
     * @param server      the npm install directory (it holds {@code node_modules/screeps})
     * @param world       the world directory: working directory, {@code mods.json}, {@code logs/}
     * @param node        the {@code node} executable
     * @param environment what every process gets ({@code STORAGE_PORT}, {@code MODFILE}, {@code MONGO_*},
     *                    {@code REDIS_*}, …)
     * @throws UncheckedIOException if {@code world/logs} cannot be created
     */
    public ServerProcesses(Path server, Path world, String node, Map<String, String> environment) {
        this.server = server;
        this.world = world;
        this.node = node;
        this.environment = Map.copyOf(environment);
        try {
            Files.createDirectories(world.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether {@code server} holds an install of the real server (npm ci ran there) */
    public static boolean installed(Path server) {
        return Files.isDirectory(server.resolve("node_modules/screeps"))
                && Files.isRegularFile(server.resolve("node_modules/@screeps/engine/dist/main.js"));
    }

    /** @return whether {@code node --version} runs */
    public static boolean nodeAvailable(String node) {
        try {
            Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until something listens on {@code 127.0.0.1:port}.
     *
     * @param what names the listener in the error
     * @throws IOException if nothing listens within {@code timeout}
     */
    public static void awaitPort(int port, String what, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException(what + " did not listen on " + port + " within " + timeout);
    }

    /** @return the npm install's {@code node_modules} */
    public Path nodeModules() {
        return server.resolve("node_modules");
    }

    /**
     * Starts one of the server's scripts, e.g. {@code ("engine_main", "@screeps/engine/dist/main.js", Map.of())}.
     *
     * @param name   the process's name, as the launcher names it (its log is {@code logs/<name>.log})
     * @param script the script below {@code node_modules}
     * @param own    environment of this process only, on top of the common one
     * @throws IOException if {@code node} cannot be started
     */
    public void start(String name, String script, Map<String, String> own) throws IOException {
        supervise(name, builder(name, script, own));
    }

    /**
     * Starts one of the server's scripts like {@link #start}, but not again when it exits: for a process whose exit
     * the caller wants to see (e.g. the Node runner that a test stops). {@link #close()} stops it too.
     *
     * @return the process
     * @throws IOException if {@code node} cannot be started
     */
    public Process startOnce(String name, String script, Map<String, String> own) throws IOException {
        Process process = builder(name, script, own).start();
        processes.put(name, process);
        return process;
    }

    private ProcessBuilder builder(String name, String script, Map<String, String> own) {
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(own);
        ProcessBuilder builder = new ProcessBuilder(node, "--no-node-snapshot", nodeModules().resolve(script).toString())
                .directory(world.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
        builder.environment().putAll(env);
        return builder;
    }

    private void supervise(String name, ProcessBuilder builder) throws IOException {
        Process process;
        synchronized (this) {
            if (closing) {
                return;
            }
            process = builder.start();
            processes.put(name, process);
        }
        process.onExit().thenRun(() -> {
            if (closing) {
                return;
            }
            restarts.merge(name, 1, Integer::sum);
            try {
                Thread.sleep(1_000);
                supervise(name, builder);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + name + " again", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** @return the log file of process {@code name} */
    public Path log(String name) {
        return world.resolve("logs/" + name + ".log");
    }

    /** @return what process {@code name} wrote so far, or a note saying there is nothing */
    public String logText(String name) {
        try {
            return Files.readString(log(name));
        } catch (IOException e) {
            return "(no log of " + name + ": " + e.getMessage() + ")";
        }
    }

    /** @return how often each process exited and was started again */
    public Map<String, Integer> restarts() {
        return Map.copyOf(restarts);
    }

    /** Stops every process by pid: SIGTERM, then SIGKILL after 10 s. Idempotent. */
    @Override
    public void close() {
        List<Process> all;
        synchronized (this) {
            closing = true;
            all = new ArrayList<>(processes.values());
        }
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : all) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
