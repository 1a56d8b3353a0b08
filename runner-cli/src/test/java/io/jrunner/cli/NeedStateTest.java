// SPDX-License-Identifier: Apache-2.0
package io.jrunner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrunner.exec.Conclusion;
import io.jrunner.expr.JobStatus;
import io.jrunner.model.Workflow;
import io.jrunner.model.WorkflowParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status a job's {@code if:} sees in {@code exec}: every ancestor through {@code needs}. */
class NeedStateTest {
  private static final Workflow CHAIN;

  static {
    try {
      CHAIN =
          WorkflowParser.parse(
                  """
                  on: push
                  jobs:
                    a: {runs-on: x, steps: [{run: 'true'}]}
                    side: {runs-on: x, steps: [{run: 'true'}]}
                    b: {needs: a, runs-on: x, steps: [{run: 'true'}]}
                    c: {needs: [b, side], runs-on: x, steps: [{run: 'true'}]}
                  """)
              .value();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JobStatus.State stateOfC(Conclusion a, Conclusion b, Conclusion side) {
    return LocalRun.needState(CHAIN, CHAIN.jobs().get("c"), Map.of("a", a, "b", b, "side", side));
  }

  @Test
  void aFailedGrandparent_failsTheChain_evenWhenTheDirectNeedSucceeded() {
    assertThat(stateOfC(Conclusion.FAILURE, Conclusion.SUCCESS, Conclusion.SUCCESS))
        .isEqualTo(JobStatus.State.FAILURE);
    assertThat(stateOfC(Conclusion.CANCELLED, Conclusion.SUCCESS, Conclusion.SUCCESS))
        .isEqualTo(JobStatus.State.FAILURE);
  }

  @Test
  void aSkippedAncestor_withoutFailure_isNeedsSkipped() {
    assertThat(stateOfC(Conclusion.SKIPPED, Conclusion.SUCCESS, Conclusion.SUCCESS))
        .isEqualTo(JobStatus.State.NEEDS_SKIPPED);
    assertThat(stateOfC(Conclusion.SKIPPED, Conclusion.SUCCESS, Conclusion.FAILURE))
        .isEqualTo(JobStatus.State.FAILURE);
  }

  @Test
  void allAncestorsSucceeded_isSuccess() {
    assertThat(stateOfC(Conclusion.SUCCESS, Conclusion.SUCCESS, Conclusion.SUCCESS))
        .isEqualTo(JobStatus.State.SUCCESS);
  }
}
