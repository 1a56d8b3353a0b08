// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import java.util.List;
import java.util.Objects;

/**
 * A parse result and the warnings found on the way, in document order.
 *
 * @param value what was parsed
 * @param warnings unknown keys and other things that do not stop the job
 */
public record Parsed<T>(T value, List<WorkflowWarning> warnings) {
  public Parsed {
    Objects.requireNonNull(value, "value");
    warnings = List.copyOf(warnings);
  }
}
