package dev.tickrunner.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tickrunner.model.TickOutcome;
import dev.tickrunner.runner.WorldImport;
import dev.tickrunner.sandbox.ScreepsPackages;
import dev.tickrunner.storage.ResultWriter;
import dev.tickrunner.storage.ShardStorage;
import dev.tickrunner.storage.StorageConfig;
import dev.tickrunner.storage.StorageResilience;
import java.io.InputStream;
import java.nio.file.Files;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Issue #12: whether a storage call is retried is decided by its port method, and a retried failure report counts
 * its notification once. A real Redis is SIGKILLed after the report's MongoDB write and before its publishes, so
 * every attempt of the resilient writer writes the notification and then fails on Redis; the notification is
 * counted once (Node's {@code $inc count}, retried, would count it once per attempt).
 */
class ReportCountedOnceIT {
    private static final String USER = "17c332744f825c7";

    @Test
    void aRetriedFailureReportWhoseRedisPublishFailsCountsItsNotificationOnce() throws Exception {
        assumeTrue(Files.isExecutable(FaultServices.REDIS_SERVER), "needs " + FaultServices.REDIS_SERVER);
        try (FaultServices services = new FaultServices()) {
            StorageConfig config = StorageConfig.custom().mongoUri(services.mongoUri()).redisHost("127.0.0.1")
                    .redisPort(services.redisPort()).build();
            try (ShardStorage storage = ShardStorage.open(config)) {
                try (InputStream world = ScreepsPackages.bundled().open(WorldImport.BUNDLED_WORLD)) {
                    storage.worldImporter().importWorld(world, false);
                }
                assertNotNull(storage.mongoDatabase().getCollection("users").find(new Document("_id", USER)).first(),
                        "the bundled world has the user");
                StorageResilience resilience = StorageResilience.ofDefaults();
                ResultWriter writer = resilience.decorate(storage.resultWriter());
                TickOutcome.Failed failed = new TickOutcome.Failed(TickOutcome.Failed.Kind.WATCHDOG,
                        "Script execution timed out ungracefully, restarting virtual machine", true);

                services.killRedis();
                RuntimeException e = assertThrows(RuntimeException.class, () -> writer.report(USER, 77, failed));
                assertTrue(StorageResilience.isStorageUnavailable(e), e.toString());
                assertEquals(1, resilience.retry(StorageResilience.MONGO).getMetrics()
                        .getNumberOfFailedCallsWithRetryAttempt(), "the report is @Idempotent: retried, then given up");

                Document n = storage.mongoDatabase().getCollection("users.notifications")
                        .find(new Document("user", USER).append("message", failed.message())).first();
                assertNotNull(n, "each attempt wrote the notification before Redis failed");
                assertEquals(1, n.getInteger("count"), "counted once over " + StorageResilience.MAX_ATTEMPTS
                        + " attempts");
            }
        }
    }
}
