package dev.tickrunner.storage;

/** {@link LokiWorldImporterContract} against mongo-java-server and the local Redis (database 11). */
class LokiWorldImporterTest extends LokiWorldImporterContract {
    @Override
    protected StorageServices services() {
        return StorageServices.Local.INSTANCE;
    }
}
