// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import com.google.protobuf.Timestamp;
import io.jrunner.cancel.CancelReason;
import io.jrunner.cancel.Cancellation;
import io.jrunner.cancel.Sleeper;
import io.jrunner.client.ConnectException;
import io.jrunner.client.RunnerClient;
import io.jrunner.exec.Conclusion;
import io.jrunner.exec.JobEvent;
import io.jrunner.exec.JobListener;
import io.jrunner.proto.runner.v1.LogRow;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.StepState;
import io.jrunner.proto.runner.v1.TaskState;
import io.jrunner.proto.runner.v1.UpdateLogRequest;
import io.jrunner.proto.runner.v1.UpdateTaskRequest;
import io.jrunner.proto.runner.v1.UpdateTaskResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports one task's progress to the server from the engine's events: log rows with absolute
 * indices, one {@link StepState} per step with contiguous {@code log_index}/{@code log_length} (the
 * layout the web UI rebuilds steps from, protocol.md §4.12), a heartbeat every {@code interval}
 * (UpdateLog of new rows, then UpdateTask, whose answer carries a server-side cancel), and the
 * final report through {@link FinalReport}.
 *
 * <p>Secrets are masked before a row is stored. This first reporter keeps rows in memory and sends
 * them on the heartbeat; the adaptive, spooling reporter of issue #5 replaces it.
 *
 * <p>Threading: {@link #onEvent} from any thread; one heartbeat virtual thread per task, joined by
 * {@link #close}.
 */
public final class TaskProgress implements JobListener {
  private static final Logger LOG = LoggerFactory.getLogger(TaskProgress.class);

  private final long taskId;
  private final RunnerClient client;
  private final FinalReport finalReport;
  private final Clock clock;
  private final List<String> secrets;
  private final Cancellation job;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<LogRow> rows = new ArrayList<>();
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final Cancellation heartbeatStop = Cancellation.root();
  private StepState.Builder[] steps = new StepState.Builder[0];
  private Instant started;
  private long acked;
  private Thread heartbeat;

  /**
   * @param secrets values to mask (secrets and tokens); empty ones are ignored
   * @param job cancelled with {@link CancelReason#SERVER_CANCELLED} when the server says so
   */
  public TaskProgress(
      long taskId,
      RunnerClient client,
      FinalReport finalReport,
      Clock clock,
      List<String> secrets,
      Cancellation job) {
    this.taskId = taskId;
    this.client = client;
    this.finalReport = finalReport;
    this.clock = clock;
    this.secrets =
        new ArrayList<>(
            secrets.stream()
                .filter(s -> !s.isEmpty())
                .sorted((a, b) -> b.length() - a.length())
                .toList());
    this.job = job;
    this.started = clock.instant();
  }

  /** Starts the heartbeat: every {@code interval}, new rows and the state go to the server. */
  public void start(Duration interval, Sleeper sleeper) {
    heartbeat =
        Thread.ofVirtual()
            .name("report-" + taskId)
            .start(
                () -> {
                  try {
                    while (!sleeper.sleep(interval, heartbeatStop)) {
                      flush();
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
  }

  /** Adds a job-level line (before the first step or after the last). */
  public void line(String text) {
    onEvent(new JobEvent.LogLine(java.util.OptionalInt.empty(), clock.instant(), text));
  }

  @Override
  public void onEvent(JobEvent event) {
    lock.lock();
    try {
      switch (event) {
        case JobEvent.JobStarted s -> {
          started = s.at();
          steps = new StepState.Builder[s.stepCount()];
          for (int i = 0; i < steps.length; i++) {
            steps[i] = StepState.newBuilder().setId(i);
          }
        }
        case JobEvent.StepStarted s -> {
          StepState.Builder step = step(s.index());
          step.setStartedAt(ts(s.at())).setLogIndex(rows.size());
        }
        case JobEvent.LogLine l -> {
          String text = l.text();
          if (text.startsWith("::add-mask::")) {
            String value = text.substring("::add-mask::".length()).strip();
            if (!value.isEmpty()) {
              secrets.add(value);
              secrets.sort((a, b) -> b.length() - a.length());
            }
            return; // the command line itself never reaches the log
          }
          text = text.startsWith("::group::") ? "##[group]" + text.substring(9) : text;
          text = text.equals("::endgroup::") ? "##[endgroup]" : text;
          rows.add(LogRow.newBuilder().setTime(ts(l.at())).setContent(mask(text)).build());
          if (l.step().isPresent()) {
            StepState.Builder step = step(l.step().getAsInt());
            step.setLogLength(step.getLogLength() + 1);
          }
        }
        case JobEvent.StepFinished f ->
            step(f.index()).setResult(result(f.conclusion())).setStoppedAt(ts(f.at()));
        case JobEvent.JobFinished f -> outputs.putAll(f.outputs());
        case JobEvent.SecretAdded s -> {
          if (!s.value().isEmpty()) {
            secrets.add(s.value());
            secrets.sort((a, b) -> b.length() - a.length());
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Sends new rows and the running state; a cancel in the answer cancels the job. */
  void flush() {
    UpdateLogRequest log;
    TaskState state;
    lock.lock();
    try {
      log =
          UpdateLogRequest.newBuilder()
              .setTaskId(taskId)
              .setIndex(acked)
              .addAllRows(rows.subList((int) acked, rows.size()))
              .build();
      state = state(Result.RESULT_UNSPECIFIED, null);
    } finally {
      lock.unlock();
    }
    try {
      if (log.getRowsCount() > 0) {
        long ack = client.updateLog(log).getAckIndex();
        lock.lock();
        try {
          acked = Math.min(Math.max(acked, ack), rows.size());
        } finally {
          lock.unlock();
        }
      }
      UpdateTaskResponse answer =
          client.updateTask(UpdateTaskRequest.newBuilder().setState(state).build());
      Result server = answer.getState().getResult();
      if ((server == Result.RESULT_CANCELLED || server == Result.RESULT_FAILURE)
          && !job.isCancelled()) {
        LOG.info("task {} was stopped on the server ({}): cancelling it", taskId, server);
        job.cancel(CancelReason.SERVER_CANCELLED);
      }
    } catch (ConnectException e) {
      LOG.warn("task {}: progress report failed, will retry: {}", taskId, e.getMessage());
    }
  }

  /**
   * Stops the heartbeat and sends the final report (logs, then result and outputs), retried on its
   * own budget whatever happened to the job.
   *
   * @return true when the server acknowledged everything
   */
  public boolean close(Conclusion result, String closingLine) throws InterruptedException {
    heartbeatStop.cancel(CancelReason.RUNNER_SHUTDOWN);
    if (heartbeat != null) {
      heartbeat.join();
    }
    line(closingLine);
    List<LogRow> pending;
    TaskState state;
    long from;
    Map<String, String> unsent;
    lock.lock();
    try {
      Instant now = clock.instant();
      for (StepState.Builder step : steps) {
        if (step.getResult() == Result.RESULT_UNSPECIFIED) {
          step.setResult(
              result == Conclusion.SUCCESS ? Result.RESULT_SKIPPED : Result.RESULT_CANCELLED);
          if (step.getLogLength() == 0) {
            step.setLogIndex(rows.size() - 1);
          }
        }
      }
      from = acked;
      pending = List.copyOf(rows.subList((int) acked, rows.size()));
      state = state(result(result), now);
      unsent = Map.copyOf(outputs);
    } finally {
      lock.unlock();
    }
    return finalReport.send(taskId, from, pending, state, unsent, Cancellation.root());
  }

  private TaskState state(Result result, Instant stopped) {
    TaskState.Builder b =
        TaskState.newBuilder().setId(taskId).setResult(result).setStartedAt(ts(started));
    if (stopped != null) {
      b.setStoppedAt(ts(stopped));
    }
    for (StepState.Builder step : steps) {
      b.addSteps(step.build());
    }
    return b.build();
  }

  private StepState.Builder step(int index) {
    if (index < 0 || index >= steps.length) {
      throw new IllegalArgumentException("no step " + index);
    }
    return steps[index];
  }

  private String mask(String text) {
    String out = text;
    for (String secret : secrets) {
      if (out.contains(secret)) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }

  static Result result(Conclusion c) {
    return switch (c) {
      case SUCCESS -> Result.RESULT_SUCCESS;
      case FAILURE -> Result.RESULT_FAILURE;
      case CANCELLED -> Result.RESULT_CANCELLED;
      case SKIPPED -> Result.RESULT_SKIPPED;
    };
  }

  static Timestamp ts(Instant at) {
    return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
  }
}
