package dev.tickrunner.storage;

/** {@link RuntimeDataLoaderContract} against mongo-java-server and the local Redis (database 11). */
class RuntimeDataLoaderTest extends RuntimeDataLoaderContract {
    @Override
    protected StorageServices services() {
        return StorageServices.Local.INSTANCE;
    }
}
