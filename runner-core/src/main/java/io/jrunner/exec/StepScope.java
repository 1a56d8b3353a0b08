// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.Value;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a list of steps runs: the job's own {@code steps:}, or the steps of a composite action
 * (which see their own {@code steps} and {@code inputs} contexts, their own status for {@code
 * success()}/{@code failure()}, and the composite step's environment). Owned by the job's thread.
 *
 * @param state the status that status functions see; a failing step fails it
 * @param steps the {@code steps} context of this list
 * @param contexts contexts that replace the job's (e.g. {@code inputs}, {@code github} with {@code
 *     action_path})
 * @param baseEnv for a composite: the composite step's environment, under each inner step's own
 * @param logStep for a composite: the outer step whose log the inner steps write to
 */
record StepScope(
    JobState state,
    StepContext steps,
    Map<String, Value> contexts,
    Optional<Map<String, String>> baseEnv,
    OptionalInt logStep) {
  StepScope {
    contexts = Map.copyOf(contexts);
  }

  /** The job's own steps. */
  static StepScope job(JobState state) {
    return new StepScope(state, new StepContext(), Map.of(), Optional.empty(), OptionalInt.empty());
  }

  boolean composite() {
    return logStep.isPresent();
  }
}
