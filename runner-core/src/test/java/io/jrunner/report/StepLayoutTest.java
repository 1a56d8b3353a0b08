// SPDX-License-Identifier: Apache-2.0
package io.jrunner.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.exec.Conclusion;
import io.jrunner.proto.runner.v1.Result;
import io.jrunner.proto.runner.v1.StepState;
import io.jrunner.proto.runner.v1.TaskState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Step ranges stay contiguous and in order whatever order late lines arrive in (§4.12). */
class StepLayoutTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void lateLinesGoToTheStepOwningTheEndAndRangesNeverOverlap() {
    StepLayout l = new StepLayout(1, T);
    l.jobStarted(T, 3);
    assertThat(l.acceptsJobRow()).isTrue();
    l.jobRow(); // row 0: Set up job
    l.stepStarted(0, T);
    assertThat(l.stepRow(0, 1, T)).isTrue();
    assertThat(l.acceptsJobRow()).isFalse(); // during steps
    l.stepFinished(0, Conclusion.SUCCESS, T, 2);
    l.stepStarted(1, T);
    assertThat(l.stepRow(1, 2, T)).isTrue();
    assertThat(l.stepRow(0, 3, T)).isTrue(); // a late line of step 0: step 1 owns the end
    l.stepFinished(1, Conclusion.FAILURE, T, 4);
    l.stepFinished(2, Conclusion.SKIPPED, T, 4);
    assertThat(l.acceptsJobRow()).isTrue(); // Complete job
    l.jobRow(); // row 4
    assertThat(l.stepRow(1, 5, T)).isFalse(); // after a job row: stored as a job row
    TaskState s = l.state(Result.RESULT_FAILURE, T);
    assertThat(s.getStepsList())
        .extracting(StepState::getLogIndex, StepState::getLogLength)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, 1L),
            org.assertj.core.groups.Tuple.tuple(2L, 2L),
            org.assertj.core.groups.Tuple.tuple(4L, 0L));
    assertThat(s.getStoppedAt().getSeconds()).isEqualTo(T.getEpochSecond());
  }

  @Test
  void unfinishedStepsEndCancelledOrSkipped() {
    StepLayout l = new StepLayout(1, T);
    l.jobStarted(T, 2);
    l.stepStarted(0, T);
    l.stepRow(0, 0, T);
    l.finish(Conclusion.CANCELLED, T, 1);
    assertThat(l.state(Result.RESULT_CANCELLED, T).getStepsList())
        .extracting(StepState::getResult, StepState::getLogIndex, StepState::getLogLength)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Result.RESULT_CANCELLED, 0L, 1L),
            org.assertj.core.groups.Tuple.tuple(Result.RESULT_CANCELLED, 1L, 0L));
    StepLayout skipped = new StepLayout(2, T);
    skipped.jobStarted(T, 1);
    skipped.finish(Conclusion.SKIPPED, T, 0);
    assertThat(skipped.state(Result.RESULT_SKIPPED, T).getSteps(0).getResult())
        .isEqualTo(Result.RESULT_SKIPPED);
  }
}
