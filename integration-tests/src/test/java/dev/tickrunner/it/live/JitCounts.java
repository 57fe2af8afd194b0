package dev.tickrunner.it.live;

import dev.tickrunner.sandbox.JitEvents;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Truffle's JIT had done in a runner process at one instant, read from its Prometheus endpoint
 * ({@code tickrunner_jit_compilations_total{result}}, {@code tickrunner_jit_deoptimizations_total},
 * {@code tickrunner_jit_invalidations_total}: the runner's {@link JitEvents}) into the runner's own
 * {@link JitEvents.Counts}; two readings give the rate in between.
 */
final class JitCounts {
    private static final Pattern LINE = Pattern.compile(
            "^tickrunner_jit_(compilations|deoptimizations|invalidations)_total(?:\\{([^}]*)})? ([0-9.eE+-]+)$",
            Pattern.MULTILINE);

    private JitCounts() {
    }

    /**
     * @param port the runner's {@code --metrics-port} on 127.0.0.1
     * @return the counts now
     * @throws IOException if the endpoint does not answer
     */
    static JitEvents.Counts read(int port) throws IOException {
        long compilations = 0;
        long failed = 0;
        long deoptimizations = 0;
        long invalidations = 0;
        Matcher line = LINE.matcher(RunnerMetrics.scrape(port));
        while (line.find()) {
            long value = (long) Double.parseDouble(line.group(3));
            switch (line.group(1)) {
                case "compilations" -> {
                    if (line.group(2) != null && line.group(2).contains("result=\"failed\"")) {
                        failed += value;
                    } else {
                        compilations += value;
                    }
                }
                case "deoptimizations" -> deoptimizations += value;
                default -> invalidations += value;
            }
        }
        return new JitEvents.Counts(compilations, failed, deoptimizations, invalidations);
    }

    /**
     * @param later   a reading
     * @param earlier a reading taken before it
     * @param seconds wall seconds between the two
     * @return e.g. {@code 40 compilations (0 failed), 2 deoptimisations, 0 invalidations: 12.0 / 0.6 / 0.0 per minute}
     */
    static String between(JitEvents.Counts later, JitEvents.Counts earlier, double seconds) {
        JitEvents.Counts events = later.since(earlier);
        double perMinute = seconds <= 0 ? 0 : 60 / seconds;
        return events + String.format(Locale.ROOT, ": %.1f / %.1f / %.1f per minute",
                events.compilations() * perMinute, events.deoptimizations() * perMinute,
                events.invalidations() * perMinute);
    }
}
