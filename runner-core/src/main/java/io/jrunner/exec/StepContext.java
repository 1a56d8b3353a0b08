// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.Value;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code steps} context as it grows: each step with an {@code id} adds its outputs, outcome and
 * conclusion. Not thread-safe: owned by the job's thread.
 */
final class StepContext {
  private final Map<String, Value> steps = new LinkedHashMap<>();

  void record(String id, Map<String, String> outputs, Conclusion outcome, Conclusion conclusion) {
    Map<String, Value> out = new LinkedHashMap<>();
    outputs.forEach((k, v) -> out.put(k, Value.of(v)));
    steps.put(
        id,
        new Value.Obj(
            Map.of(
                "outputs", new Value.Obj(out),
                "outcome", Value.of(outcome.contextValue()),
                "conclusion", Value.of(conclusion.contextValue()))));
  }

  Value.Obj value() {
    return new Value.Obj(new LinkedHashMap<>(steps));
  }
}
