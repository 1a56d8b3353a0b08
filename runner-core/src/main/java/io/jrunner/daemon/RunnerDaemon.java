// SPDX-License-Identifier: Apache-2.0
package io.jrunner.daemon;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ConnectCode;
import io.jrunner.client.ConnectException;
import io.jrunner.client.RetryPolicy;
import io.jrunner.client.RunnerClient;
import io.jrunner.poll.Poller;
import io.jrunner.poll.RateLimiter;
import io.jrunner.poll.TaskFetcher;
import io.jrunner.poll.TaskHandler;
import io.jrunner.proto.runner.v1.DeclareRequest;
import io.jrunner.proto.runner.v1.DeclareResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's lifecycle: Declare, then poll and run tasks until stopped.
 *
 * <p>Stopping has two steps, as in forgejo-runner (protocol.md §5.11): {@link #stopGracefully()}
 * stops polling at once and lets running tasks finish; {@link #stopNow()} cancels them, and each
 * still sends its final report. {@link #run()} performs the whole sequence after a stop request,
 * bounded by {@code shutdown_timeout}.
 *
 * <p>Threading: {@link #run()} blocks the calling thread; the stop methods may be called from any
 * thread (e.g. a shutdown hook).
 */
public final class RunnerDaemon {
  private static final Logger LOG = LoggerFactory.getLogger(RunnerDaemon.class);

  private final RunnerClient client;
  private final DaemonSettings settings;
  private final Sleeper sleeper;
  private final RetryPolicy retry;
  private final Cancellation polling = Cancellation.root();
  private final Cancellation jobs = Cancellation.root();
  private final Poller poller;

  public RunnerDaemon(
      RunnerClient client,
      DaemonSettings settings,
      TaskHandler handler,
      Clock clock,
      Sleeper sleeper) {
    this(client, settings, handler, clock, sleeper, RetryPolicy.DAEMON, Optional.empty());
  }

  /**
   * A daemon whose fetches ask for one job attempt ({@code one-job --handle}, protocol.md §4.5):
   * {@code FetchSingleTask} with {@code tasks_version} 0 and {@code handle}.
   */
  public RunnerDaemon(
      RunnerClient client,
      DaemonSettings settings,
      TaskHandler handler,
      Clock clock,
      Sleeper sleeper,
      Optional<String> handle) {
    this(client, settings, handler, clock, sleeper, RetryPolicy.DAEMON, handle);
  }

  RunnerDaemon(
      RunnerClient client,
      DaemonSettings settings,
      TaskHandler handler,
      Clock clock,
      Sleeper sleeper,
      RetryPolicy retry) {
    this(client, settings, handler, clock, sleeper, retry, Optional.empty());
  }

  /**
   * @param retry backoff after a failed Declare or FetchTask (production: {@link
   *     RetryPolicy#DAEMON})
   * @param handle the job attempt every fetch asks for, or empty for plain FetchTask
   */
  private RunnerDaemon(
      RunnerClient client,
      DaemonSettings settings,
      TaskHandler handler,
      Clock clock,
      Sleeper sleeper,
      RetryPolicy retry,
      Optional<String> handle) {
    this.client = client;
    this.retry = retry;
    this.settings = settings;
    this.sleeper = sleeper;
    this.poller =
        new Poller(
            new TaskFetcher(client, settings.fetchTimeout(), handle),
            new RateLimiter(settings.fetchInterval(), clock, sleeper),
            handler,
            settings.capacity(),
            polling,
            jobs,
            sleeper,
            retry);
  }

  /**
   * Declares the runner's version and labels. Retries while the server is unreachable or failing
   * (until stopped); an old server without Declare is tolerated.
   *
   * @return the server's view of the runner, or empty when the server has no Declare or the daemon
   *     was stopped first
   * @throws ConnectException when the server refuses for good (bad credentials, bad request)
   */
  public Optional<DeclareResponse> declare() throws ConnectException, InterruptedException {
    DeclareRequest request =
        DeclareRequest.newBuilder()
            .setVersion(settings.version())
            .addAllLabels(settings.labelNames())
            .build();
    for (int attempt = 1; ; attempt++) {
      try {
        DeclareResponse response = client.declare(request);
        LOG.info(
            "declared to the server as runner {} ({}) with labels {}",
            response.getRunner().getName(),
            response.getRunner().getId(),
            settings.labelNames());
        return Optional.of(response);
      } catch (ConnectException e) {
        if (e.code() == ConnectCode.UNIMPLEMENTED && !e.credentialsRejected()) {
          LOG.warn(
              "the server does not support Declare (Forgejo/Gitea before 1.21): labels are those"
                  + " given at registration");
          return Optional.empty();
        }
        if (!e.isRetryable()) {
          throw e;
        }
        Duration wait = retry.delayAfter(attempt, ThreadLocalRandom.current());
        LOG.warn("Declare failed ({}); retrying in {} ms", e.getMessage(), wait.toMillis());
        if (sleeper.sleep(wait, polling)) {
          return Optional.empty();
        }
      }
    }
  }

  /**
   * Polls and runs tasks until {@link #stopGracefully()}, then waits up to {@code shutdown_timeout}
   * for running tasks, cancels the rest and waits until they have reported.
   *
   * @throws ConnectException when the server rejected the runner's credentials
   */
  public void run() throws ConnectException, InterruptedException {
    try {
      poller.run();
    } catch (ConnectException e) {
      throw rejected(e);
    } finally {
      finishRunningTasks();
    }
  }

  /**
   * {@code one-job}: takes one task ({@code wait}: polls until one arrives), runs it and returns
   * after its final report. A stop request ends the wait.
   *
   * @return whether a task ran
   * @throws ConnectException when the credentials were rejected, or, without {@code wait}, the
   *     fetch failed
   */
  public boolean runOneJob(boolean wait) throws ConnectException, InterruptedException {
    try {
      return poller.runOne(wait);
    } catch (ConnectException e) {
      throw rejected(e);
    } finally {
      finishRunningTasks();
    }
  }

  /**
   * Rejected credentials (the runner was deleted or its token revoked) end the daemon: no running
   * task can report any more, so they are cancelled at once instead of after {@code
   * shutdown_timeout}; each still cleans up its environment.
   */
  private ConnectException rejected(ConnectException e) {
    if (e.credentialsRejected()) {
      LOG.error(
          "the server rejected this runner's credentials ({}): polling stopped; cancelling {}"
              + " running task(s), whose results cannot be reported",
          e.serverMessage(),
          poller.runningCount());
      stopNow();
    }
    return e;
  }

  private void finishRunningTasks() throws InterruptedException {
    if (poller.runningCount() > 0) {
      LOG.info(
          "waiting up to {} for {} running task(s)",
          settings.shutdownTimeout(),
          poller.runningCount());
    }
    if (!poller.awaitIdle(settings.shutdownTimeout())) {
      LOG.warn("shutdown timeout passed: cancelling {} running task(s)", poller.runningCount());
      stopNow();
      // Cancelled tasks still send their final report, with their own bounded retry budget.
      while (!poller.awaitIdle(Duration.ofSeconds(30))) {
        LOG.info("still waiting for {} task(s) to report", poller.runningCount());
      }
    }
  }

  /** Stops polling; running tasks go on. Idempotent, any thread. */
  public void stopGracefully() {
    polling.cancel(CancelReason.RUNNER_SHUTDOWN);
  }

  /** Stops polling and cancels running tasks. Idempotent, any thread. */
  public void stopNow() {
    stopGracefully();
    poller.cancelRunning();
  }

  /** Tasks running now. */
  public int runningTasks() {
    return poller.runningCount();
  }
}
