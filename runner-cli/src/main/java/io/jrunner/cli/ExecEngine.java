// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import io.jrunner.docker.DockerCheck;
import io.jrunner.docker.StartupEngine;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker engine of one {@code jrunner exec}, looked for on a virtual thread while the main
 * thread parses the workflows and reads git: the first candidate that answers, then a sweep of what
 * exec runs on this machine left when they were killed. {@link #found()} answers as soon as the
 * engine is known; the sweep goes on meanwhile and {@link #close()} waits for it, so that an exec
 * never exits in the middle of one.
 *
 * <p>Thread-safe. A sweep that fails is logged (the run goes on: those objects stay until a later
 * run removes them).
 */
final class ExecEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecEngine.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Where the engine is, or why there is none. */
  sealed interface Found {
    /** An engine answered at {@code host}. */
    record At(String host) implements Found {}

    /** None answered; {@code problem} says where it looked and what each place said. */
    record Unavailable(String problem) implements Found {}
  }

  private final CompletableFuture<Found> found = new CompletableFuture<>();
  private final Thread thread;

  private ExecEngine(List<String> candidates, Predicate<String> orphaned, Map<String, String> env) {
    this.thread =
        Thread.ofVirtual().name("exec-engine").start(() -> run(candidates, orphaned, env));
  }

  /**
   * Starts looking.
   *
   * @param candidates the engine addresses to try, in order ({@code DockerHosts.candidates})
   * @param orphaned whether an exec run's label value names a run that is gone
   * @param env the process environment ({@code DOCKER_TLS_VERIFY})
   */
  static ExecEngine start(
      List<String> candidates, Predicate<String> orphaned, Map<String, String> env) {
    return new ExecEngine(List.copyOf(candidates), orphaned, env);
  }

  /** Blocks until an engine answered or every candidate failed. */
  Found found() {
    return found.join();
  }

  /** Waits for the sweep to end (an interrupted wait returns at once, the flag kept). */
  @Override
  public void close() {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(List<String> candidates, Predicate<String> orphaned, Map<String, String> env) {
    String host;
    try {
      host = new DockerCheck(TIMEOUT).find(candidates).host();
    } catch (DockerCheck.DockerUnavailableException e) {
      found.complete(new Found.Unavailable(e.getMessage()));
      return;
    } catch (RuntimeException e) {
      found.complete(new Found.Unavailable(e.toString()));
      return;
    }
    found.complete(new Found.At(host));
    try {
      StartupEngine.sweepOrphans(host, orphaned, env);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot remove what killed exec runs left on {}: {}", host, e.getMessage());
    }
  }
}
