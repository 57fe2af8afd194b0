package dev.tickrunner.runner;

import dev.tickrunner.model.UserTicket;
import dev.tickrunner.storage.UsersQueue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A {@link UsersQueue} that forwards every call, for tests that change one of them. */
class ForwardingQueue implements UsersQueue {
    private final UsersQueue delegate;

    ForwardingQueue(UsersQueue delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<UserTicket> fetch(Duration maxWait) {
        return delegate.fetch(maxWait);
    }

    @Override
    public void markDone(UserTicket ticket) {
        delegate.markDone(ticket);
    }

    @Override
    public boolean putBack(UserTicket ticket) {
        return delegate.putBack(ticket);
    }

    @Override
    public void addMulti(List<String> userIds) {
        delegate.addMulti(userIds);
    }

    @Override
    public boolean whenAllDone(Duration timeout) {
        return delegate.whenAllDone(timeout);
    }

    @Override
    public void reset() {
        delegate.reset();
    }

    @Override
    public long pendingCount() {
        return delegate.pendingCount();
    }

    @Override
    public long processingCount() {
        return delegate.processingCount();
    }
}
