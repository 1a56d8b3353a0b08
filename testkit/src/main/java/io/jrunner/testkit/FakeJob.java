// SPDX-License-Identifier: Apache-2.0
package io.jrunner.testkit;

import com.google.protobuf.Struct;
import io.jrunner.proto.runner.v1.TaskNeed;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job waiting on the fake server, as Forgejo's jobparser would dispatch it.
 *
 * @param jobId the job's key in the workflow YAML
 * @param workflowYaml the single-job workflow payload
 * @param runsOn the resolved {@code runs-on} labels; a runner must have all of them
 * @param context extra or overriding context keys (merged over {@link Contexts#forgejo}; a null
 *     value removes the key, see {@link Contexts.Trigger})
 * @param secrets repository/owner secrets (the task token secrets are added)
 * @param vars the {@code vars} context
 * @param needs results and outputs of the jobs this one needs
 */
public record FakeJob(
    String jobId,
    String workflowYaml,
    List<String> runsOn,
    Struct context,
    Map<String, String> secrets,
    Map<String, String> vars,
    Map<String, TaskNeed> needs) {

  public FakeJob {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(workflowYaml, "workflowYaml");
    runsOn = List.copyOf(runsOn);
    Objects.requireNonNull(context, "context");
    secrets = Map.copyOf(secrets);
    vars = Map.copyOf(vars);
    needs = Map.copyOf(needs);
  }

  /** A job with one {@code run} step per command, on the given labels. */
  public static FakeJob of(String jobId, List<String> runsOn, String... commands) {
    StringBuilder yaml =
        new StringBuilder("name: test\non:\n  push:\njobs:\n  ")
            .append(jobId)
            .append(":\n    runs-on: ")
            .append(runsOn.isEmpty() ? "[]" : "[" + String.join(", ", runsOn) + "]")
            .append("\n    steps:\n");
    for (String command : commands) {
      yaml.append("      - run: ").append(command).append('\n');
    }
    return new FakeJob(
        jobId, yaml.toString(), runsOn, Struct.getDefaultInstance(), Map.of(), Map.of(), Map.of());
  }

  /** A job from a workflow file's text, with its job id and {@code runs-on} given. */
  public static FakeJob fromYaml(String jobId, List<String> runsOn, String yaml) {
    return new FakeJob(
        jobId, yaml, runsOn, Struct.getDefaultInstance(), Map.of(), Map.of(), Map.of());
  }

  public FakeJob withSecrets(Map<String, String> value) {
    return new FakeJob(jobId, workflowYaml, runsOn, context, value, vars, needs);
  }

  public FakeJob withVars(Map<String, String> value) {
    return new FakeJob(jobId, workflowYaml, runsOn, context, secrets, value, needs);
  }

  public FakeJob withNeeds(Map<String, TaskNeed> value) {
    return new FakeJob(jobId, workflowYaml, runsOn, context, secrets, vars, value);
  }

  public FakeJob withContext(Struct value) {
    return new FakeJob(jobId, workflowYaml, runsOn, value, secrets, vars, needs);
  }
}
