package dev.tickrunner.storage;

/** {@link CpuBucketContract} against mongo-java-server and the local Redis (database 11). */
class CpuBucketTest extends CpuBucketContract {
    @Override
    protected StorageServices services() {
        return StorageServices.Local.INSTANCE;
    }
}
