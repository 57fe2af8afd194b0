/**
 * Screeps' native path finder ({@code @screeps/driver} 5.3.0 {@code native/src/pf.cc}), ported to Java
 * answer-for-answer, and its binding for the GraalJS sandbox.
 *
 * <ul>
 *   <li>{@link dev.tickrunner.pathfinder.PathFinderTerrain}: the world's terrain, built once per process
 *       from {@code List<RoomTerrain>}, shared read-only.</li>
 *   <li>{@link dev.tickrunner.pathfinder.PathFinder}: the search (thread-safe, per-thread reusable state),
 *       {@link dev.tickrunner.pathfinder.RoomCallback}, {@link dev.tickrunner.pathfinder.PathResult}.</li>
 *   <li>{@link dev.tickrunner.pathfinder.PathFinderBinding} + {@code native-pathfinder.js}: the driver's
 *       {@code native} module for a {@code SandboxPolicy.CONSTRAINED} context. Wiring, per context:
 *       <pre>{@code
 * Value nativeModule = context.eval(PathFinderBinding.adapterSource()).execute(binding); // binding shared
 * // then, in JS: require('@screeps/driver/lib/path-finder.js').create(nativeModule) -> {make, search}
 *       }</pre></li>
 *   <li>{@link dev.tickrunner.pathfinder.GoldenQueryReplay}: replays the conformance golden file
 *       ({@code pathfinder-public.json}) and reports identical/total and median µs per query.</li>
 * </ul>
 *
 * <p>Internals, one concept per class: {@code OpenHeap} (the native's binary heap), {@code RoomTable} (room loading
 * and tile costs), {@code JumpPointSearch} (A* and JPS expansion), {@code SearchState} (main loop), and
 * {@code WorldCoords} (uint32 coordinate arithmetic).
 */
package dev.tickrunner.pathfinder;
