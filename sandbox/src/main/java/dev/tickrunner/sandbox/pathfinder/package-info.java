/**
 * The GraalJS binding of the Java path finder (module {@code pathfinder}, package {@code dev.tickrunner.pathfinder}):
 * {@link dev.tickrunner.sandbox.pathfinder.PathFinderBinding} + {@code native-pathfinder.js} are the driver's
 * {@code native} module for a {@code SandboxPolicy.CONSTRAINED} context. Wiring, per context:
 * <pre>{@code
 * Value nativeModule = context.eval(PathFinderBinding.adapterSource()).execute(binding); // binding shared
 * // then, in JS: require('@screeps/driver/lib/path-finder.js').create(nativeModule) -> {make, search}
 * }</pre>
 */
package dev.tickrunner.sandbox.pathfinder;
