/**
 * Screeps' native path finder ({@code @screeps/driver} 5.3.0 {@code native/src/pf.cc}), ported to Java
 * answer-for-answer, and the tooling that replays its golden queries. Plain Java: no GraalJS here (the binding for
 * the sandbox is {@code dev.tickrunner.sandbox.pathfinder.PathFinderBinding}, module {@code sandbox}).
 *
 * <ul>
 *   <li>{@link dev.tickrunner.pathfinder.PathFinderTerrain}: the world's terrain, built once per process
 *       from {@code List<RoomTerrain>}, shared read-only.</li>
 *   <li>{@link dev.tickrunner.pathfinder.PathFinder}: the search (thread-safe, per-thread reusable state),
 *       {@link dev.tickrunner.pathfinder.RoomCallback}, {@link dev.tickrunner.pathfinder.PathResult},
 *       {@link dev.tickrunner.pathfinder.TerrainNotLoadedException}.</li>
 *   <li>{@link dev.tickrunner.pathfinder.GoldenQueryReplay}: replays the conformance golden file
 *       ({@code pathfinder-public.json}) and reports identical/total and median µs per query
 *       ({@code tickrunner pathfinder}); {@link dev.tickrunner.pathfinder.GoldenQuery} is one recorded query.</li>
 * </ul>
 *
 * <p>Internals, one concept per class: {@code OpenHeap} (the native's binary heap), {@code RoomTable} (room loading
 * and tile costs), {@code JumpPointSearch} (A* and JPS expansion), {@code SearchState} (main loop),
 * {@code WorldCoords} (uint32 coordinate arithmetic) and {@code QueryTimer} (the replay's timing).
 */
package dev.tickrunner.pathfinder;
