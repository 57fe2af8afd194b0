/**
 * The runner as a Java library: {@link dev.tickrunner.runner.embedding.JobRuntime} runs posted player ticks on a
 * fixed worker pool with a bounded queue and hands back {@link dev.tickrunner.runner.embedding.Job} handles.
 */
package dev.tickrunner.runner.embedding;
