// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import com.google.protobuf.Timestamp;
import io.jrunner.exec.Conclusion;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.StepState;
import io.jrunner.proto.runner.v1.TaskState;
import java.time.Instant;

/**
 * A task's {@link TaskState} as the web UI needs it (protocol.md §4.12, §5.10): steps {@code
 * 0..n-1}, each with a contiguous {@code log_index}/{@code log_length} range, in order, and
 * job-level rows only before the first step's output ("Set up job") and after the last step's
 * result ("Complete job"). A row for a step that cannot extend its range contiguously (a late line
 * after a later step wrote) goes to the step that owns the end of the log, so no range overlaps.
 *
 * <p>Threading: not thread-safe; the reporter calls it under its lock. {@link #version} grows with
 * every change of the steps' starts, ranges and results, so the reporter knows when to send the
 * state.
 */
final class StepLayout {
  private final long taskId;
  private Instant started;
  private StepState.Builder[] steps = new StepState.Builder[0];
  private int tailOwner = -1;
  private long version;

  StepLayout(long taskId, Instant started) {
    this.taskId = taskId;
    this.started = started;
  }

  void jobStarted(Instant at, int stepCount) {
    started = at;
    steps = new StepState.Builder[stepCount];
    for (int i = 0; i < stepCount; i++) {
      steps[i] = StepState.newBuilder().setId(i);
    }
    version++;
  }

  boolean hasStep(int index) {
    return index >= 0 && index < steps.length;
  }

  void stepStarted(int index, Instant at) {
    if (hasStep(index) && !steps[index].hasStartedAt()) {
      steps[index].setStartedAt(ts(at));
      version++;
    }
  }

  /** Whether a job-level row may be stored now (false "during steps"). */
  boolean acceptsJobRow() {
    if (steps.length == 0) {
      return true;
    }
    boolean firstBegun = done(steps[0]) || steps[0].getLogLength() > 0;
    return !(firstBegun && !done(steps[steps.length - 1]));
  }

  /**
   * Places row {@code rowIndex} (the current end of the log) in step {@code index}'s range, or in
   * the range of the step that owns the end of the log when {@code index} cannot extend its own.
   *
   * @return false when no step can take the row without breaking contiguity (a late line after a
   *     job-level row): the caller stores it as a job-level row
   */
  boolean stepRow(int index, long rowIndex, Instant at) {
    StepState.Builder step = steps[index];
    boolean extendsRange =
        step.getLogLength() > 0 && step.getLogIndex() + step.getLogLength() == rowIndex;
    boolean opens = step.getLogLength() == 0 && tailOwner < index;
    if (!extendsRange && !opens) {
      if (tailOwner < 0) {
        return false;
      }
      index = tailOwner;
      step = steps[index];
    } else if (opens) {
      step.setLogIndex(rowIndex);
    }
    if (!step.hasStartedAt()) {
      step.setStartedAt(ts(at));
    }
    step.setLogLength(step.getLogLength() + 1);
    tailOwner = index;
    // Forgejo's web UI shows a step's rows only up to the log_length of the last UpdateTask, so
    // a grown range is a change to send (after the rows, at most one flush spacing later).
    version++;
    return true;
  }

  /** A job-level row was stored: no step owns the end of the log any more. */
  void jobRow() {
    tailOwner = -1;
  }

  void stepFinished(int index, Conclusion conclusion, Instant at, long end) {
    if (!hasStep(index)) {
      return;
    }
    StepState.Builder step = steps[index];
    if (step.getLogLength() == 0) {
      step.setLogIndex(end);
    }
    if (!step.hasStartedAt()) {
      step.setStartedAt(ts(at));
    }
    step.setResult(result(conclusion)).setStoppedAt(ts(at));
    version++;
  }

  /** Steps without a result end as cancelled (skipped when the job was skipped). */
  void finish(Conclusion job, Instant at, long end) {
    for (StepState.Builder step : steps) {
      if (step.getResult() == Result.RESULT_UNSPECIFIED) {
        step.setResult(job == Conclusion.SKIPPED ? Result.RESULT_SKIPPED : Result.RESULT_CANCELLED);
        step.setStoppedAt(ts(at));
        if (step.getLogLength() == 0) {
          step.setLogIndex(end);
        }
      }
    }
    version++;
  }

  long version() {
    return version;
  }

  /** The full state: every step, every time; {@code stopped} null while running. */
  TaskState state(Result result, Instant stopped) {
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

  private static boolean done(StepState.Builder step) {
    return step.getResult() != Result.RESULT_UNSPECIFIED;
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
