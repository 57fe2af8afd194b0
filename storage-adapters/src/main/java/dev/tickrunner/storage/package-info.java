/**
 * The storage contract of a Screeps shard in the screepsmod-mongo layout (MongoDB + Redis): the users queue,
 * runtime data loading with the CPU gate, saving tick results, shard environment values and LokiJS import.
 * {@link dev.tickrunner.storage.ShardStorage} opens the clients and hands out the ports; the implementations live in
 * {@code internal}.
 */
package dev.tickrunner.storage;
