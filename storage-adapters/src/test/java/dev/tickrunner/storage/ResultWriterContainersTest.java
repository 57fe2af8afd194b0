package dev.tickrunner.storage;

import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link ResultWriterContract} against Testcontainers mongo:7 and redis:7; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class ResultWriterContainersTest extends ResultWriterContract {
    @Override
    protected StorageServices services() {
        return StorageServices.Containers.INSTANCE;
    }
}
