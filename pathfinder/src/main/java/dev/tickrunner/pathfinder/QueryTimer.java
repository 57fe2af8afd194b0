package dev.tickrunner.pathfinder;

import java.util.Arrays;
import java.util.List;

/**
 * Times golden queries the way the golden file's native figure was measured: warm-up rounds over all queries, then
 * timed rounds in which every query runs once per round (interleaved); each query's figure is the median of its
 * timed runs ({@link System#nanoTime()} around the bare search), and the result is the median over queries.
 */
final class QueryTimer {
    private QueryTimer() {
    }

    /**
     * @param finder       the path finder
     * @param queries      the queries (callbacks copy prebuilt matrices and record nothing)
     * @param warmupRounds untimed rounds first
     * @param timedRounds  timed rounds (≥ 1)
     * @return median over queries of each query's median search time, µs; NaN for no queries
     */
    static double medianMicros(PathFinder finder, List<GoldenQuery> queries, int warmupRounds, int timedRounds) {
        int n = queries.size();
        if (n == 0) {
            return Double.NaN;
        }
        RoomCallback[] callbacks = new RoomCallback[n];
        for (int i = 0; i < n; i++) {
            callbacks[i] = queries.get(i).callback(null);
        }
        long[][] nanos = new long[n][timedRounds];
        long sink = 0;
        for (int round = 0; round < warmupRounds + timedRounds; round++) {
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                PathResult r;
                try {
                    r = GoldenQueryReplay.run(finder, queries.get(i), callbacks[i]);
                } catch (RuntimeException e) {
                    r = null;
                }
                long elapsedNanos = System.nanoTime() - start;
                sink += r == null ? 1 : r.ops();
                if (round >= warmupRounds) {
                    nanos[i][round - warmupRounds] = elapsedNanos;
                }
            }
        }
        double[] perQueryMicros = new double[n];
        for (int i = 0; i < n; i++) {
            Arrays.sort(nanos[i]);
            perQueryMicros[i] = nanos[i][timedRounds / 2] / 1000.0 + (sink == Long.MIN_VALUE ? 1 : 0);
        }
        Arrays.sort(perQueryMicros);
        return n % 2 == 1 ? perQueryMicros[n / 2] : (perQueryMicros[n / 2 - 1] + perQueryMicros[n / 2]) / 2;
    }
}
