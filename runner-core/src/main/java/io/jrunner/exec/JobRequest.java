// SPDX-License-Identifier: Apache-2.0
package io.jrunner.exec;

import io.jrunner.expr.Value;
import io.jrunner.model.Job;
import io.jrunner.model.Workflow;
import java.util.Map;
import java.util.Objects;

/**
 * One job to run, with everything the engine needs and nothing of the protocol.
 *
 * @param workflow the workflow (for its {@code env} and {@code defaults})
 * @param job the job (one matrix combination)
 * @param contexts the contexts known before the job starts: {@code github}, {@code vars}, {@code
 *     secrets}, {@code matrix}, {@code strategy}, {@code needs}, {@code inputs}
 * @param environment where the job runs
 * @param actions where {@code owner/repo@ref} actions come from
 */
public record JobRequest(
    Workflow workflow,
    Job job,
    Map<String, Value> contexts,
    JobSpec environment,
    ActionOrigin actions) {
  public JobRequest {
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(job, "job");
    contexts = Map.copyOf(contexts);
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(actions, "actions");
  }

  /** A request whose actions come from {@link ActionOrigin#defaults()}. */
  public JobRequest(Workflow workflow, Job job, Map<String, Value> contexts, JobSpec environment) {
    this(workflow, job, contexts, environment, ActionOrigin.defaults());
  }

  /** Names the contexts, never their values ({@code secrets} is one of them). */
  @Override
  public String toString() {
    return "JobRequest[job="
        + job.id()
        + ", contexts="
        + new java.util.TreeSet<>(contexts.keySet())
        + ", environment="
        + environment
        + "]";
  }
}
