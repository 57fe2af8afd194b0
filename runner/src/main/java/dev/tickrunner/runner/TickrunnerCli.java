package dev.tickrunner.runner;

import dev.tickrunner.runner.cli.BenchCommand;
import dev.tickrunner.runner.cli.DemoCommand;
import dev.tickrunner.runner.cli.ImportCommand;
import dev.tickrunner.runner.cli.PathFinderCommand;
import dev.tickrunner.runner.cli.RunCommand;
import dev.tickrunner.runner.cli.StressCommand;
import dev.tickrunner.runner.cli.ReplayCommand;
import dev.tickrunner.storage.StorageResilience;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tickrunner} command line: {@code run} (consume a shard's queue), {@code demo} (the embedded default),
 * {@code import} (load a LokiJS world), {@code replay} and {@code bench} (recorded ticks), {@code pathfinder}
 * (PathFinder golden queries). Started by the {@code ./tickrunner} launcher, which enables the Graal JIT.
 */
@Command(name = "tickrunner", mixinStandardHelpOptions = true, version = "tickrunner 0.1.0",
        description = "A JVM tick runner for Screeps private servers (screepsmod-mongo layout).",
        subcommands = {RunCommand.class, DemoCommand.class, ImportCommand.class, ReplayCommand.class, BenchCommand.class,
                PathFinderCommand.class, StressCommand.class})
public final class TickrunnerCli implements Runnable {

    /** Exit code of a command stopped by the user's mistake (a missing file, an invalid value). */
    public static final int USER_ERROR = 2;

    /** Runs the command line and exits with the command's exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * @return the command line with its error handling: a user's mistake met while a command runs (a file that does
     *         not exist, a value out of range: {@link IllegalArgumentException}, {@link FileNotFoundException},
     *         {@link NoSuchFileException}, also inside an {@link UncheckedIOException}) is one line on stderr,
     *         {@code tickrunner <command>: <message>}, and exit code {@value #USER_ERROR}; MongoDB or Redis that
     *         cannot be reached is one line too (exit code 1); anything else is a bug and keeps its stack trace
     *         (exit code 1). Picocli's own parse errors print the usage as before.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TickrunnerCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
            if (cause instanceof IllegalArgumentException || cause instanceof FileNotFoundException
                    || cause instanceof NoSuchFileException) {
                String message = cause instanceof NoSuchFileException missing ? "no such file: " + missing.getFile()
                        : cause.getMessage();
                commandLine.getErr().println(commandLine.getCommandName().equals("tickrunner") ? "tickrunner: "
                        + message : "tickrunner " + commandLine.getCommandName() + ": " + message);
                return USER_ERROR;
            }
            if (StorageResilience.isStorageFault(cause)) {
                commandLine.getErr().println("tickrunner " + commandLine.getCommandName() + ": storage unreachable: "
                        + cause.getMessage() + " (check the [mongo] / [redis] settings, --mongo-*, --redis-*)");
                return 1;
            }
            throw e;
        });
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
