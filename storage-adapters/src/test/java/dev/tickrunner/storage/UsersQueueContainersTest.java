package dev.tickrunner.storage;

import org.testcontainers.junit.jupiter.Testcontainers;

/** {@link UsersQueueContract} against Testcontainers mongo:7 and redis:7; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class UsersQueueContainersTest extends UsersQueueContract {
    @Override
    protected StorageServices services() {
        return StorageServices.Containers.INSTANCE;
    }
}
