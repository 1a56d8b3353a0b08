// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.RunnerClient;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobListener;
import io.jrunner.proto.runner.v1.LogRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports one running task live (protocol.md §4.7, §4.8, §4.12, §5.10; docs/reporting.md): turns
 * the engine's {@link JobEvent}s into masked log rows with absolute indices and a {@link
 * StepLayout}, writes every row to a write-ahead {@link SpoolFile} (and an optional {@link
 * LocalLogCopy}), and lets a {@link ReportLoop} on its own virtual thread send them: a lone line
 * within one flush spacing, a flood in capped batches, a heartbeat every {@code report_interval}. A
 * {@code CANCELLED}/{@code FAILURE} answer to {@code UpdateTask} cancels the job with {@link
 * CancelReason#SERVER_CANCELLED}, once. {@link #close} sends the rest and the final state ({@link
 * FinalSequence}).
 *
 * <p>Threading: {@link #onEvent} from any thread, never blocking on the network (it may write to
 * the spool); {@link #close} once, from the task's thread. Errors: server errors are logged (never
 * job content) and retried by the next flush; a spool or local copy that fails to write is logged
 * and the rows concerned are counted as lost.
 */
public final class TaskReporter implements JobListener {
  private static final Logger LOG = LoggerFactory.getLogger(TaskReporter.class);

  final long taskId;
  final RunnerClient client;
  final ReporterSettings settings;
  final Clock clock;
  final Sleeper sleeper;
  final ReentrantLock lock = new ReentrantLock();
  final Condition wake = lock.newCondition();
  final StepLayout layout;
  final Outputs outputs = new Outputs();
  final RowQueue queue;
  final SpoolFile spool;
  private final Cancellation job;
  private final SecretMasker masker;
  private final RowFormatter formatter;
  private final List<String> heldText = new ArrayList<>();
  private final List<Instant> heldTime = new ArrayList<>();
  private final ReportLoop loop;
  private LocalLogCopy localCopy;
  private boolean serverCancelSeen;
  private boolean credentialsRejected;
  boolean spoolFallbackLogged;
  private long lostRows;
  private long droppedJobRows;

  private TaskReporter(
      long taskId,
      List<String> secrets,
      RunnerClient client,
      ReporterSettings settings,
      Cancellation job,
      Clock clock,
      Sleeper sleeper,
      SpoolFile spool) {
    this.taskId = taskId;
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.sleeper = sleeper;
    this.job = job;
    this.spool = spool;
    this.masker = new SecretMasker(secrets);
    this.formatter = new RowFormatter(settings.stepDebug());
    this.layout = new StepLayout(taskId, clock.instant());
    this.queue = new RowQueue(spool, settings.memoryBytes());
    this.loop = new ReportLoop(this);
  }

  /**
   * Creates the task's spool (and local copy) and starts its flusher.
   *
   * @param secrets every secret value and the task tokens; blank ones are ignored
   * @param job the job's lifetime, cancelled when the server says the task is stopped
   * @throws IOException when the spool cannot be created
   */
  public static TaskReporter start(
      long taskId,
      List<String> secrets,
      RunnerClient client,
      ReporterSettings settings,
      Cancellation job,
      Clock clock,
      Sleeper sleeper)
      throws IOException {
    SpoolFile spool = SpoolFile.create(settings.spoolDir(), taskId);
    TaskReporter r =
        new TaskReporter(taskId, secrets, client, settings, job, clock, sleeper, spool);
    if (settings.logDir().isPresent()) {
      try {
        r.localCopy = LocalLogCopy.open(settings.logDir().get(), taskId);
      } catch (IOException e) {
        LOG.error("task {}: no local log copy: {}", taskId, e.toString());
      }
    }
    r.loop.start();
    return r;
  }

  /** Adds a job-level line ("Set up job" before the steps, "Complete job" after them). */
  public void line(String text) {
    onEvent(new JobEvent.LogLine(OptionalInt.empty(), clock.instant(), text));
  }

  @Override
  public void onEvent(JobEvent event) {
    lock.lock();
    try {
      switch (event) {
        case JobEvent.JobStarted s -> layout.jobStarted(s.at(), s.stepCount());
        case JobEvent.StepStarted s -> layout.stepStarted(s.index(), s.at());
        case JobEvent.LogLine l -> text(l.step(), l.at(), l.text());
        case JobEvent.SecretAdded s -> masker.add(s.value());
        case JobEvent.StepFinished f -> layout.stepFinished(f.index(), f.outcome(), f.at(), end());
        case JobEvent.JobFinished f -> outputs.offer(f.outputs()).forEach(this::rejected);
      }
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the report: unfinished steps become cancelled, a closing line is added ({@code error}'s
   * message, or the result), then {@link FinalSequence} sends every row with {@code no_more}, and
   * the final state and outputs, retried on the settings' own deadline whatever happened to the
   * job.
   *
   * @return true when the server acknowledged everything
   */
  public boolean close(Conclusion result, Optional<Throwable> error) throws InterruptedException {
    String closing =
        error
            .map(e -> "Error: " + (e.getMessage() == null ? e.toString() : e.getMessage()))
            .orElseGet(
                () ->
                    job.reason().filter(r -> r == CancelReason.TIMEOUT).isPresent()
                        ? "The runner cancelled the job because it exceeds the maximum run time"
                        : "Job " + verb(result));
    return close(result, closing);
  }

  /** As {@link #close(Conclusion, Optional)} with the closing line given. */
  public boolean close(Conclusion result, String closingLine) throws InterruptedException {
    loop.stop();
    Instant now = clock.instant();
    lock.lock();
    try {
      layout.finish(result, now, end());
      SpoolFallback.warning(queue).ifPresent(w -> text(OptionalInt.empty(), now, w));
      text(OptionalInt.empty(), now, closingLine);
      release(true);
      if (localCopy != null) {
        closeQuietly(localCopy);
        localCopy = null;
      }
      if (lostRows > 0 || droppedJobRows > 0) {
        LOG.warn(
            "task {}: {} row(s) lost to spool errors, {} runner line(s) dropped during steps",
            taskId,
            lostRows,
            droppedJobRows);
      }
    } finally {
      lock.unlock();
    }
    return new FinalSequence(this).run(StepLayout.result(result), now);
  }

  /** The index the next row gets (rows held for multi-line masking included). */
  long end() {
    return queue.end() + heldText.size();
  }

  /** Called by the loop with the answer's result while the task runs. */
  void serverResult(io.jrunner.proto.runner.v1.Result result) {
    boolean stopped =
        result == io.jrunner.proto.runner.v1.Result.RESULT_CANCELLED
            || result == io.jrunner.proto.runner.v1.Result.RESULT_FAILURE;
    lock.lock();
    try {
      if (!stopped || serverCancelSeen) {
        return;
      }
      serverCancelSeen = true;
    } finally {
      lock.unlock();
    }
    LOG.info("task {} was stopped on the server ({}): cancelling it", taskId, result);
    job.cancel(CancelReason.SERVER_CANCELLED);
  }

  /**
   * Called by the loop when the server rejected the runner's credentials (the runner was deleted or
   * its token revoked): nothing of this task can be reported any more, so the job is cancelled
   * ({@link CancelReason#RUNNER_SHUTDOWN}), once. This task alone: the daemon stops when its own
   * next {@code FetchTask} meets the same rejection.
   */
  void credentialsRejected() {
    lock.lock();
    try {
      if (credentialsRejected) {
        return;
      }
      credentialsRejected = true;
    } finally {
      lock.unlock();
    }
    LOG.error(
        "task {}: the server rejected this runner's credentials: cancelling the task, its result"
            + " cannot be reported",
        taskId);
    job.cancel(CancelReason.RUNNER_SHUTDOWN);
  }

  private void text(OptionalInt step, Instant at, String raw) {
    String content =
        switch (formatter.format(raw)) {
          case RowFormatter.Formatted.Row r -> r.content();
          case RowFormatter.Formatted.Mask m -> {
            masker.add(m.value());
            yield null;
          }
          case RowFormatter.Formatted.Dropped d -> null;
        };
    if (content == null) {
      return;
    }
    boolean stepRow = step.isPresent() && layout.hasStep(step.getAsInt());
    if (!stepRow && !layout.acceptsJobRow()) {
      droppedJobRows++;
      return;
    }
    List<String> pieces =
        content.length() * 3L > RowFormatter.MAX_ROW_BYTES
                && content.getBytes(StandardCharsets.UTF_8).length > RowFormatter.MAX_ROW_BYTES
            ? RowFormatter.split(masker.mask(content)) // masked whole first: no secret is cut
            : List.of(content);
    for (String piece : pieces) {
      if (!stepRow || !layout.stepRow(step.getAsInt(), end(), at)) {
        layout.jobRow();
      }
      heldText.add(piece);
      heldTime.add(at);
    }
    release(false);
  }

  /** Masks held rows and moves the final ones to the queue (and the local copy). */
  private void release(boolean noMore) {
    int ready = masker.hasMultiLine() ? masker.maskAcross(heldText, noMore) : heldText.size();
    for (int i = 0; i < ready; i++) {
      LogRow row =
          LogRow.newBuilder()
              .setTime(StepLayout.ts(heldTime.get(i)))
              .setContent(masker.mask(heldText.get(i)))
              .build();
      try {
        queue.append(row);
        SpoolFallback.noticed(this, queue);
      } catch (IOException e) {
        if (lostRows++ == 0) {
          LOG.error(
              "task {}: spool write failed, rows are lost: {}", taskId, SpoolFallback.describe(e));
        }
      }
      if (localCopy != null) {
        try {
          localCopy.write(row);
        } catch (IOException e) {
          LOG.error("task {}: local log copy failed, stopping it: {}", taskId, e.toString());
          closeQuietly(localCopy);
          localCopy = null;
        }
      }
    }
    heldText.subList(0, ready).clear();
    heldTime.subList(0, ready).clear();
  }

  private void rejected(String why) {
    text(OptionalInt.empty(), clock.instant(), "Warning: " + why);
  }

  private void closeQuietly(LocalLogCopy copy) {
    try {
      copy.close();
    } catch (IOException e) {
      LOG.warn("task {}: closing the local log copy: {}", taskId, e.toString());
    }
  }

  private static String verb(Conclusion result) {
    return switch (result) {
      case SUCCESS -> "succeeded";
      case FAILURE -> "failed";
      case CANCELLED -> "cancelled";
      case SKIPPED -> "skipped";
    };
  }

  /** Flushes the local copy; called under {@link #lock} on every flush of the loop. */
  void flushLocalCopy() {
    if (localCopy != null) {
      try {
        localCopy.flush();
      } catch (IOException e) {
        LOG.warn("task {}: local log copy flush: {}", taskId, e.toString());
      }
    }
  }
}
