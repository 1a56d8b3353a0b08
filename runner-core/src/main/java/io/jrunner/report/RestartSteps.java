// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import com.google.protobuf.Timestamp;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.StepState;
import java.util.ArrayList;
import java.util.List;

/**
 * Closes the steps of a task that a killed runner left running, so the web UI shows no step as
 * running for ever and shows the restart line inside the step it interrupted (protocol.md §4.12).
 *
 * <p>From the last step layout the task sent ({@link SpoolState}): the last step that started and
 * did not finish takes the rows after the last range (written after that layout) and the closing
 * row, and fails (or is cancelled when the job's own result was recorded before the crash); every
 * other unfinished step is cancelled, with an empty range after the closing row. With no such step
 * the closing row is a job-level row. Steps that finished keep their state. Stateless.
 */
final class RestartSteps {
  private RestartSteps() {}

  /**
   * @param last the steps of the last layout sent
   * @param closingRow the index of the closing row (the number of rows before it)
   * @param recorded whether the job's result was recorded before the crash
   * @param now when the steps stop
   */
  static List<StepState> close(
      List<StepState> last, long closingRow, boolean recorded, Timestamp now) {
    long rangesEnd = -1;
    int interrupted = -1;
    for (int i = 0; i < last.size(); i++) {
      StepState s = last.get(i);
      if (s.getLogLength() > 0) {
        rangesEnd = Math.max(rangesEnd, s.getLogIndex() + s.getLogLength());
      }
      if (s.getResult() == Result.RESULT_UNSPECIFIED && s.hasStartedAt()) {
        interrupted = i; // the last step that started and did not finish
      }
    }
    // Rows after the last range were written after that layout: the interrupted step's. With no
    // range at all they may be "Set up job" rows, which stay there.
    rangesEnd = rangesEnd < 0 ? closingRow : Math.min(rangesEnd, closingRow);
    List<StepState> out = new ArrayList<>();
    for (int i = 0; i < last.size(); i++) {
      StepState s = last.get(i);
      if (s.getResult() != Result.RESULT_UNSPECIFIED) {
        out.add(s);
        continue;
      }
      StepState.Builder b = s.toBuilder().setStoppedAt(now);
      if (!b.hasStartedAt()) {
        b.setStartedAt(now);
      }
      if (i == interrupted) {
        long from = s.getLogLength() > 0 ? s.getLogIndex() : rangesEnd;
        b.setLogIndex(from)
            .setLogLength(closingRow + 1 - from)
            .setResult(recorded ? Result.RESULT_CANCELLED : Result.RESULT_FAILURE);
      } else {
        b.setResult(Result.RESULT_CANCELLED);
        if (s.getLogLength() == 0) {
          b.setLogIndex(closingRow + 1);
        }
      }
      out.add(b.build());
    }
    return out;
  }
}
