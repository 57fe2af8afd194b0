package dev.tickrunner.it.live;

import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Truffle's JIT had done in the runner at one instant, from its Prometheus endpoint
 * ({@code tickrunner_jit_compilations_total{result}}, {@code tickrunner_jit_deoptimizations_total},
 * {@code tickrunner_jit_invalidations_total}: the runner's {@code JitEvents}); two readings give the rate in between.
 *
 * @param compilations    compilations that installed code
 * @param failed          compilations that failed or bailed out
 * @param deoptimizations frames that left compiled code
 * @param invalidations   compiled code thrown away
 */
record JitCounts(double compilations, double failed, double deoptimizations, double invalidations) {
    private static final Pattern LINE = Pattern.compile(
            "^tickrunner_jit_(compilations|deoptimizations|invalidations)_total(?:\\{([^}]*)})? ([0-9.eE+-]+)$",
            Pattern.MULTILINE);

    /**
     * @param port the runner's {@code --metrics-port} on 127.0.0.1
     * @return the counts now
     * @throws IOException if the endpoint does not answer
     */
    static JitCounts read(int port) throws IOException {
        double compilations = 0;
        double failed = 0;
        double deoptimizations = 0;
        double invalidations = 0;
        Matcher line = LINE.matcher(RunnerMetrics.scrape(port));
        while (line.find()) {
            double value = Double.parseDouble(line.group(3));
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
        return new JitCounts(compilations, failed, deoptimizations, invalidations);
    }

    /**
     * @param earlier a reading taken before this one
     * @param seconds wall seconds between the two
     * @return e.g. {@code 40 compilations (0 failed), 2 deoptimisations, 0 invalidations: 12.0 / 0.6 / 0.0 per minute}
     */
    String since(JitCounts earlier, double seconds) {
        double c = compilations - earlier.compilations;
        double d = deoptimizations - earlier.deoptimizations;
        double i = invalidations - earlier.invalidations;
        double perMinute = seconds <= 0 ? 0 : 60 / seconds;
        return String.format(Locale.ROOT, "%.0f compilations (%.0f failed), %.0f deoptimisations, %.0f invalidations: "
                        + "%.1f / %.1f / %.1f per minute", c, failed - earlier.failed, d, i, c * perMinute,
                d * perMinute, i * perMinute);
    }
}
