// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed workflow file or task payload (which holds exactly one job). Immutable.
 *
 * @param name the {@code name:}, if any
 * @param on the triggers as a value (string, list or mapping), null if absent
 * @param env the workflow's {@code env:}
 * @param defaults the workflow's {@code defaults.run}
 * @param permissions {@code permissions:} as a value, null if absent
 * @param concurrency {@code concurrency:} as a value, null if absent
 * @param jobs the jobs by id, in document order
 */
public record Workflow(
    Optional<String> name,
    Value on,
    Map<String, String> env,
    Defaults defaults,
    Value permissions,
    Value concurrency,
    Map<String, Job> jobs) {
  public Workflow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(on, "on");
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    Objects.requireNonNull(defaults, "defaults");
    Objects.requireNonNull(permissions, "permissions");
    Objects.requireNonNull(concurrency, "concurrency");
    jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
  }

  /**
   * The only job of a task payload.
   *
   * @throws WorkflowException when there is not exactly one
   */
  public Job singleJob() throws WorkflowException {
    if (jobs.size() != 1) {
      throw new WorkflowException(
          SourcePos.START, "expected exactly one job in the task's workflow, found " + jobs.size());
    }
    return jobs.values().iterator().next();
  }
}
