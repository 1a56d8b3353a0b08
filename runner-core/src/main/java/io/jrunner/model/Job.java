// SPDX-License-Identifier: Apache-2.0
package io.jrunner.model;

import io.jrunner.expr.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code jobs:}. Immutable. Either a normal job ({@code runs-on} and {@code steps}) or
 * a call of a reusable workflow ({@code uses}, {@code with}, {@code secrets}); see {@link
 * #requireRunnable()}.
 *
 * @param id the key under {@code jobs:}
 * @param name the {@code name:}, if any
 * @param runsOn the {@code runs-on:}, absent only for reusable workflow calls
 * @param container the job container, if any
 * @param services service containers by id
 * @param env the job's {@code env:}
 * @param defaults the job's {@code defaults.run}
 * @param outputs output name → expression
 * @param ifCondition the {@code if:} as written, if any
 * @param needs job ids this job needs (the server erases them from task payloads)
 * @param permissions {@code permissions:} as a value (string or mapping), null if absent
 * @param concurrency {@code concurrency:} as a value, null if absent
 * @param environment {@code environment:} as a value, null if absent
 * @param uses the reusable workflow reference, if this job calls one
 * @param with inputs of a reusable workflow call
 * @param secrets {@code secrets:} of a reusable workflow call ({@code inherit} or a mapping)
 * @param timeoutMinutes a number or an expression, if given
 * @param continueOnError {@code true}, {@code false} or an expression, if given
 * @param strategy the {@code strategy:}, if any
 * @param steps the steps, in order
 * @param pos where the job's mapping starts
 */
public record Job(
    String id,
    Optional<String> name,
    Optional<RunsOn> runsOn,
    Optional<ContainerSpec> container,
    Map<String, ContainerSpec> services,
    Map<String, String> env,
    Defaults defaults,
    Map<String, String> outputs,
    Optional<String> ifCondition,
    List<String> needs,
    Value permissions,
    Value concurrency,
    Value environment,
    Optional<String> uses,
    Map<String, Value> with,
    Value secrets,
    Optional<String> timeoutMinutes,
    Optional<String> continueOnError,
    Optional<Strategy> strategy,
    List<Step> steps,
    SourcePos pos) {
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(runsOn, "runsOn");
    Objects.requireNonNull(container, "container");
    services = ordered(services);
    env = ordered(env);
    Objects.requireNonNull(defaults, "defaults");
    outputs = ordered(outputs);
    Objects.requireNonNull(ifCondition, "ifCondition");
    needs = List.copyOf(needs);
    Objects.requireNonNull(permissions, "permissions");
    Objects.requireNonNull(concurrency, "concurrency");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(uses, "uses");
    with = ordered(with);
    Objects.requireNonNull(secrets, "secrets");
    Objects.requireNonNull(timeoutMinutes, "timeoutMinutes");
    Objects.requireNonNull(continueOnError, "continueOnError");
    Objects.requireNonNull(strategy, "strategy");
    steps = List.copyOf(steps);
    Objects.requireNonNull(pos, "pos");
  }

  private static <V> Map<String, V> ordered(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** True when the job calls a reusable workflow instead of running steps. */
  public boolean callsReusableWorkflow() {
    return uses.isPresent();
  }

  /**
   * Fails for a reusable workflow call whose {@code uses} is neither a local ({@code
   * ./.forgejo/workflows/x.yml}) nor a remote ({@code owner/repo/.forgejo/workflows/x.yml@ref})
   * workflow reference ({@link WorkflowRef}).
   *
   * @throws WorkflowException naming the job and the reference
   */
  public void requireRunnable() throws WorkflowException {
    if (uses.isPresent()) {
      try {
        WorkflowRef.parse(uses.get());
      } catch (IllegalArgumentException e) {
        throw new WorkflowException(pos, "jobs." + id + ".uses: " + e.getMessage());
      }
    }
  }
}
