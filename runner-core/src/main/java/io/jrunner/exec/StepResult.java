// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import java.util.Map;

/**
 * What running a step's body produced, before timeouts and {@code continue-on-error} are applied.
 *
 * @param outcome success or failure of the process (or composite)
 * @param outputs the step's outputs
 */
record StepResult(Conclusion outcome, Map<String, String> outputs) {
  StepResult {
    outputs = Map.copyOf(outputs);
  }

  static StepResult of(Conclusion outcome) {
    return new StepResult(outcome, Map.of());
  }
}
