package dev.tickrunner.storage;

/** {@link UsersQueueContract} against mongo-java-server and the local Redis (database 11). */
class UsersQueueTest extends UsersQueueContract {
    @Override
    protected StorageServices services() {
        return StorageServices.Local.INSTANCE;
    }
}
