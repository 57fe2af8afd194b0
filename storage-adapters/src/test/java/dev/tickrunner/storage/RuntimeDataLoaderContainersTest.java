package dev.tickrunner.storage;

import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link RuntimeDataLoaderContract} against Testcontainers mongo:7 and redis:7; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class RuntimeDataLoaderContainersTest extends RuntimeDataLoaderContract {
    @Override
    protected StorageServices services() {
        return StorageServices.Containers.INSTANCE;
    }
}
