package dev.tickrunner.pathfinder;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay tool itself: full run with timing from files, and that it notices a difference. */
class GoldenQueryReplayTest {

    @Test
    void timedReplayFromFilesReportsAllIdenticalWithTiming() throws IOException {
        GoldenQueryReplay.Report report = GoldenQueryReplay.replay(GoldenFiles.GOLDEN, GoldenFiles.TERRAIN, true);
        System.out.print(report.format());
        assertEquals(600, report.total());
        assertTrue(report.allIdentical(), report.format());
        assertTrue(report.medianMicros() > 0, report.format());
        assertEquals("terrain sha256 matches the recording", report.terrainCheck());
        assertEquals(GoldenFiles.TERRAIN, GoldenQueryReplay.defaultTerrainFile(GoldenFiles.GOLDEN));
        assertTrue(report.format().startsWith("PathFinder golden replay: 600/600 identical"), report.format());
    }

    @Test
    void replayNoticesADifferentAnswer() {
        GoldenQuery q = GoldenFiles.QUERIES.stream().filter(x -> x.expectedPath().length > 4).findFirst().orElseThrow();
        GoldenQuery wrongOps = new GoldenQuery(q.id(), q.tags(), q.args(), q.derivedArgs(), q.hasCallback(),
                q.matrices(), q.expectedCalls(), q.expectedPath(), q.expectedOps() + 1, q.expectedCost(),
                q.expectedIncomplete());
        PathFinder finder = new PathFinder(GoldenFiles.WORLD);
        assertNotNull(GoldenQueryReplay.compare(finder, wrongOps));
        GoldenQueryReplay.Report report = GoldenQueryReplay.replay(finder, java.util.List.of(q, wrongOps), false);
        assertEquals(1, report.identical());
        assertFalse(report.allIdentical());
        assertEquals(q.id(), report.mismatches().getFirst().id());
        assertTrue(report.format().contains("1/2 identical"), report.format());
    }
}
