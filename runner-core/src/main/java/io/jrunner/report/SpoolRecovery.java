// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import com.google.protobuf.Timestamp;
import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ConnectCode;
import io.jrunner.client.ConnectException;
import io.jrunner.client.RetryPolicy;
import io.jrunner.client.RunnerClient;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes the tasks a previous run of the runner left behind: every {@code task-<id>.spool} in the
 * spool directory is replayed from the server's ack, closed with a "runner restarted" row and
 * {@code no_more}, and its task reported final: with the result recorded in the spool when the
 * previous run got that far, else {@code FAILURE}. The steps of the last layout the task sent
 * ({@link SpoolState}) are closed by {@link RestartSteps}: the interrupted step holds the restart
 * line and fails, the others are cancelled, so the web UI shows no step running for ever. The
 * daemon calls {@link #recoverAll} once at start, before fetching tasks, with the same credentials.
 *
 * <p>Threading: blocking; one call at a time. Errors: each spool is retried with {@code retry}
 * within {@code deadline}; a spool the server refuses for good (task unknown, credentials) or
 * unreadable is deleted and logged; one still unreachable is kept for the next start.
 */
public final class SpoolRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);
  private static final long BATCH_BYTES = 1024 * 1024;

  /** What happened to one left-over spool. */
  public record Recovered(long taskId, long rows, Result result, boolean reported) {}

  private final RunnerClient client;
  private final Path spoolDir;
  private final RetryPolicy retry;
  private final Duration deadline;
  private final Sleeper sleeper;
  private final Clock clock;

  public SpoolRecovery(
      RunnerClient client,
      Path spoolDir,
      RetryPolicy retry,
      Duration deadline,
      Sleeper sleeper,
      Clock clock) {
    this.client = client;
    this.spoolDir = spoolDir;
    this.retry = retry;
    this.deadline = deadline;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /** Replays and closes every left-over spool; empty when there are none. */
  public List<Recovered> recoverAll() throws InterruptedException, IOException {
    List<Recovered> out = new ArrayList<>();
    if (!Files.isDirectory(spoolDir)) {
      return out;
    }
    List<Path> spools;
    try (Stream<Path> files = Files.list(spoolDir)) {
      spools = files.filter(f -> SpoolFile.taskIdOf(f).isPresent()).sorted().toList();
    }
    for (Path spool : spools) {
      out.add(recover(spool, SpoolFile.taskIdOf(spool).orElseThrow()));
    }
    return out;
  }

  private Recovered recover(Path spool, long taskId) throws InterruptedException, IOException {
    long stop = System.nanoTime() + deadline.toNanos();
    String failure;
    for (int attempt = 1; ; attempt++) {
      try {
        Replay replay = replay(spool, taskId);
        Optional<TaskState> last = SpoolState.read(spoolDir, taskId);
        if (attempt == 1) {
          RecoveryNotes.log(taskId, replay.tornAt, last, spoolDir);
        }
        Timestamp now = StepLayout.ts(clock.instant());
        TaskState.Builder state =
            TaskState.newBuilder().setId(taskId).setResult(replay.result).setStoppedAt(now);
        last.filter(TaskState::hasStartedAt).ifPresent(l -> state.setStartedAt(l.getStartedAt()));
        last.ifPresent(
            l ->
                state.addAllSteps(
                    RestartSteps.close(l.getStepsList(), replay.closingRow, replay.recorded, now)));
        client.updateTask(UpdateTaskRequest.newBuilder().setState(state).build());
        Files.deleteIfExists(spool);
        SpoolState.delete(spoolDir, taskId);
        LOG.info(
            "task {}: reported {} after a restart ({} spooled rows)",
            taskId,
            replay.result,
            replay.rows);
        return new Recovered(taskId, replay.rows, replay.result, true);
      } catch (ConnectException e) {
        failure = e.getMessage();
        if (!e.isRetryable()) {
          LOG.error(
              "task {}: left-over spool refused by the server ({}); deleted", taskId, failure);
          Files.deleteIfExists(spool);
          SpoolState.delete(spoolDir, taskId);
          return new Recovered(taskId, 0, Result.RESULT_FAILURE, false);
        }
      } catch (IOException e) {
        failure = e.getMessage();
      }
      Duration wait = retry.delayAfter(attempt, ThreadLocalRandom.current());
      if (System.nanoTime() + wait.toNanos() - stop > 0 || !retry.allowsAnotherAfter(attempt)) {
        LOG.error(
            "task {}: left-over spool not reported ({}); kept for the next start", taskId, failure);
        return new Recovered(taskId, 0, Result.RESULT_FAILURE, false);
      }
      sleeper.sleep(wait, Cancellation.root());
    }
  }

  /**
   * @param rows the rows spooled before the closing row
   * @param closingRow the index the server gave the closing row
   * @param recorded whether the spool held the job's result
   * @param tornAt the offset where unreadable bytes start, or -1 when the spool was read to its end
   */
  private record Replay(long rows, long closingRow, Result result, boolean recorded, long tornAt) {}

  /** Sends every row from the server's ack, then the closing row with {@code no_more}. */
  private Replay replay(Path spool, long taskId) throws ConnectException, IOException {
    long ack = updateLog(taskId, 0, List.of(), false);
    List<LogRow> batch = new ArrayList<>();
    long batchStart = ack;
    long batchBytes = 0;
    long rows = 0;
    Result result = null;
    long tornAt = -1;
    try (SpoolFile.Reader reader = SpoolFile.read(spool, 0)) {
      for (Optional<SpoolFile.Entry> e = reader.next(); e.isPresent(); e = reader.next()) {
        switch (e.get()) {
          case SpoolFile.Entry.End end -> result = end.result();
          case SpoolFile.Entry.Row row -> {
            rows = row.index() + 1;
            if (row.index() >= ack) {
              batch.add(row.row());
              batchBytes += row.row().getContent().length() + 16L;
            }
          }
        }
        if (batchBytes >= BATCH_BYTES) {
          ack = expect(taskId, batchStart, batch, false);
          batchStart = ack;
          batch.clear();
          batchBytes = 0;
        }
      }
      tornAt = reader.torn() ? reader.position() : -1;
    }
    String closing =
        result == null
            ? "Error: the runner restarted after it was killed or crashed while this job was running;"
                + " the job's result is lost, so it is marked failed"
            : "The runner restarted before this job's final report was sent";
    batch.add(
        LogRow.newBuilder().setTime(StepLayout.ts(clock.instant())).setContent(closing).build());
    try {
      expect(taskId, batchStart, batch, true);
    } catch (ConnectException e) {
      if (e.code() != ConnectCode.ALREADY_EXISTS) {
        throw e;
      }
    }
    return new Replay(
        rows,
        batchStart + batch.size() - 1,
        result == null ? Result.RESULT_FAILURE : result,
        result != null,
        tornAt);
  }

  private long expect(long taskId, long from, List<LogRow> batch, boolean noMore)
      throws ConnectException, IOException {
    long ack = updateLog(taskId, from, batch, noMore);
    if (ack != from + batch.size()) {
      throw new IOException("task " + taskId + ": log acknowledged up to " + ack);
    }
    return ack;
  }

  private long updateLog(long taskId, long from, List<LogRow> rows, boolean noMore)
      throws ConnectException {
    return client
        .updateLog(
            UpdateLogRequest.newBuilder()
                .setTaskId(taskId)
                .setIndex(from)
                .addAllRows(rows)
                .setNoMore(noMore)
                .build())
        .getAckIndex();
  }
}
