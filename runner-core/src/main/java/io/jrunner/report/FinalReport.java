// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ConnectException;
import io.jrunner.client.RetryPolicy;
import io.jrunner.client.RunnerClient;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateLogResponse;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.proto.runner.v1.UpdateTaskResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a task on the server in Forgejo's order (protocol.md §4.8, §4.11): {@code UpdateLog} with
 * {@code no_more} and at least one row until every row is acknowledged, then one {@code UpdateTask}
 * with the final result, {@code stopped_at} and every output the server has not listed in {@code
 * sent_outputs}. Each part is retried with backoff under the report retry policy; the job's own
 * cancellation does not stop it (forgejo-runner's "daemon context" lesson).
 *
 * <p>Threading: one call per task at a time; instances hold no state and may be shared.
 */
public final class FinalReport {
  private static final Logger LOG = LoggerFactory.getLogger(FinalReport.class);

  private final RunnerClient client;
  private final RetryPolicy policy;
  private final Sleeper sleeper;

  public FinalReport(RunnerClient client, RetryPolicy policy, Sleeper sleeper) {
    this.client = client;
    this.policy = policy;
    this.sleeper = sleeper;
  }

  /**
   * @param firstIndex the absolute index of {@code rows.get(0)} (the server's ack so far)
   * @param rows the rows not yet acknowledged; at least one, since Forgejo ignores an empty {@code
   *     no_more}
   * @param state the final state: a result and {@code stopped_at} set
   * @param outputs job outputs not yet acknowledged
   * @param lifetime ends the retries early (e.g. the process is being killed); not the job's
   * @return true when the server acknowledged everything
   */
  public boolean send(
      long taskId,
      long firstIndex,
      List<LogRow> rows,
      TaskState state,
      Map<String, String> outputs,
      Cancellation lifetime)
      throws InterruptedException {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("the closing UpdateLog needs at least one row");
    }
    if (!state.hasStoppedAt() || state.getResultValue() == 0) {
      throw new IllegalArgumentException("a final state needs a result and stopped_at");
    }
    long acked = firstIndex;
    long end = firstIndex + rows.size();
    Map<String, String> unsent = new HashMap<>(outputs);
    for (int attempt = 1; ; attempt++) {
      try {
        if (acked < end) {
          List<LogRow> pending = rows.subList((int) (acked - firstIndex), rows.size());
          UpdateLogResponse log =
              client.updateLog(
                  UpdateLogRequest.newBuilder()
                      .setTaskId(taskId)
                      .setIndex(acked)
                      .addAllRows(pending)
                      .setNoMore(true)
                      .build());
          if (log.getAckIndex() < acked) {
            LOG.warn(
                "task {}: server lost log rows (ack {} < {}); resending what it has not",
                taskId,
                log.getAckIndex(),
                acked);
            acked = Math.max(firstIndex, log.getAckIndex());
          } else {
            acked = Math.min(end, log.getAckIndex());
          }
          if (acked < end) {
            throw new IncompleteException("log acknowledged up to " + acked + " of " + end);
          }
        }
        UpdateTaskResponse response =
            client.updateTask(
                UpdateTaskRequest.newBuilder().setState(state).putAllOutputs(unsent).build());
        response.getSentOutputsList().forEach(unsent::remove);
        if (!unsent.isEmpty()) {
          throw new IncompleteException("outputs not acknowledged: " + unsent.keySet());
        }
        return true;
      } catch (ConnectException | IncompleteException e) {
        boolean fatal = e instanceof ConnectException c && !c.isRetryable();
        if (fatal || !policy.allowsAnotherAfter(attempt)) {
          LOG.error(
              "task {}: final report failed after {} attempt(s): {}",
              taskId,
              attempt,
              e.getMessage());
          return false;
        }
        Duration wait = policy.delayAfter(attempt, ThreadLocalRandom.current());
        LOG.warn("task {}: final report incomplete ({}); retrying", taskId, e.getMessage());
        if (sleeper.sleep(wait, lifetime)) {
          return false;
        }
      }
    }
  }

  /** The server answered but has not taken everything yet. */
  private static final class IncompleteException extends Exception {
    private static final long serialVersionUID = 1L;

    IncompleteException(String message) {
      super(message);
    }
  }
}
