package dev.tickrunner.storage;

/** {@link ResultWriterContract} against mongo-java-server and the local Redis (database 11). */
class ResultWriterTest extends ResultWriterContract {
    @Override
    protected StorageServices services() {
        return StorageServices.Local.INSTANCE;
    }
}
