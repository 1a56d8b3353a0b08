// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import io.jrunner.cancel.Cancellation;
import io.jrunner.metrics.ObservedClient;
import io.jrunner.metrics.RunnerMetrics;
import io.jrunner.poll.TaskHandler;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the task handler so that the daemon's own log says what it did, at info: one line when a
 * task starts (task id, repository, workflow, job, ref) and one when it ends (the result the server
 * acknowledged, and how long it took), and counts it in {@link RunnerMetrics}. No secret and no
 * token is logged: only these context names.
 *
 * <p>Thread-safe; one call per task on the task's thread, as {@link TaskHandler} says.
 */
public final class LoggedTaskHandler implements TaskHandler {
  private static final Logger LOG = LoggerFactory.getLogger("task");

  private final TaskHandler delegate;
  private final ObservedClient client;
  private final RunnerMetrics metrics;
  private final Clock clock;
  private final java.util.concurrent.atomic.AtomicReference<String> lastResult =
      new java.util.concurrent.atomic.AtomicReference<>();

  /**
   * @param client the client the delegate reports through, which knows each final result
   */
  public LoggedTaskHandler(
      TaskHandler delegate, ObservedClient client, RunnerMetrics metrics, Clock clock) {
    this.delegate = delegate;
    this.client = client;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public void handle(Task task, Cancellation lifetime) {
    Instant start = clock.instant();
    LOG.info(
        "task {} started: repository {}, workflow {}, job {}, ref {}",
        task.getId(),
        orDash(TaskContexts.string(task, "repository")),
        orDash(TaskContexts.string(task, "workflow")),
        orDash(TaskContexts.string(task, "job")),
        orDash(TaskContexts.string(task, "ref")));
    metrics.taskStarted();
    String result = "unknown";
    try {
      delegate.handle(task, lifetime);
    } finally {
      Duration took = Duration.between(start, clock.instant());
      result = client.takeFinalResult(task.getId()).map(LoggedTaskHandler::name).orElse(result);
      metrics.taskFinished(result, took);
      lastResult.set(result);
      if (result.equals("unknown")) {
        LOG.warn(
            "task {} finished after {}: the server did not acknowledge its result",
            task.getId(),
            seconds(took));
      } else {
        LOG.info("task {} finished: {} after {}", task.getId(), result, seconds(took));
      }
    }
  }

  /**
   * The result of the task that ended last ({@code success}, {@code failure}, {@code cancelled},
   * {@code skipped}, or {@code unknown} when the server did not acknowledge one); empty before the
   * first.
   */
  public java.util.Optional<String> lastResult() {
    return java.util.Optional.ofNullable(lastResult.get());
  }

  private static String name(Result result) {
    return result.name().replace("RESULT_", "").toLowerCase(Locale.ROOT);
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  private static String orDash(String s) {
    return s.isEmpty() ? "-" : s;
  }
}
