/** MongoDB and Redis implementations of the storage ports. Not an API: only {@code ShardStorage} creates them. */
package dev.tickrunner.storage.internal;
