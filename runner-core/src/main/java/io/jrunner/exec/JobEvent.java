// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;

/** Everything the engine tells the outside world about a running job, in order. */
public sealed interface JobEvent {
  /** The job environment is being set up; {@code stepCount} steps follow. */
  record JobStarted(Instant at, int stepCount) implements JobEvent {}

  /** Step {@code index} (its position in {@code steps:}) starts. */
  record StepStarted(int index, String name, Instant at) implements JobEvent {}

  /** A line of output; an empty step means a job-level line ("Set up job", "Complete job"). */
  record LogLine(OptionalInt step, Instant at, String text) implements JobEvent {}

  /**
   * A value to mask from now on in every later row (an {@code ::add-mask::} the engine parsed, or a
   * value it derived from a secret). Never printed.
   */
  record SecretAdded(String value) implements JobEvent {
    @Override
    public String toString() {
      return "SecretAdded[***]";
    }
  }

  /**
   * Step {@code index} ended; {@code outcome} before and {@code conclusion} after
   * continue-on-error.
   */
  record StepFinished(int index, Conclusion outcome, Conclusion conclusion, Instant at)
      implements JobEvent {}

  /** The job ended with its result and evaluated outputs. */
  record JobFinished(Conclusion result, Map<String, String> outputs, Instant at)
      implements JobEvent {}
}
