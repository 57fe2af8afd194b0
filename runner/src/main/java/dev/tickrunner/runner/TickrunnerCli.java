package dev.tickrunner.runner;

import dev.tickrunner.runner.cli.BenchCommand;
import dev.tickrunner.runner.cli.DemoCommand;
import dev.tickrunner.runner.cli.ImportCommand;
import dev.tickrunner.runner.cli.PathFinderCommand;
import dev.tickrunner.runner.cli.RunCommand;
import dev.tickrunner.runner.cli.StressCommand;
import dev.tickrunner.runner.cli.ReplayCommand;
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

    /** Runs the command line and exits with the command's exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new TickrunnerCli()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
