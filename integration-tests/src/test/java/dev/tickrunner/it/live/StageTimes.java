package dev.tickrunner.it.live;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a ticket's time goes, from the runner's own Prometheus endpoint: the sums and counts of
 * {@code tickrunner_tick_stage_seconds} (stages load, run, save) and {@code tickrunner_sandbox_acquire_seconds}
 * (leasing the player's sandbox, creating one included: part of run) at one instant; two readings give the mean per
 * ticket in between.
 *
 * @param sums   seconds so far by timer ({@code load}, {@code run}, {@code save}, {@code acquire})
 * @param counts observations so far by timer
 */
record StageTimes(Map<String, Double> sums, Map<String, Double> counts) {
    private static final Pattern LINE = Pattern.compile(
            "^tickrunner_(tick_stage|sandbox_acquire)_seconds_(sum|count)(?:\\{([^}]*)})? ([0-9.eE+-]+)$",
            Pattern.MULTILINE);
    private static final Pattern STAGE = Pattern.compile("stage=\"(\\w+)\"");

    /**
     * @param port the runner's {@code --metrics-port} on 127.0.0.1
     * @return the figures now
     * @throws IOException if the endpoint does not answer
     */
    static StageTimes read(int port) throws IOException {
        return parse(RunnerMetrics.scrape(port));
    }

    /**
     * @param body a Prometheus text exposition of the runner's meters
     * @return the stage timers in it
     */
    static StageTimes parse(String body) {
        Map<String, Double> sums = new LinkedHashMap<>();
        Map<String, Double> counts = new LinkedHashMap<>();
        Matcher line = LINE.matcher(body);
        while (line.find()) {
            String timer = "acquire";
            if (line.group(1).equals("tick_stage")) {
                Matcher stage = STAGE.matcher(line.group(3) == null ? "" : line.group(3));
                if (!stage.find()) {
                    continue;
                }
                timer = stage.group(1);
            }
            (line.group(2).equals("sum") ? sums : counts).merge(timer, Double.parseDouble(line.group(4)), Double::sum);
        }
        return new StageTimes(sums, counts);
    }

    /**
     * @param earlier a reading taken before this one
     * @return e.g. {@code load 8.4 ms, run 3.3 ms (of it leasing the sandbox, creation included, 0.0 ms), save 5.2 ms
     * per ticket}
     */
    String meanPerTicketSince(StageTimes earlier) {
        return String.format(Locale.ROOT, "load %.1f ms, run %.1f ms (of it leasing the sandbox, creation "
                        + "included, %.1f ms), save %.1f ms per ticket", mean("load", earlier), mean("run", earlier),
                mean("acquire", earlier), mean("save", earlier));
    }

    private double mean(String timer, StageTimes earlier) {
        double count = counts.getOrDefault(timer, 0.0) - earlier.counts.getOrDefault(timer, 0.0);
        double sum = sums.getOrDefault(timer, 0.0) - earlier.sums.getOrDefault(timer, 0.0);
        return count <= 0 ? Double.NaN : 1000 * sum / count;
    }
}
