package dev.tickrunner.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.runner.cli.StressCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A short {@code tickrunner stress}: hostile players and code reloads never stall the ticket queue. */
class HostileStressIT {
    @Test
    void shortStressRunCompletesEveryTicketWithoutAStall() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = new CommandLine(new StressCommand()).execute(HostileWorld.recording().toString(), "--players",
                    "8", "--ticks", "6", "--threads", "2", "--reload-every", "2", "--hostile-every", "2",
                    "--stall-timeout", "PT30S");
        } finally {
            System.setOut(original);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        Files.writeString(Path.of("target", "stress-output.txt"), output);
        assertEquals(0, exit, output);
        assertTrue(output.contains("stress: completed=48 "), output);
        assertTrue(output.contains("stalled=false"), output);
    }
}
