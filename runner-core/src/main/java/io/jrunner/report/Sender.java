// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import io.jrunner.client.ConnectException;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.proto.runner.v1.UpdateTaskResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two calls a reporter makes, each built under the reporter's lock and sent outside it: {@code
 * UpdateLog} of one batch from the server's ack, and {@code UpdateTask} of the full state with the
 * unsent outputs.
 *
 * <p>Threading: one caller at a time (the loop, then the final sequence after the loop stopped).
 * Errors: {@link ConnectException} from the server, {@link IOException} from the spool.
 */
final class Sender {
  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

  private final TaskReporter r;
  private long persistedVersion = -1;

  Sender(TaskReporter reporter) {
    this.r = reporter;
  }

  /** The answer to a state update. */
  record StateAnswer(Result serverResult, boolean outputsDone, long version) {}

  /**
   * Sends one batch of rows from the ack, if any.
   *
   * @param closing set {@code no_more} when the batch reaches the last row
   * @return true when every row is acknowledged (nothing left to send)
   */
  boolean log(boolean closing) throws IOException {
    long from;
    List<LogRow> batch;
    boolean last;
    r.lock.lock();
    try {
      from = r.queue.acked();
      batch = r.queue.batch(r.settings.maxBatchBytes());
      last = from + batch.size() == r.end();
      r.queue.flush();
      r.flushLocalCopy();
    } finally {
      r.lock.unlock();
    }
    if (batch.isEmpty()) {
      return true;
    }
    long ack =
        r.client
            .updateLog(
                UpdateLogRequest.newBuilder()
                    .setTaskId(r.taskId)
                    .setIndex(from)
                    .addAllRows(batch)
                    .setNoMore(closing && last)
                    .build())
            .getAckIndex();
    if (ack < from) {
      LOG.warn("task {}: server lost log rows (ack {} < {}); resending them", r.taskId, ack, from);
    }
    long sentEnd = from + batch.size();
    if (ack > sentEnd) { // Forgejo's ack is the stored length: it cannot pass what was sent
      LOG.warn(
          "task {}: server acknowledged rows never sent (ack {} > {}); resending from {}",
          r.taskId,
          ack,
          sentEnd,
          sentEnd);
      ack = sentEnd;
    }
    r.lock.lock();
    try {
      r.queue.ack(ack);
      return r.queue.acked() >= r.end();
    } finally {
      r.lock.unlock();
    }
  }

  /** Sends the state ({@code stopped} null while running) and the unsent outputs. */
  StateAnswer state(Result result, Instant stopped) throws ConnectException {
    TaskState state;
    Map<String, String> outputs;
    long version;
    r.lock.lock();
    try {
      state = r.layout.state(result, stopped);
      outputs = r.outputs.unsent();
      version = r.layout.version();
    } finally {
      r.lock.unlock();
    }
    persist(state, version);
    UpdateTaskResponse answer =
        r.client.updateTask(
            UpdateTaskRequest.newBuilder().setState(state).putAllOutputs(outputs).build());
    r.lock.lock();
    try {
      r.outputs.acknowledged(answer.getSentOutputsList());
      return new StateAnswer(answer.getState().getResult(), r.outputs.allSent(), version);
    } finally {
      r.lock.unlock();
    }
  }

  /**
   * Keeps the step layout beside the spool when it changed, so a restart can close the steps
   * ({@link SpoolRecovery}); a failure to write it is logged and costs only that.
   */
  private void persist(TaskState state, long version) {
    if (version == persistedVersion) {
      return;
    }
    try {
      SpoolState.write(r.settings.spoolDir(), r.taskId, state);
      persistedVersion = version;
    } catch (IOException e) {
      LOG.warn(
          "task {}: cannot keep the step layout beside the spool: {}",
          r.taskId,
          SpoolFallback.describe(e));
    }
  }
}
