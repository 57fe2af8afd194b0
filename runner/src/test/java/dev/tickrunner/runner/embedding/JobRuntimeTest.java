package dev.tickrunner.runner.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tickrunner.runner.FakeShard;
import dev.tickrunner.telemetry.ResultTag;
import dev.tickrunner.runner.RuntimeCoordinator;
import dev.tickrunner.runner.TickReport;
import dev.tickrunner.sandbox.SandboxMetricsTracker;
import dev.tickrunner.telemetry.TickEvent;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobRuntimeTest {
    private final FakeShard shard = new FakeShard();
    private final RuntimeCoordinator coordinator = shard.coordinator(SandboxMetricsTracker.NOOP);

    private JobRuntime runtime(int workers, int capacity) {
        return new JobRuntime(coordinator, JobRuntimeConfig.custom().workers(workers).queueCapacity(capacity).build(),
                InstantSource.system());
    }

    @Test
    void postedJobCompletesWithReportTimingsAndTrace() throws Exception {
        try (JobRuntime jobs = runtime(2, 10)) {
            Job job = jobs.post("u1");
            assertTrue(job.id() >= 1);
            assertTrue(jobs.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(JobStatus.COMPLETED, job.status());
            assertEquals(job, jobs.job(job.id()).orElseThrow());
            assertEquals(ResultTag.SKIPPED, job.report().orElseThrow().result());
            assertTrue(job.startedAt().isPresent() && job.finishedAt().isPresent());
            assertFalse(job.submittedAt().isAfter(job.startedAt().get()));
            assertTrue(job.queueWait().isPresent() && job.runTime().isPresent());
            assertEquals(List.of(TickEvent.Start.class, TickEvent.RunUser.class, TickEvent.SaveResultStart.class,
                    TickEvent.SaveResultFinish.class, TickEvent.Finish.class),
                    job.trace().stream().<Class<?>>map(e -> e.event().getClass()).toList());
            assertTrue(shard.markedDone.isEmpty(), "posted jobs never touch the Redis users queue");
        }
    }

    @Test
    void storageFaultFailsTheJob() throws Exception {
        shard.with("u1", FakeShard.Load.THROWS);
        try (JobRuntime jobs = runtime(1, 10)) {
            Job job = jobs.post("u1");
            assertTrue(job.await(Duration.ofSeconds(10)));
            assertEquals(JobStatus.FAILED, job.status());
            assertTrue(job.failure().orElseThrow().contains("MongoDB is down"), job.failure().get());
        }
    }

    @Test
    void postBeyondTheQueueCapacityIsRejectedAtOnce() throws Exception {
        shard.gate = new CountDownLatch(1);
        try (JobRuntime jobs = runtime(1, 2)) {
            Job running = jobs.post("u1");
            assertTrue(shard.entered.await(10, TimeUnit.SECONDS));
            jobs.post("u2");
            jobs.post("u3");
            JobRejectedException rejected = assertThrows(JobRejectedException.class, () -> jobs.post("u4"));
            assertEquals("Job queue is full: user u4 rejected (capacity=2, pending=2, running=1)", rejected.getMessage());
            assertEquals(0, rejected.getStackTrace().length, "an expected rejection is cheap");
            assertEquals(JobStatus.RUNNING, running.status());
            assertEquals(3, jobs.unfinishedJobs());
            shard.gate.countDown();
            assertTrue(jobs.awaitIdle(Duration.ofSeconds(10)));
        }
    }

    @Test
    void awaitIdleReturnsFalseOnTimeout() throws Exception {
        shard.gate = new CountDownLatch(1);
        try (JobRuntime jobs = runtime(1, 2)) {
            jobs.post("u1");
            assertFalse(jobs.awaitIdle(Duration.ofMillis(100)));
            shard.gate.countDown();
            assertTrue(jobs.awaitIdle(Duration.ofSeconds(10)));
        }
    }

    @Test
    void closeFinishesTheRunningJobFailsThePendingOnesAndRejectsNewWork() throws Exception {
        shard.gate = new CountDownLatch(1);
        JobRuntime jobs = runtime(1, 5);
        Job running = jobs.post("u1");
        Job pending = jobs.post("u2");
        assertTrue(shard.entered.await(10, TimeUnit.SECONDS));
        Thread opener = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            shard.gate.countDown();
        });
        jobs.close();
        opener.join();
        assertEquals(JobStatus.COMPLETED, running.status(), "the running job was finished");
        assertEquals(JobStatus.FAILED, pending.status());
        assertEquals("Job runtime closed before the job started", pending.failure().orElseThrow());
        assertEquals(0, jobs.unfinishedJobs());
        assertTrue(jobs.awaitIdle(Duration.ZERO));
        JobRejectedException rejected = assertThrows(JobRejectedException.class, () -> jobs.post("u3"));
        assertEquals("Job runtime is closed: user u3 rejected", rejected.getMessage());
    }

    @Test
    void onlyTheLastRetainedJobsCanBeLookedUp() throws Exception {
        try (JobRuntime jobs = new JobRuntime(coordinator,
                JobRuntimeConfig.custom().workers(1).queueCapacity(10).retainedJobs(2).build(), InstantSource.system())) {
            Job first = jobs.post("u1");
            jobs.post("u2");
            Job third = jobs.post("u3");
            assertTrue(jobs.awaitIdle(Duration.ofSeconds(10)));
            assertTrue(jobs.job(first.id()).isEmpty());
            assertEquals(third, jobs.job(third.id()).orElseThrow());
        }
    }

    @Test
    void builderRejectsZeroWorkers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JobRuntimeConfig.custom().workers(0).build());
        assertEquals("workers must be >= 1, was 0", e.getMessage());
    }
}
