package dev.tickrunner.storage;

import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link LokiWorldImporterContract} against Testcontainers mongo:7 and redis:7; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class LokiWorldImporterContainersTest extends LokiWorldImporterContract {
    @Override
    protected StorageServices services() {
        return StorageServices.Containers.INSTANCE;
    }
}
