package dev.tickrunner.pathfinder;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every public golden query must come out exactly as the native answered it. */
class PathFinderGoldenTest {
    private static final PathFinder FINDER = new PathFinder(GoldenFiles.WORLD);

    static Stream<Named<GoldenQuery>> queries() {
        return GoldenFiles.QUERIES.stream().map(q -> Named.of("#" + q.id() + " " + String.join(",", q.tags()), q));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void answersLikeNative(GoldenQuery q) {
        assertNull(GoldenQueryReplay.compare(FINDER, q),
                () -> "query " + q.id() + " differs; native: ops=" + q.expectedOps() + " cost=" + q.expectedCost()
                        + " incomplete=" + q.expectedIncomplete() + " calls=" + q.expectedCalls());
    }

    @Test
    void replayReportIsAllIdentical() {
        GoldenQueryReplay.Report report = GoldenQueryReplay.replay(FINDER, GoldenFiles.QUERIES, false);
        assertEquals(600, report.total(), report.format());
        assertTrue(report.allIdentical(), report.format());
        assertTrue(report.argsDisagree().isEmpty(), report.format());
    }
}
