// SPDX-License-Identifier: Apache-2.0
package io.jrunner.task;

import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import io.jrunner.Version;
import io.jrunner.cancel.Cancellation;
import io.jrunner.poll.TaskHandler;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.Task;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.report.FinalReport;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task handler of a build without an execution engine: it reports each task as failed with a
 * log line saying why, so the user sees an explanation in the web UI instead of a job stuck at "Set
 * up job". Replaced by the engine's handler when it lands.
 *
 * <p>Thread-safe and stateless.
 */
public final class NoEngineTaskHandler implements TaskHandler {
  private static final Logger LOG = LoggerFactory.getLogger(NoEngineTaskHandler.class);

  private final String runnerName;
  private final FinalReport report;
  private final Clock clock;

  public NoEngineTaskHandler(String runnerName, FinalReport report, Clock clock) {
    this.runnerName = runnerName;
    this.report = report;
    this.clock = clock;
  }

  @Override
  public void handle(Task task, Cancellation lifetime) {
    Instant start = clock.instant();
    String job = contextString(task, "job");
    LOG.info("task {} (job {}) received; this build has no execution engine", task.getId(), job);
    List<LogRow> rows =
        List.of(
            row(
                start,
                runnerName
                    + "(version:"
                    + Version.current()
                    + ") received task "
                    + task.getId()
                    + " of job "
                    + job
                    + ", be triggered by event: "
                    + contextString(task, "event_name")),
            row(
                clock.instant(),
                "jrunner cannot run this job: this build has no execution engine. The task is"
                    + " reported as failed."));
    Instant stop = clock.instant();
    TaskState state =
        TaskState.newBuilder()
            .setId(task.getId())
            .setResult(Result.RESULT_FAILURE)
            .setStartedAt(timestamp(start))
            .setStoppedAt(timestamp(stop))
            .build();
    try {
      if (report.send(task.getId(), 0, rows, state, Map.of(), Cancellation.root())) {
        LOG.info("task {} reported as failed", task.getId());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String contextString(Task task, String key) {
    Value v = task.getContext().getFieldsMap().get(key);
    return v == null ? "" : v.hasStringValue() ? v.getStringValue() : v.toString().trim();
  }

  static LogRow row(Instant at, String content) {
    return LogRow.newBuilder().setTime(timestamp(at)).setContent(content).build();
  }

  static Timestamp timestamp(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }
}
